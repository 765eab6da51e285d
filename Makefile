# Two commands do all the set-up:  `make lab`  and  `make test`.
# Both create .venv if it is missing and (re)install the pinned requirements and
# course_utils only when requirements.txt or pyproject.toml changed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.course-installed
PIP    := $(BIN)/python -m pip --disable-pip-version-check

.PHONY: help install lab test lint unit notebooks bench env-check clean

help:
	@echo "make lab    set up .venv (first time only) and open JupyterLab on notebooks/"
	@echo "make test   set up .venv, then lint, unit tests and every notebook"
	@echo "make bench  run every notebook once and write bench-results/notebooks.md"
	@echo "make env-check   compare installed versions with requirements.txt"

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; v = sys.version_info[:2]; ok = (3, 10) <= v <= (3, 13); \
	  print("Python %d.%d found. " % v + ("OK" if ok else "This course needs Python 3.10-3.13 (3.11 recommended): run  make PYTHON=python3.11 ...")); \
	  sys.exit(0 if ok else 1)'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install -r requirements.txt
	$(PIP) install --no-deps --no-build-isolation -e . 2>/dev/null || $(PIP) install --no-deps -e .
	@touch $@

install: $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks

lint: $(STAMP)
	$(BIN)/ruff check course_utils tests notebooks conftest.py
	$(BIN)/ruff format --check course_utils tests notebooks conftest.py

unit: $(STAMP)
	$(BIN)/python -m pytest tests course_utils --doctest-modules

notebooks: $(STAMP)
	$(BIN)/python -m pytest --nbval-lax --nbval-current-env notebooks

test: lint unit notebooks

env-check: $(STAMP)
	$(BIN)/python -m course_utils

bench: $(STAMP)
	$(BIN)/python -m course_utils.bench notebooks --output bench-results/notebooks.md
	$(BIN)/python -m course_utils.cnn_benchmark --output bench-results/cnn.md

clean:
	rm -rf $(VENV) bench-results
