"""Every page and every API list, timed through HTTP at two sizes of the registry, logged in as each role.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dangvu_bench .venv/bin/python bench/pages_scale.py
    DATABASE_URL=... .venv/bin/python bench/pages_scale.py --large 20000 --small 2000 --reps 3   # smoke run
    DATABASE_URL=... .venv/bin/python bench/pages_scale.py --only '^/sinh-hoat/' --roles office,secretary

On the embedded SQLite database (the same, with files; targets: every page under 500 ms at the large size and a
chi bộ's list ≤ 3 × its time at the small one, issue 17):

    DATABASE_URL=sqlite:////tmp/pages/bench.sqlite3 .venv/bin/python bench/pages_scale.py --large 200000 --reps 3

The database name of DATABASE_URL is a prefix: <name>_plarge and <name>_psmall are dropped and built again
(SQLite: the files <prefix>_plarge.sqlite3 and <prefix>_psmall.sqlite3 beside DATABASE_URL's, the ids beside them)
(kept with --keep; --reuse measures the kept ones without building them again, and keeps them). Each gets `dangvu synth`
(--large / --small members), synthetic activity over its largest province (a review cycle with assessments,
inspections with remedies, disciplines, a year of meetings for every chi bộ with attendance and visits, study
sessions, a document distributed to every chi bộ) and the five users of the demo's pattern: admin, office and
inspection commission on the province, the secretary of one of its chi bộ, a member of that chi bộ. Then both
are served (one WSGI server per database, in child processes, settings `bench/settings_bench.py`, which adds
the per-request query counter) and every page is asked for by each role, the two servers in turn.

What is timed is GENERATED from the routes: Django's URL resolver (GET pages; file downloads, POST-only
views and routes whose parameters cannot be filled are listed as skipped with the reason) and the OpenAPI
document of /api/v1/ (GET operations answering JSON). A page a role may not see (404, 403, a redirect) is
listed, not timed. Each time is the median of --reps runs after one warm-up.

Prints a table (path, role, small ms, large ms, ratio, queries) and, last, one JSON line:
    worst_ratio, worst_path   the largest large/small ratio and its page
    over_target               pages with ratio > 3 or large > 1000 ms (SQLite: large > 500 ms, and the chi bộ
                              lists with ratio > 3)
    cell_list                 (SQLite) the chi bộ lists' times and ratios
    pages                     how many (path, role) pairs were timed
Not part of the test suite.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from pages_routes import API_PREFIX, CELL_LISTS, fill, targets
from pages_world import PASSWORD, ROLES, work_build

HERE = Path(__file__).resolve()
ROOT = HERE.parent.parent
TARGET_RATIO, TARGET_MS = 3.0, 1000.0
SQLITE_TARGET_MS = 500.0  # SQLite at 200 k members; the ratio target there is a chi bộ's list's only


def over_target(rows, sqlite: bool) -> list[dict]:
    """The rows over their target: PostgreSQL ratio > 3 or large > 1 s; SQLite large > 0.5 s or a chi bộ's
    list with ratio > 3."""
    if not sqlite:
        return [r for r in rows if (r["ratio"] or 0) > TARGET_RATIO or r["large_ms"] > TARGET_MS]
    return [r for r in rows if r["large_ms"] > SQLITE_TARGET_MS
            or (r["path"] in CELL_LISTS and (r["ratio"] or 0) > TARGET_RATIO)]

# ------------------------------------------------------------------------------------------ serving, timing


def serve(port: int) -> None:
    """In a child process: one WSGI server on 127.0.0.1:port (settings_bench), one request at a time."""
    from wsgiref.simple_server import WSGIRequestHandler, make_server

    sys.path[:0] = [str(ROOT / "src"), str(HERE.parent)]
    from django.core.wsgi import get_wsgi_application

    class Quiet(WSGIRequestHandler):
        def log_message(self, *a):
            pass

    import logging
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")  # static files are not served here
    app = get_wsgi_application()
    logging.getLogger("django.request").setLevel(logging.ERROR)  # the 404s of roles out of scope are expected
    with make_server("127.0.0.1", port, app, handler_class=Quiet) as httpd:
        print(f"serving on {port}", flush=True)
        httpd.serve_forever()


def start_server(url: str, port: int) -> subprocess.Popen:
    import requests

    env = dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="settings_bench", DANGVU_DEBUG="0",
               DANGVU_BENCH_QUERIES="1", PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(HERE.parent)]))
    proc = subprocess.Popen([sys.executable, str(HERE), "--worker", "serve", "--port", str(port)], env=env, cwd=ROOT)
    for _ in range(600):
        try:
            requests.get(f"http://127.0.0.1:{port}/dang-nhap/", timeout=5)
            return proc
        except requests.ConnectionError:
            if proc.poll() is not None:
                raise SystemExit(f"server on {port} stopped ({proc.returncode})") from None
            time.sleep(0.5)
    raise SystemExit(f"server on {port} does not answer")


def login(base: str, username: str):
    """A requests session logged in through the login page, and an API token, for one user."""
    import requests

    s = requests.Session()
    page = s.get(f"{base}/dang-nhap/", timeout=60)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    r = s.post(f"{base}/dang-nhap/", data={"username": username, "password": PASSWORD,
                                            "csrfmiddlewaretoken": token},
               headers={"Referer": f"{base}/dang-nhap/"}, allow_redirects=False, timeout=60)
    if r.status_code != 302:
        raise SystemExit(f"{username} cannot log in at {base} ({r.status_code})")
    r = requests.post(f"{base}/api/v1/auth/token", json={"username": username, "password": PASSWORD}, timeout=60)
    s.api_token = r.json()["token"]
    return s


def get(session, base: str, url: str):
    """(status, ms, queries) of one GET."""
    headers = {"Authorization": f"Bearer {session.api_token}"} if url.startswith(API_PREFIX) else {}
    start = time.perf_counter()
    r = session.get(base + url, headers=headers, allow_redirects=False, timeout=600)
    _ = r.content
    ms = (time.perf_counter() - start) * 1000
    return r.status_code, ms, int(r.headers.get("X-Bench-Queries", "-1"))


_MEDIAN = {}


def median_cursor(db: str) -> str:
    """A cursor at the middle of the registry's alphabet: the position before the members bearing the
    median sort key (a cursor is a position, not a record: any role's list continues from there)."""
    if db not in _MEDIAN:
        sql = ("SELECT sort_key FROM members_member ORDER BY sort_key"
               " LIMIT 1 OFFSET (SELECT count(*) / 2 FROM members_member)")
        if db.startswith("sqlite:"):
            import sqlite3

            with sqlite3.connect(urllib.parse.urlparse(db).path.replace("//", "/", 1)) as conn:
                _MEDIAN[db] = conn.execute(sql).fetchone()[0] + ".0"
        else:
            import psycopg

            with psycopg.connect(db.replace("postgres://", "postgresql://", 1)) as conn:
                _MEDIAN[db] = conn.execute(sql).fetchone()[0] + ".0"
    return _MEDIAN[db]


def deep(session, base: str, url: str, db: str) -> str:
    """url with {middle_page} (page n/2 of the list, read from its first page) and {middle_after} (a cursor
    at the middle of the alphabet, as a "Trang sau ›" link there carries one) filled."""
    if "{middle_page}" not in url:
        return url
    api = url.startswith(API_PREFIX)
    headers = {"Authorization": f"Bearer {session.api_token}"} if api else {}
    first = session.get(base + url.split("?")[0], headers=headers, timeout=600)
    if api:
        body = first.json()
        pages = -(-body["count"] // max(1, len(body["items"])))
    else:
        found = re.search(r"Trang 1 / (\d+)", first.text)
        pages = int(found.group(1)) if found else 1  # one page: no page links
    url = url.replace("{middle_page}", str(max(1, pages // 2)))
    return url.replace("{middle_after}", urllib.parse.quote(median_cursor(db)))


def measure(todo, ids, sessions, bases, reps, dbs):
    """Time every (route, role): one warm-up then reps runs, small and large in turn. Answers (rows, not timed)."""
    rows, refused = [], []
    for route, role in todo:
        urls = {}
        for label in ("small", "large"):
            url, why = fill(route, ids[label][role])
            if url is None:
                refused.append((route, role, why))
                break
            try:
                urls[label] = deep(sessions[label][role], bases[label], url, dbs[label])
            except (OSError, ValueError, KeyError, AttributeError) as exc:  # no list, no link to follow
                refused.append((route, role, f"no deep page: {type(exc).__name__}"))
                break
        else:
            try:
                first = {label: get(sessions[label][role], bases[label], urls[label]) for label in ("small", "large")}
            except OSError as exc:  # requests' errors are OSErrors: a timeout, a server gone
                refused.append((route, role, f"no answer: {type(exc).__name__}"))
                continue
            if any(f[0] != 200 for f in first.values()):
                refused.append((route, role, f"answers {first['small'][0]} / {first['large'][0]}"))
                continue
            times = {"small": [], "large": []}
            queries = {label: first[label][2] for label in first}
            for _ in range(reps):
                for label in ("small", "large"):
                    _status, ms, q = get(sessions[label][role], bases[label], urls[label])
                    times[label].append(ms)
                    queries[label] = q
            small, large = statistics.median(times["small"]), statistics.median(times["large"])
            rows.append({"path": route, "role": role, "url": urls["large"], "small_ms": round(small, 1),
                         "large_ms": round(large, 1), "ratio": round(large / small, 2) if small else None,
                         "queries_small": queries["small"], "queries_large": queries["large"]})
            r = rows[-1]
            print(f"{route[:58]:58} {role:10} {r['small_ms']:9.1f} {r['large_ms']:9.1f} {r['ratio']:6.2f} "
                  f"{r['queries_small']:4d}/{r['queries_large']:<4d}", flush=True)
    return rows, refused


# ------------------------------------------------------------------------------------------ main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--provinces", type=int, default=0, help="synth provinces (0: synth's default for the size)")
    parser.add_argument("--roles", default=",".join(ROLES))
    parser.add_argument("--only", help="a regular expression: time only the routes it finds")
    parser.add_argument("--port", type=int, default=8147, help="the small server's port; the large one's is +1")
    parser.add_argument("--keep", action="store_true", help="keep the two databases")
    parser.add_argument("--reuse", action="store_true", help="measure the databases kept by an earlier --keep")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--members", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker == "serve":
        return serve(args.port)
    # This tree's code, in this process and in its children (the migration, the build workers), never an
    # installed copy of dangvu from another checkout.
    sys.path[:0] = [str(ROOT / "src"), str(HERE.parent), str(ROOT)]
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))
    import common

    if args.worker == "build":
        return common.serve_worker(work_build, args)
    roles = [r for r in args.roles.split(",") if r]
    base, prefix = common.database_prefix()
    sqlite = common.is_sqlite(base)
    started = time.perf_counter()
    ids, urls = {}, {}
    for label, members in (("large", args.large), ("small", args.small)):
        name = f"{prefix}_p{label}"
        urls[label] = common.db_url(base, name)
        saved = (Path(urls[label][len(common.SQLITE):]).parent if sqlite else ROOT / "var") / f"{name}.ids.json"
        # the field key the data was encrypted with (a denouncer's identity), kept beside the ids: a run that
        # reuses the databases decrypts with it (a new key per run answered 500, InvalidToken)
        key_file = saved.with_suffix(".field_keys")
        if args.reuse and saved.exists():
            ids[label] = json.loads(saved.read_text())
            if key_file.exists():
                os.environ["DANGVU_FIELD_KEYS"] = key_file.read_text().strip()
            continue
        print(f"== {label}: {members:,} members into {name}", flush=True)
        common.fresh_database(base, name)
        ids[label] = common.run_worker(HERE, urls[label], "--worker", "build", "--members", str(members),
                                       "--seed", str(args.seed), "--provinces", str(args.provinces))
        saved.parent.mkdir(exist_ok=True)
        saved.write_text(json.dumps(ids[label]))
        key_file.write_text(os.environ["DANGVU_FIELD_KEYS"])
        key_file.chmod(0o600)
    build_seconds = time.perf_counter() - started
    os.environ["DJANGO_SETTINGS_MODULE"] = "dangvu.settings"
    os.environ["DATABASE_URL"] = urls["small"]
    import django

    django.setup()
    todo, skipped = targets(roles, args.only)
    servers, bases = {}, {}
    try:
        for i, label in enumerate(("small", "large")):
            bases[label] = f"http://127.0.0.1:{args.port + i}"
            servers[label] = start_server(urls[label], args.port + i)
        sessions = {label: {role: login(bases[label], role) for role in roles} for label in bases}
        print(f"\n{'path':58} {'role':10} {'small ms':>9} {'large ms':>9} {'ratio':>6} queries (small/large)")
        rows, refused = measure(todo, ids, sessions, bases, args.reps, urls)
    finally:
        for proc in servers.values():
            proc.terminate()
            proc.wait()
        if not (args.keep or args.reuse):  # a pair measured again stays (it was kept to be)
            for label in ("large", "small"):
                common.drop_database(base, f"{prefix}_p{label}")
    print("\nskipped routes:")
    for route, why in sorted(skipped.items()):
        print(f"  {route}: {why}")
    print("not timed (route: role why, ...):")
    grouped = {}
    for route, role, why in refused:
        grouped.setdefault(route, []).append(f"{role} {why}")
    for route, whys in grouped.items():
        print(f"  {route}: " + "; ".join(whys))
    over = over_target(rows, sqlite)
    print("\nslowest (large ms): ")
    for r in sorted(rows, key=lambda r: -r["large_ms"])[:15]:
        print(f"  {r['path']} [{r['role']}] {r['large_ms']} ms (x{r['ratio']}, {r['queries_large']} queries)")
    worst = max(rows, key=lambda r: r["ratio"] or 0) if rows else None
    result = {
        "worst_ratio": worst["ratio"] if worst else None,
        "worst_path": f"{worst['path']} [{worst['role']}]" if worst else None,
        "over_target": [{"path": r["path"], "role": r["role"], "ratio": r["ratio"], "large_ms": r["large_ms"],
                         "queries": r["queries_large"]} for r in over],
        "pages": len(rows),
        "not_timed": len(refused),
        "skipped_routes": len(skipped),
        "members_large": ids["large"].get("_root_members"), "members_small": ids["small"].get("_root_members"),
        "large": args.large, "small": args.small, "reps": args.reps,
        **({"database": "sqlite", "target_ms": SQLITE_TARGET_MS,
            "cell_list": [{"path": r["path"], "role": r["role"], "small_ms": r["small_ms"], "large_ms": r["large_ms"],
                           "ratio": r["ratio"]} for r in rows if r["path"] in CELL_LISTS]} if sqlite else {}),
        "build_seconds": round(build_seconds, 1), "wall_seconds": round(time.perf_counter() - started, 1),
    }
    print(json.dumps(result, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
