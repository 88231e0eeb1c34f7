# Computational text analysis of Chinese policing-reform documents.
# `make` or `make help` lists the targets. Everything runs inside .venv, which is
# (re)built from the pinned requirements whenever one of them changes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Every process gets a fixed hash seed and a non-interactive matplotlib backend.
# Notebook kernels use matplotlib's inline backend instead (Agg rendering plus
# automatic display of figures, which plt.show() in a notebook needs): the runner
# and conftest.py set it for the kernels they start, and `lab` below does too.
export PYTHONHASHSEED := 0
export MPLBACKEND := Agg
# One BLAS thread per process (as helpers.series.runner.SINGLE_THREADED gives kernels):
# the parallelism is a process per core, and BLAS threads on top oversubscribe the cores.
export OPENBLAS_NUM_THREADS := 1
export OMP_NUM_THREADS := 1
export MKL_NUM_THREADS := 1
KERNEL_MPLBACKEND := module://matplotlib_inline.backend_inline

NOTEBOOKS = $(wildcard notebooks/*.ipynb)
# Scripts written first (no .ipynb yet): `make sync` creates their notebooks.
NEW_SCRIPTS = $(filter-out $(NOTEBOOKS:.ipynb=.py),$(wildcard notebooks/[0-9][0-9]_*.py))

.DEFAULT_GOAL := help
.PHONY: help venv run book test lab notebooks sync lint clean

help: ## List the targets (this text)
	@echo "Usage: make TARGET"
	@grep -E '^[a-zA-Z_-]+:.*## ' $(firstword $(MAKEFILE_LIST)) \
	  | awk 'BEGIN {FS = ":.*## "}; {printf "  %-10s %s\n", $$1, $$2}'

venv: $(STAMP) ## Create .venv and install the pinned requirements and this package

# The pins are installed with uv (from PyPI, itself pinned here) when it can: on a fresh
# 2-core machine it builds the same 179 packages as pip in 28 s instead of 71 s
# (benchmarks/results/venv_build.csv). If uv cannot be installed or fails, pip does it.
# uv itself goes into .venv/.uv (pip --target: nothing outside .venv is touched); it makes
# the venv too (`uv venv --seed`: with pip, 0.1 s instead of 3.7 s for `python -m venv`)
# and installs this package (1 s instead of pip's 3.6 s).
# --compile-bytecode: uv, unlike pip, writes no .pyc files by default, and where
# PYTHONDONTWRITEBYTECODE is set (as on this project's machines) Python never writes
# them either, so every process (each kernel, test worker, subprocess) would compile
# the whole stack from source again: 3.9 s instead of 1.7 s to import it.
UV_VERSION := 0.13.8
UV := $(VENV)/.uv/bin/uv
REQS := -r requirements.txt -r requirements-dev.txt

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	if PIP_ROOT_USER_ACTION=ignore $(PYTHON) -m pip install -q --target $(VENV)/.uv --upgrade \
	     uv==$(UV_VERSION) && \
	   $(UV) venv -q --seed --allow-existing --python $(PYTHON) $(VENV) && \
	   $(UV) pip install -q --compile-bytecode --python $(BIN)/python $(REQS) && \
	   $(UV) pip install -q --no-deps --python $(BIN)/python -e .; then \
	  echo "venv: installed with uv $(UV_VERSION)"; \
	else \
	  echo "venv: uv unavailable, installing with pip"; \
	  test -x $(BIN)/python || $(PYTHON) -m venv $(VENV); \
	  $(BIN)/python -m ensurepip -q >/dev/null 2>&1 || true; \
	  $(BIN)/python -m pip install $(REQS) && \
	  $(BIN)/python -m pip install -q --no-deps -e .; \
	fi
	touch $@

# The project's own modules, compiled where PYTHONDONTWRITEBYTECODE keeps Python from
# caching them (0.2 s per kernel and test process otherwise); up-to-date files are skipped.
COMPILE_HELPERS := $(BIN)/python -m compileall -q helpers

# `make run CORPUS=path/to/folder` runs the series on another corpus (same as setting
# POLICING_CORPUS_DIR); JOBS=N notebooks at a time (default: one per core);
# PARAMS='-p NAME VALUE ...' sets parameters in every notebook that has them, and QUICK=1
# runs fewer seeds, sweeps and resamples (checks the series runs; run only); NOHTML=1
# skips the HTML pages (executed notebooks and run_summary.csv only).
CORPUS ?=
JOBS ?=
PARAMS ?=
QUICK ?=
NOHTML ?=
RUN_ENV := $(if $(CORPUS),POLICING_CORPUS_DIR=$(abspath $(CORPUS)))
RUN_ARGS := $(if $(JOBS),--jobs $(JOBS))

run: $(STAMP) ## Main job: execute every notebook into results/, then the book (CORPUS=folder for another corpus)
	@$(COMPILE_HELPERS)
	$(RUN_ENV) $(BIN)/python -m helpers.series.runner $(RUN_ARGS) $(if $(QUICK),--quick) $(if $(NOHTML),--no-html) $(PARAMS)
	$(BIN)/python -m helpers.series.book

book: $(STAMP) ## The HTML book (results/book/index.html) from the executed notebooks, offline
	$(BIN)/python -m helpers.series.book

# Offline guarantee: where this user may create a network namespace (root, as on CI),
# the tests and notebooks run inside one that has only loopback (kernels talk over
# 127.0.0.1), so anything fetched from the network at run time fails the suite.
OFFLINE_OK := $(shell unshare -n sh -c 'ip link set lo up' >/dev/null 2>&1 && echo yes)
ifeq ($(OFFLINE_OK),yes)
OFFLINE := unshare -n sh -c 'ip link set lo up && exec "$$@"' offline
else
OFFLINE :=
endif

# Tests run on TEST_JOBS workers (pytest-xdist); --dist loadscope sends all cells of
# one notebook to the same worker, in order, as nbval needs.
TEST_JOBS ?= auto
XDIST := -n $(TEST_JOBS) --dist loadscope

# The tests refit every topic model and redraw every figure: the topic-fit and figure
# caches are off (POLICING_TOPIC_CACHE=off, POLICING_FIGURE_CACHE=off), so both nbval
# passes (the second under another hash seed) check the fits and drawings, not a cache.
# PYTHONDONTWRITEBYTECODE is emptied for the tests: pytest rewrites the asserts of every
# test module and plugin (hypothesis: 73 modules) and caches the result only where Python
# may write bytecode; otherwise each test process rewrote ~150 modules again (~3 s).
TEST_ENV := POLICING_TOPIC_CACHE=off POLICING_FIGURE_CACHE=off PYTHONDONTWRITEBYTECODE=

# The second nbval pass re-executes every notebook and solution under another hash seed
# for the kernels (POLICING_KERNEL_HASHSEED, read by helpers.series.runner.KERNEL_ENV):
# one pass shows both that the outputs come back on a second run and that they do not
# depend on the order of sets and dicts of strings (tests/test_integrity.py checks this).
OTHER_HASHSEED := 12345

test: $(STAMP) ## Unit tests + strict nbval of every notebook, then nbval again (twice in a row, other hash seed), offline
	@$(COMPILE_HELPERS)
	@echo "network: $(if $(OFFLINE),none (unshare -n, loopback only),available (cannot unshare))"
	$(TEST_ENV) $(OFFLINE) $(BIN)/pytest $(XDIST)
	$(TEST_ENV) POLICING_KERNEL_HASHSEED=$(OTHER_HASHSEED) $(OFFLINE) $(BIN)/pytest $(XDIST) notebooks solutions

lab: $(STAMP) ## Open Jupyter Lab in notebooks/ (trusted notebooks, CJK font from mplfonts)
	MPLBACKEND=$(KERNEL_MPLBACKEND) $(BIN)/python -m helpers.series.lab

notebooks: $(STAMP) ## Developer: re-execute notebooks and solutions in place (refresh outputs) and re-sync .py pairs
	$(BIN)/python -m helpers.series.runner --in-place $(RUN_ARGS)
	$(BIN)/python -m helpers.series.runner --in-place --notebooks-dir solutions $(RUN_ARGS)

sync: $(STAMP) ## Sync each notebooks/*.ipynb with its .py:percent pair (newer side wins)
ifeq ($(strip $(NOTEBOOKS) $(NEW_SCRIPTS)),)
	@echo "sync: no notebooks/*.ipynb yet"
else
	$(BIN)/jupytext --sync $(NOTEBOOKS) $(NEW_SCRIPTS)
endif

lint: $(STAMP) ## Lint helpers, tests, notebooks, solutions and benchmarks with ruff
	$(BIN)/ruff check helpers tests notebooks solutions benchmarks

clean: ## Remove derived data: cache/ and results/ (never corpus/)
	rm -rf cache results
