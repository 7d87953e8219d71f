"""Settings come from the environment; SQLite under var/ is the default."""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(os.environ.get("DANGVU_HOME", Path.cwd()))
VAR_DIR = Path(os.environ.get("DANGVU_VAR", PROJECT_DIR / "var"))

DEBUG = os.environ.get("DANGVU_DEBUG", "0") == "1"
# pytest-django imports these settings inside the test run, before any conftest can set the environment.
TESTING = "pytest" in sys.modules


def _env_flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in ("1", "true", "yes", "on")


def _secret_key() -> str:
    """DANGVU_SECRET_KEY, or the content of the file named by DANGVU_SECRET_KEY_FILE; a development value
    only with DEBUG on or inside the test suite; otherwise the server refuses to start."""
    key = os.environ.get("DANGVU_SECRET_KEY", "").strip()
    path = os.environ.get("DANGVU_SECRET_KEY_FILE", "").strip()
    if not key and path:
        try:
            key = Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"DANGVU_SECRET_KEY_FILE={path}: không đọc được tệp khóa bí mật ({exc}).")
    if key:
        return key
    if TESTING:
        # Child processes started by a test (python -m dangvu …) inherit the same value.
        return os.environ.setdefault("DANGVU_SECRET_KEY", "tests-only-insecure-key")
    if DEBUG:
        return "dev-only-insecure-key-change-me"
    raise ImproperlyConfigured(
        "Chưa đặt khóa bí mật: đặt biến môi trường DANGVU_SECRET_KEY (hoặc DANGVU_SECRET_KEY_FILE, đường dẫn tới "
        "tệp chứa khóa), ví dụ python3 -c 'import secrets; print(secrets.token_urlsafe(50))'; chỉ khi phát triển "
        "mới dùng DANGVU_DEBUG=1. / No secret key: set DANGVU_SECRET_KEY (or DANGVU_SECRET_KEY_FILE); "
        "a development key is used only with DANGVU_DEBUG=1."
    )


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = os.environ.get("DANGVU_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "dangvu.core",
    "dangvu.organizations",
    "dangvu.members",
    "dangvu.reviews",
    "dangvu.inspections",
    "dangvu.discipline",
    "dangvu.meetings",
    "dangvu.studies",
    "dangvu.documents",
    "dangvu.congresses",
    "dangvu.accounts",
    "dangvu.quality",
    "dangvu.development",
    "dangvu.dues",
    "dangvu.reports",
    "dangvu.imports",
    "dangvu.api",
    "dangvu.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "dangvu.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "dangvu.core.middleware.ContentSecurityPolicyMiddleware",
    # Last: turns a login refused by the lockout into the Vietnamese lockout answer (page or JSON).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dangvu.urls"
WSGI_APPLICATION = "dangvu.wsgi.application"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dangvu.core.context_processors.navigation",
                "dangvu.core.context_processors.features",
            ],
        },
    },
]

