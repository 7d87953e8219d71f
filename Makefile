# dangvu: make demo | make test | make test-pg | make lint
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres
PYTEST_ARGS ?=
# pytest-xdist workers for the main run and the dated runs (2: the CI machines' cores); files stay whole on one
# worker (--dist loadfile: module fixtures such as the route matrix's world are built once). 0 runs in one process.
PYTEST_WORKERS ?= 2
XDIST := $(if $(filter-out 0 1,$(PYTEST_WORKERS)),-n $(PYTEST_WORKERS) --dist loadfile)
# COV=1: measure branch coverage of the main pytest run against the floor in pyproject.toml (CI does it on SQLite;
# coverage's tracer doubles the run's time on Python 3.11)
COV ?=
# The demo-based and deadline tests (marked `dated` in tests/conftest.py) run again with the clock on each of
# TEST_DATES (make test-dates). On PostgreSQL the test databases the main run created (--reuse-db --create-db) are
# reused by the dated runs (--reuse-db): no second migration of every app.
TEST_DATES ?= 2027-01-01 2028-02-29 2026-12-31
LINT_PATHS := $(wildcard src tests bench)
STAMP_INSTALL := $(VENV)/.dangvu-install
STAMP_TEST := $(VENV)/.dangvu-install-test
# The demo's secret key: generated once into var/ (never in the repository); outside DEBUG the server
# refuses to start without DANGVU_SECRET_KEY or DANGVU_SECRET_KEY_FILE.
DEMO_KEY := var/secret_key
# the demo's key for denouncers' identities (Fernet), made once like the secret key; production sets its own
DEMO_FIELD_KEYS := var/field_keys
DEMO_ENV := DANGVU_SECRET_KEY_FILE=$${DANGVU_SECRET_KEY_FILE:-$(CURDIR)/$(DEMO_KEY)} \
	DANGVU_FIELD_KEYS=$${DANGVU_FIELD_KEYS:-$$(cat $(CURDIR)/$(DEMO_FIELD_KEYS))}

.PHONY: help venv install install-test demo test test-dates test-pg browser-deps lint lock clean

help:
	@echo "make demo          create .venv, install, migrate var/dangvu.sqlite3, load demo data, serve on http://$(HOST):$(PORT)"
	@echo "                   with the background worker (dangvu worker) beside the server; Ctrl-C stops both"
	@echo "make test          ruff + lint-imports + the whole pytest suite (PostgreSQL when DATABASE_URL is set)"
	@echo "make test-pg       make test with DATABASE_URL=$(PG_URL)"
	@echo "make test-dates    the demo and deadline tests with the clock on $(TEST_DATES)"
	@echo "make lint          ruff check $(LINT_PATHS) + lint-imports (the layers in pyproject.toml)"
	@echo "make browser-deps  Debian's chromium + chromium-driver for the browser tests (root only)"
	@echo "make lock          regenerate requirements.lock from a clean venv"

venv: $(BIN)/python

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.11 is required (Debian 12: apt-get install python3 python3-venv)"; exit 1; }
	@if ! $(PYTHON) -m venv $(VENV) 2>/dev/null; then \
		rm -rf $(VENV); \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "python3-venv is missing: installing it with apt-get"; \
			DEBIAN_FRONTEND=noninteractive apt-get install -y python3-venv \
				|| { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y python3-venv; }; \
			$(PYTHON) -m venv $(VENV); \
		else \
			echo "Cannot create $(VENV): install python3-venv (sudo apt-get install python3-venv)"; exit 1; \
		fi; \
	fi
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(STAMP_INSTALL)

$(STAMP_INSTALL): $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet -e .
	@touch $@

install-test: $(STAMP_TEST)

$(STAMP_TEST): $(STAMP_INSTALL)
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

demo: install
	@mkdir -p var/static
	@test -s $(DEMO_KEY) || (umask 077 && $(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))' > $(DEMO_KEY))
	@test -s $(DEMO_FIELD_KEYS) || (umask 077 && $(BIN)/python -c \
		'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())' > $(DEMO_FIELD_KEYS))
	$(DEMO_ENV) $(BIN)/dangvu migrate --noinput
	$(DEMO_ENV) $(BIN)/dangvu demo
	@echo
	@echo "  dangvu: http://$(HOST):$(PORT)"
	@echo "  Tài khoản / logins (mật khẩu / password: demo):"
	@echo "    admin     quản trị hệ thống / system administrator"
	@echo "    vanphong  văn phòng Đảng ủy Khối (toàn bộ cấp dưới) / party committee office, whole sub-tree"
	@echo "    ubkt      Ủy ban Kiểm tra Đảng ủy Khối / inspection commission, whole sub-tree"
	@echo "    bithu     Bí thư Chi bộ I Văn phòng Sở / secretary of one party cell"
	@echo "    dangvien  đảng viên Chi bộ II / party member"
	@echo "  Trình chạy nền / background worker: dangvu worker (dừng cùng máy chủ / stops with the server, Ctrl-C)"
	@echo
	@# The worker runs beside the server; Ctrl-C (or the server stopping) stops both, the worker cleanly (SIGTERM).
	@trap 'kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEMO_ENV) $(BIN)/dangvu worker & worker=$$!; \
	$(DEMO_ENV) $(BIN)/dangvu runserver $(HOST):$(PORT)

