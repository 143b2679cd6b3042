"""Developer tools, never shipped: the benchmarks (``python -m
window_client.devtools.bench``, ``make bench``) and the generators of sample data
they, the tests and tools/render_documents.py use (a sample case with long answers,
synthetic scans and photographs).

pyproject.toml does not list this package, so a wheel leaves it out, and
installer/window_client.spec excludes it from the PyInstaller build; nothing outside
it imports it (tests/core/test_layers.py)."""
