# Shortcuts for tools/dev.sh (README's two commands work without make).
PY := .venv/bin/python

.PHONY: setup run test bench catalog catalog-check forms screenshots documents clean

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
	$(PY) tools/build_pinyin.py

catalog-check: setup
	$(PY) tools/import_catalog.py --check
	$(PY) tools/build_pinyin.py --check

forms: setup
	$(PY) tools/gen_ui.py

screenshots: setup
	QT_QPA_PLATFORM=offscreen $(PY) tools/screenshots.py
	$(PY) tools/render_documents.py

documents: setup
	$(PY) tools/render_documents.py

clean:
	rm -rf .venv .pytest_cache .hypothesis