_sqlite_path = VAR_DIR / "dangvu.sqlite3"
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{_sqlite_path}", conn_max_age=int(os.environ.get("DANGVU_CONN_MAX_AGE", "0"))
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
        }
    )
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("DANGVU_TEST_SQLITE", ":memory:")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Fernet keys of the fields encrypted at rest (a denouncer's identity), comma-separated: the first
# encrypts, all decrypt; rotation with `dangvu rotate_field_keys` (dangvu.core.crypto). Required
# unless DEBUG or tests, which fall back to an insecure development key.
FIELD_KEYS = [k.strip() for k in os.environ.get("DANGVU_FIELD_KEYS", "").split(",") if k.strip()]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["dangvu.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

# --- Logins: lockout, password rules, session length ------------------------------------------------------
# Lockout (django-axes): after DANGVU_LOGIN_FAILURE_LIMIT failures of one username from one address, that
# pair is refused for DANGVU_LOGIN_COOLOFF_MINUTES, on the login page and on POST /api/v1/auth/token alike.
# The administrator unlocks earlier in the admin (Axes › Access attempts: delete the row) or with
# `dangvu axes_reset_username <username>` (`axes_reset_ip <address>`, `axes_reset` for everything).
AUTHENTICATION_BACKENDS = [
    "dangvu.core.backends.LockoutBackend",  # refuses a locked-out pair before any password is checked
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("DANGVU_LOGIN_FAILURE_LIMIT", "5"))
_cooloff_minutes = int(os.environ.get("DANGVU_LOGIN_COOLOFF_MINUTES", "30"))
AXES_COOLOFF_TIME = timedelta(minutes=_cooloff_minutes) if _cooloff_minutes > 0 else None  # 0: until unlocked
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "dangvu.core.views.lockout"
AXES_CLIENT_IP_CALLABLE = "dangvu.core.backends.client_ip"
AXES_USERNAME_CALLABLE = "dangvu.core.backends.lockout_username"
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "dangvu.core.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

SESSION_COOKIE_AGE = int(float(os.environ.get("DANGVU_SESSION_HOURS", "8")) * 3600)

# --- HTTPS and headers (python -m dangvu check --deploy answers each from the environment) -----------------
SECURE_HSTS_SECONDS = int(os.environ.get("DANGVU_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_flag("DANGVU_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = _env_flag("DANGVU_HSTS_PRELOAD")
SECURE_SSL_REDIRECT = _env_flag("DANGVU_SSL_REDIRECT")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _env_flag("DANGVU_SECURE_COOKIES")
# Behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto (and appends X-Forwarded-For).
BEHIND_PROXY = _env_flag("DANGVU_BEHIND_PROXY")
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("DANGVU_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
# Inline event handlers and style attributes in the templates, and htmx's hx-on (compiled with Function),
# need 'unsafe-inline' and 'unsafe-eval'; everything is still loaded from this server only.
CONTENT_SECURITY_POLICY = os.environ.get(
    "DANGVU_CSP",
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'",
).strip()

# --- Background jobs (dangvu.core.jobs, docs/jobs.md) -------------------------------------------------------
# The database backend by default (no broker: the embedded SQLite setup works as it is; `dangvu worker` runs
# the queued tasks). DANGVU_TASKS=rq puts them on Redis through RQ (several worker machines, one queue),
# at DANGVU_REDIS_URL.
TASKS_BACKEND = os.environ.get("DANGVU_TASKS", "db").strip().lower() or "db"
REDIS_URL = os.environ.get("DANGVU_REDIS_URL", "redis://127.0.0.1:6379/0").strip()
if TASKS_BACKEND not in ("db", "rq"):
    raise ImproperlyConfigured(f"DANGVU_TASKS={TASKS_BACKEND}: chỉ nhận 'db' hoặc 'rq' / only 'db' or 'rq'.")
if TASKS_BACKEND == "rq" and not TESTING:  # the suite runs jobs on the database (tests/conftest.py `run_jobs`)
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    INSTALLED_APPS.insert(INSTALLED_APPS.index("django_tasks_db") + 1, "django_rq")
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# django-rq's queues (read by the RQ backend only; connecting is lazy, so the database setup never touches Redis).
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": int(os.environ.get("DANGVU_JOB_TIMEOUT", "3600"))}}
# A member export above this many rows runs as a background job (a progress bar, then a download link).
EXPORT_JOB_THRESHOLD = int(os.environ.get("DANGVU_EXPORT_JOB_THRESHOLD", "5000"))
# Limits of one uploaded workbook for the spreadsheet import (dangvu.imports.reading).
DANGVU_IMPORT_MAX_BYTES = int(os.environ.get("DANGVU_IMPORT_MAX_BYTES", str(50 * 1024 * 1024)))
DANGVU_IMPORT_MAX_ROWS = int(os.environ.get("DANGVU_IMPORT_MAX_ROWS", "500000"))
# days an import checked but never written (or failed) is kept, with its uploaded file, before the worker's
# housekeeping (or `dangvu imports_purge`) drops it
DANGVU_IMPORT_KEEP_DAYS = int(os.environ.get("DANGVU_IMPORT_KEEP_DAYS", "30"))
# how far an uploaded spreadsheet may expand once decompressed (read as a stream; 100 000 members ≈ 60 MB)
DANGVU_IMPORT_MAX_UNPACKED_BYTES = int(os.environ.get("DANGVU_IMPORT_MAX_UNPACKED_BYTES", str(512 * 1024 * 1024)))
# Finished jobs and their result files are deleted after this many days (the worker's housekeeping); 0 keeps them.
JOB_KEEP_DAYS = int(os.environ.get("DANGVU_JOB_KEEP_DAYS", "7"))
# `dangvu worker` does its housekeeping (the two above, the month-end figures, stale data-quality counts) when it
# starts and then every this many hours; 0: only at start
UPKEEP_HOURS = float(os.environ.get("DANGVU_UPKEEP_HOURS", "1"))
# ... and its heavy work (the data-quality recount, a pass over the whole registry) only in these hours, local time:
# "18-7" = from 18:00 to before 07:00; empty: at any hour
UPKEEP_HEAVY_HOURS = os.environ.get("DANGVU_UPKEEP_HEAVY_HOURS", "18-7")

PAGE_SIZE = 25
API_TOKEN_TTL_HOURS = int(os.environ.get("DANGVU_API_TOKEN_TTL_HOURS", "12"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DANGVU_LOG_LEVEL", "WARNING")},
}
