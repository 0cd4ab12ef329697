# actfuncs: two commands — `make book` and `make test`. See README.md.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
VENDOR  := vendor/.versions
BUILD   := _build/html
JB      := $(BIN)/jupyter-book
# One BLAS thread: the small matrices here run faster without thread start-up, and the
# notebooks' numbers do not depend on how many cores the machine has.
export OPENBLAS_NUM_THREADS ?= 1
export OMP_NUM_THREADS ?= 1
NOTEBOOKS := $(shell find chapters -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*' 2>/dev/null)

.PHONY: book test lab execute clean python-version chromium help
.DEFAULT_GOAL := help

help:
	@echo "make book     set up .venv and build the HTML book into $(BUILD)"
	@echo "make test     set up, build, then run every test (unit, nbval, browser, JupyterLab)"
	@echo "make lab      open chapters/ in JupyterLab"
	@echo "make execute  re-execute every notebook in place (refresh committed outputs)"
	@echo "make clean    remove the build and caches (keeps .venv)"

python-version:
	@$(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null || { \
	  echo "actfuncs needs Python 3.11 or newer; '$(PY)' is $$($(PY) --version 2>&1 || echo missing)."; \
	  echo "Run with a newer interpreter, e.g. 'make book PY=python3.11'."; exit 1; }

$(STAMP): pyproject.toml constraints.txt | python-version
	@[ -x $(BIN)/python ] || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[book,test,lab,fast]'
	@touch $@

$(VENDOR): tools/vendor_assets.sh
	bash tools/vendor_assets.sh

book: python-version $(STAMP) $(VENDOR)
	@rm -rf _build/.doctrees
	$(JB) build . --path-output . -W -n --keep-going
	@echo "The book is at $(CURDIR)/$(BUILD)/index.html"

chromium: $(STAMP)
	@$(BIN)/python tools/ensure_chromium.py

test: book chromium
	$(BIN)/python -m pytest -W error -p no:cacheprovider tests $(NOTEBOOKS) \
	  --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

lab: python-version $(STAMP)
	$(BIN)/jupyter lab chapters/

execute: python-version $(STAMP)
	$(BIN)/python tools/execute_notebooks.py $(NOTEBOOKS)

clean:
	rm -rf _build .pytest_cache .hypothesis .jupyter_cache
