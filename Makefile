# The README's commands. `make run` serves the portal with demo data on SQLite;
# `make test` installs what it needs, starts a throwaway PostgreSQL and a throwaway S3-compatible
# server (moto, for the storage tests' buckets) and runs the whole suite.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 8000
# pytest-xdist workers of `make test` (auto: one per CPU), each with its own test database and
# media folder on the one throwaway PostgreSQL; PYTEST_WORKERS=0 runs the suite in one process.
# --dist loadgroup: the tests marked with one xdist_group run on one worker (they share what
# is costly to make once per process, such as the hostile documents of tests/reports/).
PYTEST_WORKERS ?= auto

# Debian packages: Pango for WeasyPrint's PDFs, with libthai and its dictionary (Thai line
# breaking: without libthai-data, Thai breaks only at spaces), Laksaman (TLWG's TH Sarabun New)
# and DejaVu Sans (☐ ☑) for the documents, pg_dump/pg_restore for manage.py backup; Chromium,
# Thai fonts, PostgreSQL 15 and poppler (pdftotext, pdftoppm, pdffonts) for the test suite.
RUN_DEBS  := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-thai-tlwg \
             fonts-tlwg-laksaman-ttf libthai0 libthai-data fonts-dejavu-core postgresql-client-15
TEST_DEBS := $(RUN_DEBS) chromium postgresql-15 poppler-utils

.PHONY: run test drills bench web-quality audit lint format check migrations clean

$(PY):
	scripts/make-venv.sh $(PYTHON) $(VENV)

$(VENV)/.run-installed: pyproject.toml | $(PY)
	scripts/debian-packages.sh $(RUN_DEBS)
	$(PY) -m pip install --quiet --upgrade "pip>=25.1"
	$(PY) -m pip install --quiet --group run
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(PY)
	scripts/debian-packages.sh $(TEST_DEBS)
	$(PY) -m pip install --quiet --upgrade "pip>=25.1"
	$(PY) -m pip install --quiet --group test
	touch $@ $(VENV)/.run-installed

run: $(VENV)/.run-installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	scripts/serve.sh $(PY) $(HOST) $(PORT)

test: $(VENV)/.test-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=ita_portal.settings.test $(PY) manage.py makemigrations --check --dry-run
	ITA_S3_PYTHON=$(PY) scripts/with-postgres.sh scripts/with-s3.sh \
		scripts/pytest.sh $(PY) -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

# Fault drills against a live gunicorn (bench/drills.py): kill -9 in the middle of an upload,
# PostgreSQL restarted under load, a full media disk (a real tmpfs in a private mount namespace),
# two web machines and two task workers on one PostgreSQL and one S3 bucket (a worker killed).
drills: $(VENV)/.test-installed
	ITA_S3_PYTHON=$(PY) scripts/with-postgres.sh scripts/with-s3.sh $(PY) bench/drills.py $(DRILLS)
# What a visitor's browser gets from gunicorn with the production settings (bench/web_quality.py):
# bytes of the public page and a report, layout shift of the mobile progress list; with
# WEB_QUALITY=--lighthouse also Lighthouse's scores (npm install --prefix var/lighthouse lighthouse@12).
web-quality: $(VENV)/.test-installed
	scripts/with-postgres.sh $(PY) bench/web_quality.py $(WEB_QUALITY)

# The scale benchmarks of bench/ (not part of `make test`): a throwaway PostgreSQL, the demo,
# bench/load.py at 1, 100 and 2,000 organisations (seeded by bench/seed.py) with 50 users, then
# bench/pdf.py, then the published PDF and the storage figures on a folder and on a bucket of
# the throwaway S3 server (bench/published.py, bench/storage.py).
# Smaller: make bench BENCH_LEVELS=1,10 BENCH_USERS=5 BENCH_SECONDS=5
bench: $(VENV)/.test-installed
	ITA_S3_PYTHON=$(PY) scripts/with-postgres.sh scripts/with-s3.sh scripts/bench.sh $(PY)

# Known vulnerabilities of the installed packages (pip-audit, in its own venv under var/, so that
# the portal's venv holds only the portal's packages). Needs PyPI's vulnerability data: where it
# cannot be reached, every package is reported "could not be audited" and the target fails.
audit: $(VENV)/.test-installed
	scripts/audit.sh $(PY)

lint: $(VENV)/.test-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.test-installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

migrations: $(VENV)/.run-installed
	$(PY) manage.py makemigrations

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache test-results