# Never fails: without Chromium the browser tests skip and say why.
browser-deps:
	@if [ -x /usr/bin/chromium ]; then \
		echo "browser-deps: /usr/bin/chromium present"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "browser-deps: installing Debian's chromium and chromium-driver"; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get install -y chromium chromium-driver \
			|| { apt-get update && apt-get install -y chromium chromium-driver; } \
			|| echo "browser-deps: NOTE apt-get failed; the browser tests will be skipped"; \
	else \
		echo "browser-deps: NOTE /usr/bin/chromium is missing and we are not root;"; \
		echo "  run 'sudo apt-get install chromium chromium-driver', or the browser tests will be skipped"; \
	fi

lint: install-test
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/lint-imports --no-logo

# ruff, import-linter (the layers) and pytest all run; any failing fails the target. pytest's exit code 5
# (no tests collected) is a failure too.
test: install-test browser-deps
	@mkdir -p var/static
	@echo "test: database $${DATABASE_URL:-sqlite (in memory)}"
	@ruff_rc=0; $(BIN)/ruff check $(LINT_PATHS) || ruff_rc=$$?; \
	layers_rc=0; $(BIN)/lint-imports --no-logo || layers_rc=$$?; \
	pytest_rc=0; $(BIN)/pytest -p no:cacheprovider $(XDIST) --reuse-db --create-db $(if $(COV),--cov --cov-report=term:skip-covered) $(PYTEST_ARGS) || pytest_rc=$$?; \
	if [ $$pytest_rc -eq 5 ]; then echo "test: FAIL pytest collected no tests"; fi; \
	dates_rc=0; $(MAKE) --no-print-directory test-dates || dates_rc=$$?; \
	if [ $$ruff_rc -ne 0 ]; then echo "test: FAIL ruff (exit $$ruff_rc)"; fi; \
	if [ $$layers_rc -ne 0 ]; then echo "test: FAIL import-linter (exit $$layers_rc)"; fi; \
	if [ $$pytest_rc -ne 0 ] && [ $$pytest_rc -ne 5 ]; then echo "test: FAIL pytest (exit $$pytest_rc)"; fi; \
	if [ $$dates_rc -ne 0 ]; then echo "test: FAIL tests on other dates (exit $$dates_rc)"; fi; \
	[ $$ruff_rc -eq 0 ] && [ $$layers_rc -eq 0 ] && [ $$pytest_rc -eq 0 ] && [ $$dates_rc -eq 0 ]

# The suite's clock is fixed (tests/conftest.py); these runs move it to a New Year's Day, a leap day and a
# New Year's Eve for the tests whose data or deadlines hang on the day.
test-dates: install-test
	@rc=0; for day in $(TEST_DATES); do \
		echo "test-dates: clock on $$day"; \
		DANGVU_TEST_TODAY=$$day $(BIN)/pytest -p no:cacheprovider -q $(XDIST) --reuse-db -m "dated and not browser" || rc=$$?; \
	done; [ $$rc -eq 0 ]

test-pg:
	DATABASE_URL=$(PG_URL) $(MAKE) test

lock:
	rm -rf /tmp/dangvu-lock-venv
	$(PYTHON) -m venv /tmp/dangvu-lock-venv
	/tmp/dangvu-lock-venv/bin/pip install --quiet --upgrade pip
	/tmp/dangvu-lock-venv/bin/pip install --quiet '.[test]'
	{ echo "# Pinned dependencies of dangvu (runtime + [test] extra), Python 3.11."; \
	  echo "# Regenerate: make lock  (pip freeze of a clean venv with '.[test]', the project itself excluded)"; \
	  /tmp/dangvu-lock-venv/bin/pip freeze --exclude dangvu; } > requirements.lock
	rm -rf /tmp/dangvu-lock-venv

clean:
	rm -rf build src/*.egg-info tests/artifacts
