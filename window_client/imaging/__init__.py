"""Scanning and page images (no Qt): the pipeline from a photographed or scanned
page to the stored JPEG (pipeline.py, with geometry.py for skew and crop), the
pages of one material and their single PDF (pages.py), where pages come from
(sources.py, hot_folder.py), the document camera's rules (stillness.py: when the
page is still; camera_formats.py: which resolution; vendor_camera.py: the vendor
SDK adapter interface), synthetic test pages (samples.py) and the benchmark
(bench.py)."""
