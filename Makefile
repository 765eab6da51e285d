# Two commands do all the set-up:  `make lab`  and  `make test`.
# Both create .venv if it is missing and (re)install the pinned requirements and
# course_utils only when requirements.txt or pyproject.toml changed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.course-installed
PIP    := $(BIN)/python -m pip --disable-pip-version-check

.PHONY: help install lab test lint unit notebooks bench env-check clean site serve-site site-test \
	grade grade-demo wheelhouse

help:
	@echo "make lab    set up .venv (first time only) and open JupyterLab on notebooks/"
	@echo "            extra options for jupyter lab: make lab LAB_ARGS=\"--no-browser --port 8899\""
	@echo "make test   set up .venv, then lint, unit tests and every notebook"
	@echo "make bench  run every notebook once and write bench-results/notebooks.md"
	@echo "make env-check   compare installed versions with requirements.txt"
	@echo "make site   build the course website (executed notebooks, glossary) into site/"
	@echo "make serve-site  serve site/ to the local network (SITE_PORT=8000)"
	@echo "make site-test   build the site, then check every page in headless Chromium, offline"
	@echo "make grade SUBMISSIONS=folder   grade a class's notebooks into gradebook.csv + feedback/"
	@echo "make grade-demo  build a synthetic class of ten learners in build/demo-class and grade it"
	@echo "make wheelhouse  download every pinned package into wheels/ for offline installs"

# With a wheels/ folder (make wheelhouse), everything installs from it, without any network.
WHEELS := $(if $(wildcard wheels/*.whl),--no-index --find-links wheels)

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; v = sys.version_info[:2]; ok = (3, 10) <= v <= (3, 13); \
	  print("Python %d.%d found. " % v + ("OK" if ok else "This course needs Python 3.10-3.13 (3.11 recommended): run  make PYTHON=python3.11 ...")); \
	  sys.exit(0 if ok else 1)'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(if $(WHEELS),echo "Installing from wheels/ (offline)")
	$(PIP) install $(WHEELS) -r requirements.txt
	$(PIP) install --no-deps --no-build-isolation -e . 2>/dev/null || $(PIP) install $(WHEELS) --no-deps -e .
	@touch $@

install: $(STAMP)

# Jupyter refuses to start as root (Docker, cloud VMs) unless told that it is wanted.
ALLOW_ROOT := $(shell [ "$$(id -u 2>/dev/null)" = 0 ] && echo --allow-root)
LAB_ARGS ?=

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks $(ALLOW_ROOT) $(LAB_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check course_utils tests notebooks website conftest.py
	$(BIN)/ruff format --check course_utils tests notebooks website conftest.py

unit: $(STAMP)
	$(BIN)/python -m pytest tests course_utils website --doctest-modules \
	  --ignore=website/browser_tests --ignore=website/conf.py

notebooks: $(STAMP)
	$(BIN)/python -m pytest --nbval-lax --nbval-current-env notebooks

test: lint unit notebooks

env-check: $(STAMP)
	$(BIN)/python -m course_utils

bench: $(STAMP)
	$(BIN)/python -m course_utils.bench notebooks --output bench-results/notebooks.md
	$(BIN)/python -m course_utils.cnn_benchmark --output bench-results/cnn.md

# The website: sources assembled in build/site-src, notebooks executed offline through
# jupyter-cache (.site-cache/ keeps the results, so a rebuild runs only changed notebooks).
SITE_PORT ?= 8000
SITE_ENV := PYTHONPATH=$(CURDIR)/tests/offline COURSE_HEADLESS=1 COURSE_DATA_DIR=$(CURDIR)/data \
	KERAS_HOME=$(CURDIR)/build/keras-home-empty COURSE_SITE_CACHE=$(CURDIR)/.site-cache \
	COURSE_PROGRESS_FILE=$(CURDIR)/build/site-progress.json

site: $(STAMP)
	$(BIN)/python -m website.glossary
	$(BIN)/python -m website.prepare build/site-src
	@mkdir -p build/keras-home-empty
	@start=$$(date +%s); \
	$(SITE_ENV) $(BIN)/sphinx-build -b html -q -c website -d build/site-doctrees build/site-src site \
	  && echo "site/ built in $$(( $$(date +%s) - start )) s: open site/index.html, or run  make serve-site"

serve-site:
	@test -f site/index.html || { echo "No site yet: run  make site  first."; exit 1; }
	@echo "Serving the course on port $(SITE_PORT); learners open http://<this machine's address>:$(SITE_PORT)/"
	@echo "(this machine: $$(hostname -I 2>/dev/null | cut -d' ' -f1)). Stop with Ctrl+C."
	$(BIN)/python -m http.server $(SITE_PORT) --directory site

site-test: site
	$(BIN)/python -m pytest website/browser_tests -p no:cacheprovider -q

# Grading a class: SUBMISSIONS/<student>/NN_*.ipynb or SUBMISSIONS/<student>__NN_*.ipynb.
GRADEBOOK ?= gradebook.csv
GRADE_TIMEOUT ?= 300
GRADE_ARGS ?=

grade: $(STAMP)
	@test -n "$(SUBMISSIONS)" || { echo "Usage: make grade SUBMISSIONS=folder [GRADEBOOK=gradebook.csv] [GRADE_TIMEOUT=300] [GRADE_ARGS=--variant 1]"; exit 2; }
	$(BIN)/python -m course_utils.grade "$(SUBMISSIONS)" --out "$(GRADEBOOK)" --timeout $(GRADE_TIMEOUT) $(GRADE_ARGS)

# A rehearsal of grading day: ten made-up learners (right and wrong answers, a syntax error,
# an endless loop, a crash, a broken file, ...), graded into build/demo-gradebook.csv.
grade-demo: $(STAMP)
	rm -rf build/demo-class build/demo-gradebook.csv build/demo-feedback
	$(BIN)/python -m course_utils.demo_class build/demo-class
	$(BIN)/python -m course_utils.grade build/demo-class --out build/demo-gradebook.csv --feedback build/demo-feedback --timeout 30

# Every pinned package (and what it needs) as wheels, for laptops without internet. Run it on
# a machine with the same operating system and Python version as the laptops.
wheelhouse:
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) download -r requirements.txt setuptools wheel -d wheels
	@echo "wheels/: $$(ls wheels | wc -l) files, $$(du -sh wheels | cut -f1). Copy the course folder with it;"
	@echo "make lab and make test then install from wheels/ without any network."

clean:
	rm -rf $(VENV) bench-results build site site-test .site-cache
