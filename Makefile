# Every target bootstraps .venv itself: on a fresh clone, `make demo` and `make test` are all
# the set-up there is.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Third-party readers that judge our WARCs. pywb pins old redis and cryptography, so it
# lives in a venv of its own, never in the project's.
TOOLS ?= .tools-venv

.PHONY: demo test lint bench install clean system-packages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	# The system pip (23.2) has a resolver bug with lxml[html-clean]: upgrade it first.
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

$(TOOLS)/.installed:
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --upgrade pip
	$(TOOLS)/bin/python -m pip install --quiet 'pywb>=2.8'
	touch $@

install: $(VENV)/.installed

# Debian packages (PostgreSQL, poppler, Tesseract + vie, antiword, catdoc, unar, DejaVu): installed when
# missing; as root in CI, else it says what to install.
system-packages:
	bash scripts/system-packages.sh

demo: $(VENV)/.installed
	$(BIN)/vnarchive demo

test: system-packages $(VENV)/.installed-test $(TOOLS)/.installed
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -n auto --dist loadfile

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: $(VENV)/.installed-test system-packages
	$(BIN)/python bench/crawl.py --repeat 3 --backends sqlite postgresql
	$(BIN)/python bench/recrawl.py
	$(BIN)/python bench/extraction.py
	$(BIN)/python bench/documents.py
	$(BIN)/python bench/search.py
	$(BIN)/python bench/crawl_scale.py
	$(BIN)/python bench/archive_ops.py
	$(BIN)/python bench/hostile.py
	$(BIN)/python bench/web.py
	$(BIN)/python bench/nearduplicates.py

clean:
	rm -rf $(VENV) $(TOOLS) data/demo .pytest_cache
