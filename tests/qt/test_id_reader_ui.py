"""Reading the ID card at the applicant step: the GA 467 driver against the
simulated reader on a pseudo-terminal, the data flowing into the form marked
读卡, disagreements with typed values and an expired card flagged."""

import pytest

from window_client.settings import Settings

from .helpers import make_window, type_text, valid_id


@pytest.fixture
def window(qtbot, tmp_path, catalog):
    w, _ = make_window(qtbot, tmp_path, catalog, settings=Settings(idcard_reader="simulator"))
    w.acceptance.start_case("newborn")
    w.acceptance.go_next()
    return w


def test_card_fills_the_applicant_marked_as_read(window, qtbot):
    w = window.acceptance
    page = w.pages["applicant"]
    with qtbot.waitSignal(w.card_read, timeout=15000) as got:
        page.read_button.click()
    result = got.args[0]
    assert not isinstance(result, Exception), result
    state = w.session.state
    assert state.values["applicant.name"] and state.sources["applicant.name"] == "id_card"
    assert len(state.values["applicant.id_number"]) == 18
    assert page.editors["applicant.id_number"].value() == state.values["applicant.id_number"]
    assert "来自读卡" in page.editors["applicant.name"].source_label.text()
    assert "已读取证件" in page.reader_label.text()
    assert state.values["applicant.id_number"] not in page.reader_label.text()  # masked


def test_typed_values_that_disagree_are_reported(window, qtbot):
    w = window.acceptance
    page = w.pages["applicant"]
    type_text(page.editors["applicant.name"].line, "张冠李戴")
    with qtbot.waitSignal(w.card_read, timeout=15000):
        page.read_button.click()
    assert "姓名与证件不一致" in page.reader_label.text()


def test_expired_card_is_flagged(window, qtbot, monkeypatch):
    from window_client.devices.idcard import simulator
    from window_client.services import devices
    original = devices.SimulatorReader.__init__

    def expired(self):
        original(self)
        self.simulator = simulator.IdCardSimulator(simulator.expired_card())
    monkeypatch.setattr(devices.SimulatorReader, "__init__", expired)
    w = window.acceptance
    page = w.pages["applicant"]
    with qtbot.waitSignal(w.card_read, timeout=15000):
        page.read_button.click()
    assert "证件已过期" in page.reader_label.text()


def test_no_reader_configured_says_how_to_go_on(qtbot, tmp_path, catalog):
    w, _ = make_window(qtbot, tmp_path, catalog)
    w.acceptance.start_case("newborn")
    w.acceptance.go_next()
    w.acceptance.pages["applicant"].read_button.click()
    assert "手工录入" in w.acceptance.pages["applicant"].reader_label.text()


def test_a_disagreement_blocks_until_the_clerk_chooses(window, qtbot):
    """Typed before the read or typed over it after: the step waits for a choice, and
    the birth date follows the number chosen."""
    w = window.acceptance
    page = w.pages["applicant"]
    type_text(page.editors["applicant.name"].line, "张冠李戴")
    with qtbot.waitSignal(w.card_read, timeout=15000):
        page.read_button.click()
    state = w.session.state
    card_name = state.card["applicant.name"]
    assert state.values["applicant.name"] == "张冠李戴"          # not overwritten silently
    assert page.conflict_box.isVisibleTo(page)
    type_text(page.editors["contact.mobile"].line, "13907971234")
    assert not w.go_next() and "请选择采用哪一个" in w.problem_label.text()
    use_card, _keep = page.conflict_buttons["applicant.name"]
    use_card.click()
    assert state.values["applicant.name"] == card_name and not page.conflict_box.isVisibleTo(page)
    assert page.editors["applicant.name"].value() == card_name
    # a different number typed over the card's
    card_number = state.values["applicant.id_number"]
    other = valid_id("36070219850101002")
    line = page.editors["applicant.id_number"].line
    line.selectAll()
    type_text(line, other)
    assert state.values["applicant.birth_date"] == "1985-01-01"
    assert page.conflict_box.isVisibleTo(page) and not w.go_next()
    _use, keep = page.conflict_buttons["applicant.id_number"]
    keep.click()
    assert state.values["applicant.id_number"] == other != card_number
    assert not page.conflict_box.isVisibleTo(page)
    assert w.go_next(), w.problem_label.text()


def test_the_card_line_of_the_last_citizen_is_gone_on_a_new_case(window, qtbot):
    w = window.acceptance
    page = w.pages["applicant"]
    with qtbot.waitSignal(w.card_read, timeout=15000):
        page.read_button.click()
    assert "已读取证件" in page.reader_label.text()
    w.reset()
    w.start_case("newborn")
    w.go_next()
    assert "已读取证件" not in page.reader_label.text()
    assert "手工录入" in page.reader_label.text()
