import datetime as dt

from window_client.core.workdays import WorkCalendar


def test_national_day_and_adjusted_working_day_2026():
    cal = WorkCalendar()
    # Mon 28 Sep + 5: 29, 30, (1-7 Oct holiday), 8, 9, Sat 10 Oct is an adjusted working day
    due = cal.add_working_days(dt.date(2026, 9, 28), 5)
    assert due.date == dt.date(2026, 10, 10) and not due.estimated


def test_zero_days_is_the_same_day():
    assert WorkCalendar().add_working_days(dt.date(2026, 11, 27), 0).date == dt.date(2026, 11, 27)


def test_weekend_is_skipped():
    # Fri 27 Nov 2026 + 1 = Mon 30 Nov
    assert WorkCalendar().add_working_days(dt.date(2026, 11, 27), 1).date == dt.date(2026, 11, 30)


def test_unknown_year_never_crashes_and_is_marked_estimated():
    due = WorkCalendar().add_working_days(dt.date(2031, 6, 1), 10)
    assert due.estimated
    assert due.date == dt.date(2031, 6, 13)  # weekends only


def test_table_covers_a_year_the_package_does_not_know():
    cal = WorkCalendar.from_table({"years": {"2031": {
        "holidays": ["2031-06-02"], "workdays": ["2031-06-07"]}}})
    due = cal.add_working_days(dt.date(2031, 5, 30), 2)  # Fri; Mon 2 Jun off
    assert due.date == dt.date(2031, 6, 4) and not due.estimated
    assert cal.is_workday(dt.date(2031, 6, 7))  # adjusted Saturday


def test_table_overrides_the_package():
    cal = WorkCalendar.from_table({"years": {"2026": {"holidays": ["2026-11-30"]}}})
    assert cal.add_working_days(dt.date(2026, 11, 27), 1).date == dt.date(2026, 12, 1)
