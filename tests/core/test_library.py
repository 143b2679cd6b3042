"""The item library and what the format can say (issue 13): one-things composed from
items defined once; promises by the critical path; fees, form values and
requirements that depend on answers, on other fields, on age at the acceptance date;
same-day items; seal and plate outputs."""

import datetime as dt

import pytest

from window_client.core.conditions import TODAY, parse
from window_client.core.definition import ServiceItem
from window_client.core.engine import compute_plan, critical_path
from window_client.core.library import (ItemField, ItemUse, LibraryItem, OneThingDefinition,
                                        compose, critical_path_days)
from window_client.core.workdays import WorkCalendar

START = dt.date(2026, 12, 1)   # a Tuesday


def item(code, days, *deps, same_day=False):
    return ServiceItem(code=code, name=code, department="d", legal_days=max(days, 1),
                       promised_days=days, depends_on=deps, same_day=same_day)


def test_the_promise_is_the_critical_path_not_the_sum_nor_the_largest():
    a, b, c, d = item("a", 1), item("b", 3, "a"), item("c", 2, "a"), item("d", 5, "b", "c")
    assert critical_path([a, b, c, d]) == 1 + 3 + 5        # a → b → d
    assert critical_path([a, c]) == 3                       # b and d do not apply
    assert critical_path([item("x", 4), item("y", 2)]) == 4  # side by side
    assert critical_path([item("s", 0, same_day=True), item("t", 2, "s")]) == 2
    assert critical_path_days([a, b, c, d], ["a", "c"]) == 3


def test_a_one_thing_plans_with_the_critical_path_of_the_items_that_apply(catalog):
    one = catalog.definitions["newborn"]
    full = compute_plan(one, catalog.dictionary, one.default_answers(), start=START,
                        calendar=WorkCalendar())
    only_two = compute_plan(one, catalog.dictionary,
                            {**one.default_answers(), "register_household": False},
                            start=START, calendar=WorkCalendar())
    assert [i.code for i in only_two.items] == ["birth_certificate", "birth_registration"]
    assert only_two.promised_days == 2 < full.promised_days
    assert only_two.due_date == dt.date(2026, 12, 3)


def test_compose_asks_each_key_once_and_counts_the_items_own_forms():
    lib = {code: LibraryItem(code=code, name=name, department="health", legal_days=5,
                             promised_days=1, basis="《某法》",
                             form=tuple(ItemField(key=k) for k in keys))
           for code, name, keys in (("x", "甲", ("applicant.name", "applicant.id_number")),
                                    ("y", "乙", ("applicant.name", "child.name")))}
    definition = OneThingDefinition(id="demo", name="演示", seed_row=1, lead_units=("health",),
                                    guide="g", items=(ItemUse(ref="x"),
                                                      ItemUse(ref="y", depends_on=("x",))))
    one = compose(definition, lib)
    keys = {f.key: f.items for f in one.fields}
    assert keys == {"applicant.name": ("x", "y"), "applicant.id_number": ("x",),
                    "child.name": ("y",)}
    assert [i.own_form_size for i in one.items] == [2, 2]
    assert one.promised_days == 2   # x then y


def test_an_override_and_an_omission_must_say_why():
    with pytest.raises(ValueError, match="says why"):
        ItemUse(ref="x", promised_days=0)
    from window_client.core.library import FieldRule
    with pytest.raises(ValueError, match="says why"):
        FieldRule(key="child.name", omit_for=("x",))


def test_a_fee_that_depends_on_the_answers(catalog):
    one = catalog.definitions["newborn"]
    answers = one.default_answers()
    with_fee = compute_plan(one, catalog.dictionary, answers, start=START)
    without = compute_plan(one, catalog.dictionary, {**answers, "enroll_medical_insurance": False},
                           start=START)
    assert "城乡居民医保个人缴费" in [f.name for f in with_fee.fees]
    assert "城乡居民医保个人缴费" not in [f.name for f in without.fees]


def test_a_field_required_by_another_fields_value(catalog):
    """The delivery address is required only when 邮寄 is chosen on the form."""
    one = catalog.definitions["newborn"]
    answers = one.default_answers()

    def address_required(values):
        plan = compute_plan(one, catalog.dictionary, answers, start=START, values=values)
        return next(f.required for f in plan.fields if f.key == "delivery.address")

    assert address_required({"delivery.method": "post"}) is True
    assert address_required({"delivery.method": "window"}) is False
    assert address_required({}) is False


def test_an_answer_fills_a_form_field(catalog, tmp_path):
    one = catalog.definitions["company_setup"]
    plan = compute_plan(one, catalog.dictionary, {**one.default_answers(),
                                                  "delivery_choice": "post"}, start=START)
    assert plan.filled["delivery.method"] == "post"
    # a number answer fills its field too, and a choice's option fills its own
    assert plan.filled["company.employee_count"] == "3"
    assert plan.filled["tax.invoice_kind"] == "general"
    none = compute_plan(one, catalog.dictionary, {**one.default_answers(),
                                                  "invoice_kind": "none"}, start=START)
    assert "tax.invoice_kind" not in none.filled
    assert "invoice_application" not in {i.code for i in none.items}
    from window_client.services.acceptance import AcceptanceSession
    from window_client.store.db import open_database
    from window_client.store.repository import CaseRepository
    session = AcceptanceSession(catalog, CaseRepository(open_database(tmp_path / "a.sqlite3")),
                                WorkCalendar(), clerk="wangli", window_code="W01",
                                files_dir=tmp_path / "f", today=lambda: START)
    session.start("company_setup")
    session.state.answers["delivery_choice"] = "post"
    session.plan()
    assert session.state.values["delivery.method"] == "post"
    assert session.state.sources["delivery.method"] == "answer"
    session.set_value("delivery.method", "window")   # the clerk's word wins afterwards
    session.plan()
    assert session.state.values["delivery.method"] == "window"


