"""The imaging benchmark runs and its rows read right: a 12 MP camera photo to a
stored page, beside Pillow's plain open + save of the same bytes."""

import io

from PIL import Image

from window_client.devtools import image_bench as bench


def test_bench_rows_and_photo():
    photo = bench.sample_photo()
    img = Image.open(io.BytesIO(photo))
    assert img.size == (4000, 3000) and img.getexif()[0x0112] == 6
    rows = bench.run(repeat=1)
    assert len(rows) == 4
    for name, ours, base_name, base in rows:
        assert name and base_name and ours > 0 and base > 0
    text_kb, plain_kb = rows[2][1], rows[2][3]
    assert 100 <= text_kb <= 250 < plain_kb
    assert "1414×2000" in rows[2][0]  # the whole page, upright, at the target size
