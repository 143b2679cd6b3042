# Shortcuts for tools/dev.sh (README's two commands work without make).
PY := .venv/bin/python

.PHONY: setup run test bench demo-year catalog catalog-check catalog-lint forms ts screenshots documents clean

setup:
	@bash tools/setup.sh

run:
	bash tools/dev.sh run

test:
	bash tools/dev.sh test

bench: setup
	$(PY) -m window_client.devtools.bench

# a realistic year (20,000 cases, 30 windows) in build/demo/: the store and the
# sandbox's database with the same cases (DEMO_CASES=… to change the size); serve it
# with `$(PY) -m platform_sandbox --db build/demo/platform.db --pace workdays`
DEMO_CASES ?= 20000
demo-year: setup
	rm -rf build/demo && mkdir -p build/demo/data
	$(PY) tools/demo_year.py --cases $(DEMO_CASES) \
		--database build/demo/data/window_client.sqlite3 --sandbox-db build/demo/platform.db

catalog: setup
	$(PY) tools/import_catalog.py
	$(PY) tools/build_pinyin.py
	$(PY) tools/item_headers.py
	$(PY) tools/sync_configuring.py
	$(PY) -m window_client catalog --coverage --markdown > docs/CATALOG.md

catalog-check: setup
	$(PY) tools/import_catalog.py --check
	$(PY) tools/build_pinyin.py --check
	$(PY) tools/sync_configuring.py --check

# the catalog's configuration: errors (exit 1) and warnings (docs/CONFIGURING.md)
catalog-lint: setup
	$(PY) -m window_client catalog lint

forms: setup
	$(PY) tools/gen_ui.py

# resources/i18n/window_client_zh_CN.ts from every tr() in window_client/qt and ui/*.ui
# (tests/qt/test_translations.py fails when it is not current)
ts: setup
	$(PY) tools/update_ts.py

screenshots: setup
	QT_QPA_PLATFORM=offscreen $(PY) tools/screenshots.py
	$(PY) tools/render_documents.py

documents: setup
	$(PY) tools/render_documents.py

clean:
	rm -rf .venv .pytest_cache .hypothesis

# --- installer (installer/README.md) ---------------------------------------------
.PHONY: package package-test

# the one-folder build dist/window-client/ and dist/window-client_<version>_<arch>.deb
package: setup
	$(PY) installer/build.py

# builds, installs with dpkg (root), runs and removes the package; takes minutes
package-test: setup
	@command -v desktop-file-validate >/dev/null || [ "$$(id -u)" != 0 ] || \
		{ export DEBIAN_FRONTEND=noninteractive; apt-get install -y -qq desktop-file-utils >/dev/null 2>&1 || \
		  { apt-get update -qq && apt-get install -y -qq desktop-file-utils >/dev/null; }; } || \
		echo "package-test: desktop-file-utils not installed; the desktop entry is checked by hand"
	WINDOW_CLIENT_PACKAGE_TEST=1 QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -s -p no:randomly tests/installer
