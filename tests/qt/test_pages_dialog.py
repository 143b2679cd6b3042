"""Scanning a material's pages: files imported and dropped into the hot folder go
through the image pipeline off the UI thread, pages are reordered, rotated and
deleted, and ONE file (a PDF for several pages) is attached to the material."""

import io
import threading
import time

import pypdfium2 as pdfium
from PIL import Image, ImageDraw

from window_client.settings import Settings

from .helpers import make_window


def page_image(path, text, size=(1240, 1754)):
    img = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(img)
    for n in range(30):
        draw.text((80, 80 + n * 50), f"{text} line {n} 1234567890", fill="black")
    img.save(path, "JPEG", quality=92)
    return path


def test_pages_from_import_and_hot_folder_become_one_pdf(qtbot, tmp_path, catalog):
    hot = tmp_path / "hot"
    hot.mkdir()
    window, wiring = make_window(qtbot, tmp_path, catalog, settings=Settings(hot_folder=str(hot)))
    cases = wiring.cases
    w = window.acceptance
    w.start_case("newborn")
    w.session.state.step = "materials"
    w._show("materials")
    page = w.pages["materials"]
    dialog = page.open_pages("household_register")
    qtbot.addWidget(dialog)
    dialog.add_files([page_image(tmp_path / "p1.jpg", "first"), page_image(tmp_path / "p2.jpg", "second")])
    qtbot.waitUntil(lambda: len(dialog.pages) == 2 and not dialog.busy, timeout=20000)

    def scanner() -> None:  # the network scanner writes a third page, slowly
        data = io.BytesIO()
        Image.open(page_image(tmp_path / "p3.jpg", "third")).save(data, "JPEG")
        with open(hot / "scan0003.jpg", "wb") as fh:
            for k in range(0, len(data.getvalue()), 20000):
                fh.write(data.getvalue()[k:k + 20000])
                fh.flush()
                time.sleep(0.05)

    threading.Thread(target=scanner).start()
    qtbot.waitUntil(lambda: len(dialog.pages) == 3 and not dialog.busy, timeout=20000)
    first, second, third = [p.id for p in dialog.pages.pages]
    dialog.pages.reorder([third, first, second])
    dialog._refresh()
    dialog.page_list.setCurrentRow(0)
    dialog.rotate_selected(1)
    dialog.page_list.setCurrentRow(2)
    dialog.delete_selected()
    assert [p.id for p in dialog.pages.pages] == [third, first]
    assert dialog.pages.pages[0].rotation == 90
    dialog.finish()
    files = cases.files(w.session.case.id)
    assert [f.material_id for f in files] == ["household_register"]
    pdf = pdfium.PdfDocument(files[0].stored_path)
    assert len(pdf) == 2
    pdf.close()
    assert page.rows["household_register"].received.isChecked()
