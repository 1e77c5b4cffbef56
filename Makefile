# Two commands for a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --quiet --disable-pip-version-check
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test lint serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# PyTorch's CPU build goes in before argostranslate, which would otherwise pull a CUDA build.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install torch==2.13.0
	$(PIP) install -e '.[translate,test]'
	touch $@

site: $(VENV)/.installed
	$(BIN)/digest build

serve: $(VENV)/.installed
	$(BIN)/mkdocs serve

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

clean:
	rm -rf site $(VENV)
