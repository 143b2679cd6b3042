"""The benchmark runs and prints its table (timings are read by people, never
asserted)."""

from window_client.devtools import bench


def test_bench_prints_a_table_with_baselines(capsys):
    assert bench.main(["--repeat", "2", "--sync-cases", "8", "--list-cases", "200"]) == 0
    out = capsys.readouterr().out
    assert "catalog load (validated)" in out and "bare sqlite3 insert" in out
    assert "plan newborn" in out and "json.loads of the definition" in out
    assert "cold start to usable window" in out and "bare PySide6 window" in out
    assert "search per keystroke, 2,000 rows" in out and "build form page" in out
    assert "sync 8 cases" in out and "bare requests loop, same bytes" in out
    assert "open the cases view, 200 cases" in out and "bare sqlite3 first page" in out
    assert "confirm (snapshot + materials + queued)" in out
