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
	$(PIP) install -e '.[translate,cluster,test]'
	touch $@

site: $(VENV)/.installed
	$(BIN)/digest build

serve: $(VENV)/.installed
	$(BIN)/mkdocs serve

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The browser tests drive Debian's Chromium; installed here when missing and permitted.
CHROMIUM ?= /usr/bin/chromium
APT := DEBIAN_FRONTEND=noninteractive apt-get -qq -o=Dpkg::Use-Pty=0
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ]; then $(APT) update && $(APT) install -y chromium >/dev/null; \
	elif sudo -n true 2>/dev/null; then sudo $(APT) update && sudo $(APT) install -y chromium >/dev/null; \
	else echo "The browser tests need Chromium: apt-get install chromium (as root)." >&2; exit 1; fi

# axe-core, for the accessibility tests: from npm, at the version tests/package-lock.json pins.
AXE := tests/node_modules/axe-core/axe.min.js
$(AXE): tests/package.json tests/package-lock.json
	npm ci --prefix tests --no-audit --no-fund --loglevel=error
	touch $@

test: lint $(AXE) | $(CHROMIUM)
	$(BIN)/pytest

clean:
	rm -rf site $(VENV)
