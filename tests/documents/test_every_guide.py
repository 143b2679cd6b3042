"""Every configured one-thing's printed guide (办事指南) renders, and its first page
names the one-thing: the guide is what a citizen takes home."""

import subprocess

import pytest

from tests.shipped import shipped_catalog
from window_client.devtools.document_samples import sample_guide
from window_client.documents import render

CATALOG = shipped_catalog()


@pytest.mark.parametrize("one_id", sorted(CATALOG.definitions))
def test_the_guide_prints_and_names_its_one_thing(one_id, tmp_path):
    pdf = tmp_path / "guide.pdf"
    pdf.write_bytes(render("guide", sample_guide(CATALOG, one_id)))
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    flat = "".join(text.split())
    name = "".join(CATALOG.definitions[one_id].name.split())
    assert name[:12] in flat, flat[:300]
