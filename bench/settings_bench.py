"""Settings of the bench servers (``bench/pages_scale.py``): the application's own settings, plus, when
DANGVU_BENCH_QUERIES=1, a middleware that counts each request's SQL queries into the response header
``X-Bench-Queries``. Bench only: load it with DJANGO_SETTINGS_MODULE=settings_bench and ``bench/`` on
sys.path; src/dangvu/settings.py is not changed."""

import os

from dangvu.settings import *  # noqa: F403
from dangvu.settings import MIDDLEWARE

if os.environ.get("DANGVU_BENCH_QUERIES") == "1":
    # First, so that the count covers every query of the request (session, user, grants, the view).
    MIDDLEWARE = ["bench_queries.QueryCountMiddleware", *MIDDLEWARE]
