# nmosd-evidence: `make reports` and `make test` do all the set-up they need (a .venv with exact pins).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PATH := $(CURDIR)/$(BIN):$(PATH)
export PYDEVD_DISABLE_FILE_VALIDATION := 1
export JUPYTER_PLATFORM_DIRS := 1

.PHONY: reports test lint format lab notebooks bench validate clean chromium

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip==26.3
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,dask]'
	touch $(STAMP)

## reports: render the default run set (reports.yml) into reports/
reports: $(STAMP)
	$(BIN)/nmosd-evidence render --config reports.yml --out reports

## test: lint, data validation, unit tests, nbval over notebooks/, browser checks of rendered reports
test: $(STAMP) lint chromium
	$(BIN)/nmosd-evidence validate
	$(BIN)/python -m pytest tests notebooks --nbval --nbval-current-env --nbval-sanitize-with tests/sanitize.cfg

## chromium: Debian's Chromium for the browser checks, installed when missing (as root or with sudo)
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then sudo_cmd=""; \
	  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo_cmd="sudo"; \
	  else echo "make test: the browser checks need Chromium; install it with 'sudo apt-get install chromium' and run make test again" >&2; exit 1; fi; \
	  echo "installing Chromium (Debian package) for the browser checks"; \
	  $$sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo_cmd apt-get install -y -qq chromium >/dev/null; }

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

validate: $(STAMP)
	$(BIN)/nmosd-evidence validate

## bench: our renderer against the naive papermill + nbconvert loop (REPEATS, default 3), then a generated
## set of LARGE runs (default 200; 0 skips it) on the local pool and on a Dask LocalCluster
bench: $(STAMP)
	$(BIN)/python benchmarks/render_speed.py --repeats $${REPEATS:-3} --large $${LARGE:-200}

## crosscheck: print core.meta's reference values with R's metafor (tests/crosscheck/; CI does not run it)
.PHONY: crosscheck
crosscheck:
	@if command -v Rscript >/dev/null 2>&1; then \
		Rscript tests/crosscheck/metafor_reference.R; Rscript tests/crosscheck/more_metafor_reference.R; Rscript tests/crosscheck/report_pools_metafor.R; \
	else \
		echo "crosscheck: Rscript not found; install R and metafor (apt-get install r-base-core r-cran-metafor)"; \
	fi

## lab: JupyterLab on the notebooks
lab: $(STAMP)
	$(BIN)/jupyter lab notebooks

clean:
	rm -rf reports .pytest_cache .ruff_cache

## notebooks: re-execute the committed notebooks in place (refreshes the nbval references on purpose)
notebooks: $(STAMP)
	$(BIN)/python -m nmosd_evidence.render.refresh notebooks/*.ipynb
