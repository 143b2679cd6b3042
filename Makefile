# Shortcuts for tools/dev.sh (README's two commands work without make).
PY := .venv/bin/python

.PHONY: setup run test bench catalog catalog-check clean

setup:
	@bash tools/setup.sh

run:
	bash tools/dev.sh run

test:
	bash tools/dev.sh test

bench: setup
	$(PY) -m window_client.bench

catalog: setup
	$(PY) tools/import_catalog.py

catalog-check: setup
	$(PY) tools/import_catalog.py --check

clean:
	rm -rf .venv .pytest_cache .hypothesis
