"""The wizard's navigation and the catalog search, without Qt."""

import pytest

from window_client.core import wizard as nav
from window_client.core.acceptance import AcceptanceState, MaterialState
from window_client.core.search import SearchIndex, pinyin_forms


def test_navigation_follows_the_flow():
    w = nav.WizardNavigator()
    assert w.start() == nav.PICK
    assert w.resolve_next(nav.PICK, {}) == nav.GUIDE
    assert w.resolve_next(nav.APPLICANT, {"has_questions": True}) == nav.QUESTIONS
    assert w.resolve_next(nav.APPLICANT, {"has_questions": False}) == nav.FORM
    for expected in (nav.GUIDE, nav.APPLICANT, nav.QUESTIONS, nav.FORM, nav.MATERIALS, nav.REVIEW):
        assert w.go_next({}) == expected
    assert w.is_last()
    with pytest.raises(ValueError):
        w.go_next({})
    assert w.jump_to(nav.QUESTIONS) == nav.QUESTIONS
    assert w.stack == [nav.PICK, nav.GUIDE, nav.APPLICANT, nav.QUESTIONS]
    assert w.go_back() == nav.APPLICANT


def test_restore_rebuilds_the_stack():
    w = nav.WizardNavigator()
    assert w.restore(nav.FORM, {"has_questions": False}) == nav.FORM
    assert w.stack == [nav.PICK, nav.GUIDE, nav.APPLICANT, nav.FORM]


def test_pinyin_forms():
    assert pinyin_forms("新生儿出生(婚育户一链办)") == ("xinshengerchushenghunyuhuyilianban",
                                                 "xsecshyhylb")
    assert pinyin_forms("企业开办") == ("qiyekaiban", "qykb")


def test_search_chinese_pinyin_initials_keywords(catalog):
    entries = catalog.entries()
    index = SearchIndex.build((e.row.seq, e.display_name, e.row.category,
                               e.definition.keywords if e.definition else ()) for e in entries)
    top = lambda q: catalog.rows[index.search(q)[0].key].name  # noqa: E731
    assert top("xse") == "新生儿出生(婚育户一链办)"
    assert top("xinsheng") == "新生儿出生(婚育户一链办)"
    assert top("新生儿") == "新生儿出生(婚育户一链办)"
    assert top("esf") == "二手房转移登记及水电气联动过户"
    assert top("上户口") == "新生儿出生(婚育户一链办)"  # a keyword
    assert len(index.search("")) == 186
    boosted = index.search("kaiban", boost={58: 10_000})
    assert boosted[0].key == 58
    assert index.search("zzzzqqq") == []


def test_acceptance_state_round_trip():
    state = AcceptanceState("newborn", via_agent=True, answers={"a": True},
                            step="form")
    state.set_value("applicant.name", "李娜", "id_card")
    state.materials["m"] = MaterialState(received=True, copies=2)
    again = AcceptanceState.restore("newborn", state.answers, state.values, state.meta())
    assert again == state
    state.set_value("applicant.name", "")
    assert "applicant.name" not in state.values and "applicant.name" not in state.sources


def test_precomputed_pinyin_is_current():
    import subprocess
    import sys
    from pathlib import Path
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, str(root / "tools" / "build_pinyin.py"), "--check"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout


def test_cached_and_computed_indexes_agree(catalog):
    from window_client.catalog.loader import load_pinyin_cache
    rows = [(e.row.seq, e.display_name, e.row.category,
             e.definition.keywords if e.definition else ()) for e in catalog.entries()]
    cached = SearchIndex.build(rows, cache=load_pinyin_cache())
    computed = SearchIndex.build(rows)
    for q in ("xse", "qiye", "esf", "出生", "shebao", "kb"):
        assert cached.search(q) == computed.search(q)


def test_scan_detector_tells_a_scanner_from_a_person():
    from window_client.core.scanner import ScanDetector
    d = ScanDetector()
    for n, ch in enumerate("GZ2026112700001"):
        d.key(ch, 10.0 + n * 0.008)
    assert d.enter(10.0 + 15 * 0.008) == "GZ2026112700001"
    for n, ch in enumerate("GZ2026"):  # a clerk typing
        d.key(ch, 20.0 + n * 0.2)
    assert d.enter(21.4) is None
    for n, ch in enumerate("ABC"):  # too short to be a slip
        d.key(ch, 30.0 + n * 0.005)
    assert d.enter(30.02) is None
    # a slow first key then a burst: only the burst counts
    d.key("x", 40.0)
    for n, ch in enumerate("W01-20261127-0003"):
        d.key(ch, 41.0 + n * 0.005)
    assert d.enter(41.0 + 17 * 0.005) == "W01-20261127-0003"
