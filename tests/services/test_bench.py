"""The benchmark runs and prints its table (timings are read by people, never
asserted)."""

from window_client.devtools import bench


def test_bench_prints_a_table_with_baselines(capsys):
    # small sizes: the rows and their baselines are what is tested (make bench runs
    # the real sizes: 50,000 cases for the board, 2,000 drafts per store)
    assert bench.main(["--repeat", "2", "--sync-cases", "8", "--list-cases", "200",
                       "--board-cases", "1000", "--security-cases", "100",
                       # the OCR rows: tests/imaging/test_ocr.py (OCR is slow)
                       "--ocr-per-kind", "0"]) == 0
    out = capsys.readouterr().out
    assert "catalog load (validated)" in out and "bare sqlite3 insert" in out
    assert "plan newborn" in out and "json.loads of the definition" in out
    assert "cold start to usable window" in out and "bare PySide6 window" in out
    assert "search per keystroke, 2,000 rows" in out and "build form page" in out
    assert "sync 8 cases" in out and "bare requests loop, same bytes" in out
    assert "open the cases view, 200 cases" in out and "bare sqlite3 first page" in out
    assert "confirm (snapshot + materials + queued)" in out
    assert "draft save, encrypted store (100 cases)" in out
    assert "case list first page + count, encrypted (100 cases)" in out
    assert "the same scan, plain store" in out
