# The two commands of README.md: `make run` and `make test`. Both set up what is
# missing first (tools/setup.sh), so they work on a fresh Debian machine.
PY := .venv/bin/python

.PHONY: setup run test bench catalog catalog-check screenshots clean

setup:
	@bash tools/setup.sh

run: setup
	$(PY) main.py

test: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

bench: setup
	$(PY) -m window_client.bench

catalog: setup
	$(PY) tools/import_catalog.py

catalog-check: setup
	$(PY) tools/import_catalog.py --check

clean:
	rm -rf .venv .pytest_cache .hypothesis
