"""The Qt benchmarks (never shipped: the wheel does not list this package and the
PyInstaller spec excludes it). Qt stays inside window_client/qt; the rest of the
developer tools are window_client/devtools, which runs these from `make bench`."""