def test_conditions_on_age_and_on_the_acceptance_date():
    under_six = parse({"age_under": ["field:child.birth_date", 6]})
    ctx = {TODAY: START}
    assert under_six.evaluate({**ctx, "field:child.birth_date": "2021-12-02"})
    assert not under_six.evaluate({**ctx, "field:child.birth_date": "2020-12-01"})
    assert not under_six.evaluate(ctx)                       # no birth date: false
    recent = parse({"within_years": ["graduated_on", 2]})
    assert recent.evaluate({**ctx, "graduated_on": "2025-06-30"})
    assert not recent.evaluate({**ctx, "graduated_on": "2024-06-30"})
    before = parse({"compare": ["expiry", "<", "today"]})
    assert before.evaluate({**ctx, "expiry": "2026-11-30"})
    assert not before.evaluate({**ctx, "expiry": "2026-12-02"})
    assert under_six.questions() == set() and under_six.fields() == {"child.birth_date"}


def test_a_minor_by_the_id_number_needs_the_guardian(catalog):
    """社会保障卡: under 16 on the day of acceptance by the birth date on the form
    (derived from the ID number), whatever age was answered."""
    one = catalog.definitions["social_security_card"]
    answers = {**one.default_answers(), "applicant_age": 30}

    def agent_required(birth):
        plan = compute_plan(one, catalog.dictionary, answers, start=START, via_agent=True,
                            values={"applicant.birth_date": birth})
        return next(f.required for f in plan.fields if f.key == "agent.relation")

    assert agent_required("2015-03-01") is True
    assert agent_required("1990-03-01") is True   # via an agent: always asked
    plan = compute_plan(one, catalog.dictionary, answers, start=START,
                        values={"applicant.birth_date": "2015-03-01"})
    assert next(f.required for f in plan.fields if f.key == "agent.relation")


def test_same_day_items_seals_and_plates_are_in_the_library(catalog):
    same_day = [i for i in catalog.items.values() if i.same_day]
    assert same_day and all(i.promised_days == 0 for i in same_day)
    kinds = {o.kind for i in catalog.items.values() for o in i.outputs}
    assert {"seal", "plate"} <= kinds


def test_another_persons_e_licence_spares_their_material(catalog, tmp_path):
    """二手房: the seller's electronic ID card spares the seller's paper one; the
    seller's number on the form is looked up like the applicant's."""
    one = catalog.definitions["second_hand_housing"]
    answers = one.default_answers()
    tag = lambda plan: next(m.tag.value for m in plan.materials  # noqa: E731
                            if m.spec.id == "seller_id_card")
    plain = compute_plan(one, catalog.dictionary, answers, start=START, online=False)
    held = compute_plan(one, catalog.dictionary, answers, start=START, online=False,
                        holder_licences={"property.seller_id_number": frozenset(
                            {"resident_id_card"})})
    assert tag(plain) == "verification_pending" and tag(held) == "e_licence"
    # the applicant's own e-ID card does not spare the seller's
    mine = compute_plan(one, catalog.dictionary, answers, start=START, online=False,
                        licences=["resident_id_card"])
    assert tag(mine) == "verification_pending"
    from window_client.services.acceptance import AcceptanceSession
    from window_client.store.db import open_database
    from window_client.store.repository import CaseRepository
    session = AcceptanceSession(catalog, CaseRepository(open_database(tmp_path / "h.sqlite3")),
                                WorkCalendar(), clerk="wangli", window_code="W01",
                                files_dir=tmp_path / "f", today=lambda: START)
    session.start("second_hand_housing")
    assert session.holders_to_look_up() == {}
    session.set_value("property.seller_id_number", "360702198501010020")
    assert session.holders_to_look_up() == {"property.seller_id_number": "360702198501010020"}
    session.apply_holder_data("property.seller_id_number", "360702198501010020",
                              frozenset({"resident_id_card"}), {"applicant.name": "赵某"})
    assert session.holders_to_look_up() == {}
    assert tag(session.plan()) == "e_licence"
    # a spouse's shared data fills the spouse's fields, never the applicant's
    filled = session.apply_holder_data("spouse.id_number", "360702199208150045", frozenset(),
                                       {"applicant.name": "钱某"})
    assert filled == ["spouse.name"] and session.state.values["spouse.name"] == "钱某"
    assert session.state.values.get("applicant.name") != "钱某"


def test_a_same_day_items_result_is_handed_over_on_the_spot(catalog):
    """结婚登记 is 即办: its 结婚证 is handed over at the window; the papers say so before
    the platform reports anything."""
    from window_client.core.snapshot import take_snapshot
    one = catalog.definitions["marriage_childbirth"]
    plan = compute_plan(one, catalog.dictionary, one.default_answers(), start=START)
    snap = take_snapshot(plan, catalog, [], dt.datetime(2026, 12, 1, 9, 0))
    outputs = {o.name: o.same_day for _i, o in snap.outputs}
    marriage = next(n for n in outputs if n.startswith("结婚证"))
    assert outputs[marriage] is True
    assert not all(outputs.values())
    again = type(snap).from_json(snap.to_json())
    assert {o.name: o.same_day for _i, o in again.outputs} == outputs
    from window_client.documents.data import DocOutput
    assert DocOutput(marriage, "same_day").status_label == "即办,当场发放"
