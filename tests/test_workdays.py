"""Working-day deadlines on China's official calendar (第十二条, 第三十条, 第三十二条) and calendar
periods (第三十一条).

Expected deadlines below are counted by hand from the State Council's notices (the weekday of
each date is written beside it); the filing day never counts (期间开始的当日不计入).
"""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import chinese_calendar
import pytest
from hypothesis import given, settings as hsettings, strategies as st

from server import cli_workdays
from server.domain.periods import add_months, add_years
from server.domain.workdays import (
    SHANGHAI,
    ArrangementError,
    Deadline,
    WorkCalendar,
    deadline_after,
    is_late,
    parse_arrangement,
    shanghai_date,
    working_days_after,
    working_days_between,
)
from tests.helpers import make_settings

UTC = timezone.utc
CAL = WorkCalendar()
D = date.fromisoformat

# A made-up 2027 arrangement for tests only — the real one is not published in our data.
FAKE_2027 = {
    "year": 2027,
    "source": "测试用安排，非官方 (test fixture, not official)",
    "holidays": [
        {"name": "元旦", "from": "2027-01-01", "to": "2027-01-03"},  # Fri–Sun
        {"name": "春节", "from": "2027-02-05", "to": "2027-02-11"},  # Fri–Thu
    ],
    "workdays": ["2027-02-14", "2027-02-20"],  # Sun, Sat
}


def _write(directory: Path, name: str, data: object) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


# ---- the calendar itself -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        # 2024 春节: 02-10 (Sat) to 02-17 (Sat) off; 02-04 (Sun) and 02-18 (Sun) working; 除夕 02-09 (Fri) working.
        ("2024-02-03", False), ("2024-02-04", True), ("2024-02-09", True), ("2024-02-10", False),
        ("2024-02-12", False), ("2024-02-17", False), ("2024-02-18", True), ("2024-02-19", True),
        # 2024 国庆: 10-01 (Tue) to 10-07 (Mon) off; 09-29 (Sun) and 10-12 (Sat) working.
        ("2024-09-29", True), ("2024-10-07", False), ("2024-10-08", True), ("2024-10-12", True), ("2024-10-13", False),
        # 2025 春节: 01-28 (Tue) to 02-04 (Tue) off; 01-26 (Sun) and 02-08 (Sat) working.
        ("2025-01-25", False), ("2025-01-26", True), ("2025-01-27", True), ("2025-01-28", False),
        ("2025-02-04", False), ("2025-02-05", True), ("2025-02-08", True), ("2025-02-09", False),
        # 2025 国庆/中秋: 10-01 (Wed) to 10-08 (Wed) off; 09-28 (Sun) and 10-11 (Sat) working.
        ("2025-09-28", True), ("2025-09-30", True), ("2025-10-01", False), ("2025-10-06", False),
        ("2025-10-08", False), ("2025-10-09", True), ("2025-10-11", True), ("2025-10-12", False),
        # 2026 春节: 02-15 (Sun) to 02-23 (Mon) off; 02-14 (Sat) and 02-28 (Sat) working.
        ("2026-02-13", True), ("2026-02-14", True), ("2026-02-15", False), ("2026-02-23", False),
        ("2026-02-24", True), ("2026-02-28", True), ("2026-03-01", False),
        # 2026 中秋 09-25 (Fri) to 09-27 (Sun); 国庆 10-01 (Thu) to 10-07 (Wed); 09-20 (Sun) and 10-10 (Sat) working.
        ("2026-09-20", True), ("2026-09-25", False), ("2026-09-28", True), ("2026-10-01", False),
        ("2026-10-07", False), ("2026-10-08", True), ("2026-10-10", True), ("2026-10-11", False),
    ],
)
def test_official_days(day: str, working: bool) -> None:
    assert CAL.is_workday(D(day)) is working
    assert CAL.is_official(D(day).year)


def test_agrees_with_chinesecalendar_on_every_day_it_knows() -> None:
    day = date(2004, 1, 1)
    while day.year <= 2026:
        assert CAL.is_workday(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


def test_2026_as_chinesecalendar_has_it_matches_the_published_notice() -> None:
    off = [d for d in (date(2026, 2, 13) + timedelta(days=i) for i in range(17)) if not chinese_calendar.is_workday(d)]
    assert off == [date(2026, 2, 15) + timedelta(days=i) for i in range(9)] + [date(2026, 3, 1)]
    assert chinese_calendar.is_workday(date(2026, 2, 14)) and chinese_calendar.is_workday(date(2026, 2, 28))
    assert [d.day for d in (date(2026, 10, i) for i in range(1, 12)) if not chinese_calendar.is_workday(d)] == [1, 2, 3, 4, 5, 6, 7, 11]
    assert chinese_calendar.is_workday(date(2026, 9, 20)) and chinese_calendar.is_workday(date(2026, 10, 10))


def test_describe_names_holidays_and_adjusted_days() -> None:
    assert CAL.describe(D("2025-01-29")).kind == "holiday" and CAL.describe(D("2025-01-29")).name == "春节"
    info = CAL.describe(D("2025-02-08"))
    assert (info.kind, info.workday, info.name, info.official) == ("adjusted_workday", True, "春节", True)
    assert CAL.describe(D("2025-03-08")).kind == "weekend"
    assert CAL.describe(D("2025-03-07")).kind == "workday"
    fallback = CAL.describe(D("2027-01-01"))
    assert (fallback.kind, fallback.official) == ("workday", False)


def test_years_without_data_fall_back_to_monday_to_friday() -> None:
    for year in (2003, 2027, 2031, 2100):
        assert not CAL.is_official(year)
        assert [CAL.is_workday(date(year, 3, d)) for d in range(1, 15)] == [
            date(year, 3, d).weekday() < 5 for d in range(1, 15)]
    # the package itself really refuses these years:
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(2027, 1, 4))


# ---- deadlines, hand-computed ----------------------------------------------------------------

CASES = [
    # 2024 春节 — filed Thu 02-08: 02-09 Fri (1), [02-10..17 off], 02-18 Sun (2), 19, 20, 21 (5),
    # 22, 23, 26, 27, 28 (10), 29, 03-01, 04, 05, 06 (15).
    ("2024-02-08", 2, "2024-02-18"), ("2024-02-08", 5, "2024-02-21"),
    ("2024-02-08", 10, "2024-02-28"), ("2024-02-08", 15, "2024-03-06"),
    # filed on a holiday, Mon 02-12: 02-18 (1), 19 (2), 20, 21, 22 (5), 23, 26, 27, 28, 29 (10), 03-01, 04, 05, 06, 07 (15).
    ("2024-02-12", 2, "2024-02-19"), ("2024-02-12", 5, "2024-02-22"),
    ("2024-02-12", 10, "2024-02-29"), ("2024-02-12", 15, "2024-03-07"),
    # filed on an adjusted working day, Sun 02-04 (it does not count): 05, 06 (2), 07, 08, 09 (5),
    # 18, 19, 20, 21, 22 (10), 23, 26, 27, 28, 29 (15).
    ("2024-02-04", 2, "2024-02-06"), ("2024-02-04", 5, "2024-02-09"),
    ("2024-02-04", 10, "2024-02-22"), ("2024-02-04", 15, "2024-02-29"),
    # filed on an ordinary Saturday 02-03: the 调休 Sunday 02-04 is the first working day.
    ("2024-02-03", 2, "2024-02-05"),
    # 2024 国庆 — filed Fri 09-27: 09-29 Sun (1), 30 (2), 10-08, 09, 10 (5), 11, 12 Sat, 14, 15, 16 (10), 17, 18, 21, 22, 23 (15).
    ("2024-09-27", 2, "2024-09-30"), ("2024-09-27", 5, "2024-10-10"),
    ("2024-09-27", 10, "2024-10-16"), ("2024-09-27", 15, "2024-10-23"),
    # filed on a holiday, Thu 10-03: 08, 09 (2), 10, 11, 12 Sat (5), 14..18 (10), 21..25 (15).
    ("2024-10-03", 2, "2024-10-09"), ("2024-10-03", 5, "2024-10-12"),
    ("2024-10-03", 10, "2024-10-18"), ("2024-10-03", 15, "2024-10-25"),
    # filed on the adjusted Sun 09-29: 30, 10-08.
    ("2024-09-29", 2, "2024-10-08"),
    # 2025 春节 — filed Mon 01-27: [01-28..02-04 off], 02-05, 06 (2), 07, 08 Sat, 10 (5), 11, 12, 13, 14, 17 (10), 18, 19, 20, 21, 24 (15).
    ("2025-01-27", 2, "2025-02-06"), ("2025-01-27", 5, "2025-02-10"),
    ("2025-01-27", 10, "2025-02-17"), ("2025-01-27", 15, "2025-02-24"),
    # filed on a holiday, Wed 01-29 (除夕 is 01-28): same counting from 02-05.
    ("2025-01-29", 2, "2025-02-06"), ("2025-01-29", 5, "2025-02-10"),
    ("2025-01-29", 10, "2025-02-17"), ("2025-01-29", 15, "2025-02-24"),
    # filed on the adjusted Sun 01-26: 01-27 (1), 02-05 (2), 06, 07, 08 Sat (5) — a deadline on a Saturday;
    # 10, 11, 12, 13, 14 (10), 17, 18, 19, 20, 21 (15).
    ("2025-01-26", 2, "2025-02-05"), ("2025-01-26", 5, "2025-02-08"),
    ("2025-01-26", 10, "2025-02-14"), ("2025-01-26", 15, "2025-02-21"),
    # filed on the adjusted Sat 02-08: 10, 11 (2), 12, 13, 14 (5).
    ("2025-02-08", 2, "2025-02-11"), ("2025-02-08", 5, "2025-02-14"),
    # 2025 国庆 — filed Tue 09-30: [10-01..08 off], 10-09, 10 (2), 11 Sat, 13, 14 (5), 15, 16, 17, 20, 21 (10), 22, 23, 24, 27, 28 (15).
    ("2025-09-30", 2, "2025-10-10"), ("2025-09-30", 5, "2025-10-14"),
    ("2025-09-30", 10, "2025-10-21"), ("2025-09-30", 15, "2025-10-28"),
    # filed Fri 09-26: 09-28 Sun (1), 29 (2), 30, 10-09, 10 (5).
    ("2025-09-26", 2, "2025-09-29"), ("2025-09-26", 5, "2025-10-10"),
    # filed on a holiday, Fri 10-03.
    ("2025-10-03", 2, "2025-10-10"), ("2025-10-03", 5, "2025-10-14"), ("2025-10-03", 15, "2025-10-28"),
    # filed on the adjusted Sat 10-11: 13, 14.
    ("2025-10-11", 2, "2025-10-14"),
    # 2026 春节 — filed Fri 02-13: 02-14 Sat (1), [02-15..23 off], 24 (2), 25, 26, 27 (5), 28 Sat, 03-02, 03, 04, 05 (10),
    # 06, 09, 10, 11, 12 (15).
    ("2026-02-13", 2, "2026-02-24"), ("2026-02-13", 5, "2026-02-27"),
    ("2026-02-13", 10, "2026-03-05"), ("2026-02-13", 15, "2026-03-12"),
    # filed on a holiday, Mon 02-16: 24, 25 (2), 26, 27, 28 Sat (5), 03-02..06 (10), 09..13 (15).
    ("2026-02-16", 2, "2026-02-25"), ("2026-02-16", 5, "2026-02-28"),
    ("2026-02-16", 10, "2026-03-06"), ("2026-02-16", 15, "2026-03-13"),
    # filed on the adjusted Sat 02-14: same as from the holiday.
    ("2026-02-14", 2, "2026-02-25"), ("2026-02-14", 5, "2026-02-28"), ("2026-02-14", 10, "2026-03-06"),
    # 2026 中秋 + 国庆 — filed Fri 09-18: 09-20 Sun (1), 21 (2), 22, 23, 24 (5), [25..27 off], 28, 29, 30,
    # [10-01..07 off], 10-08, 09 (10), 10 Sat, 12, 13, 14, 15 (15).
    ("2026-09-18", 2, "2026-09-21"), ("2026-09-18", 5, "2026-09-24"),
    ("2026-09-18", 10, "2026-10-09"), ("2026-09-18", 15, "2026-10-15"),
    # filed Wed 09-30 and on the holiday Thu 10-01: 10-08, 09 (2), 10 Sat, 12, 13 (5).
    ("2026-09-30", 2, "2026-10-09"), ("2026-09-30", 5, "2026-10-13"),
    ("2026-10-01", 2, "2026-10-09"), ("2026-10-01", 5, "2026-10-13"),
    # filed on the adjusted Sat 10-10: 12, 13.
    ("2026-10-10", 2, "2026-10-13"),
]


@pytest.mark.parametrize(("filed", "n", "expected"), CASES)
def test_hand_computed_deadlines(filed: str, n: int, expected: str) -> None:
    assert working_days_after(D(filed), n, CAL) == Deadline(D(expected), provisional=False)
    assert working_days_between(D(filed), D(expected), CAL) == n


def test_zero_days_is_the_start_itself_and_negative_is_refused() -> None:
    assert working_days_after(D("2025-10-03"), 0, CAL) == Deadline(D("2025-10-03"), False)
    assert working_days_after(D("2027-03-06"), 0, CAL) == Deadline(D("2027-03-06"), False)
    with pytest.raises(ValueError, match="不能为负数.*must not be negative"):
        working_days_after(D("2025-10-03"), -1, CAL)
    with pytest.raises(TypeError):
        working_days_after(datetime(2025, 10, 3, tzinfo=UTC), 2, CAL)  # an instant needs deadline_after
    with pytest.raises(TypeError):
        working_days_after(D("2025-10-03"), 2.0, CAL)  # type: ignore[arg-type]


# ---- years without data, and loading an arrangement ------------------------------------------


def test_across_the_year_boundary_into_a_year_without_data() -> None:
    # Tue 2026-12-29: 12-30 (1), 12-31 (2) — still 2026, official.
    assert working_days_after(D("2026-12-29"), 2, CAL) == Deadline(D("2026-12-31"), False)
    # Monday–Friday in 2027: 01-01 Fri (3), 01-04 Mon (4), 01-05 Tue (5) — provisional, no error.
    assert working_days_after(D("2026-12-29"), 5, CAL) == Deadline(D("2027-01-05"), True)
    due = deadline_after(datetime(2026, 12, 29, 2, 0, tzinfo=UTC), 5, CAL)
    assert (due.day, due.provisional) == (D("2027-01-05"), True)
    # Before 2004 too.
    assert working_days_after(D("2003-12-30"), 2, CAL) == Deadline(D("2004-01-02"), True)


def test_a_loaded_2027_file_makes_the_deadline_official(tmp_path: Path) -> None:
    _write(tmp_path / "calendar", "2027.json", FAKE_2027)
    calendar = WorkCalendar(extra_dirs=[tmp_path / "calendar", tmp_path / "missing"])
    assert calendar.is_official(2027) and calendar.loaded_years == [2027]
    assert calendar.source(2027) == FAKE_2027["source"]
    # 12-30 (1), 12-31 (2), [01-01..03 off], 01-04 (3), 05 (4), 06 (5).
    assert working_days_after(D("2026-12-29"), 5, calendar) == Deadline(D("2027-01-06"), False)
    # Spring Festival: Thu 02-04 → 02-05 Fri (1), 02-08 Mon (2) by Monday–Friday;
    # with the file: [02-05..11 off], 02-12 Fri (1), 02-14 Sun (2).
    assert working_days_after(D("2027-02-04"), 2, CAL) == Deadline(D("2027-02-08"), True)
    assert working_days_after(D("2027-02-04"), 2, calendar) == Deadline(D("2027-02-14"), False)
    # 2028 still has no data.
    assert working_days_after(D("2027-12-30"), 2, calendar) == Deadline(D("2028-01-03"), True)


def test_a_loaded_file_overrides_chinesecalendar_for_its_year(tmp_path: Path) -> None:
    override = {"year": 2025, "source": "测试 (test)", "holidays": [{"name": "测试假", "from": "2025-03-03", "to": "2025-03-04"}]}
    calendar = WorkCalendar(extra_dirs=[_write(tmp_path, "x.json", override).parent])
    assert not calendar.is_workday(D("2025-03-03"))
    assert calendar.is_workday(D("2025-10-01"))  # the file is the whole year: its National Day is not in it
    assert calendar.is_workday(D("2026-10-01")) is False  # other years still come from chinesecalendar


def test_a_broken_or_duplicate_file_in_the_calendar_directory_is_reported_by_name(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "2027.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ArrangementError) as caught:
        WorkCalendar(extra_dirs=[tmp_path / "a"])
    assert "2027.json" in str(caught.value) and "JSON" in str(caught.value)
    _write(tmp_path / "b", "one.json", FAKE_2027)
    _write(tmp_path / "c", "two.json", FAKE_2027)
    with pytest.raises(ArrangementError, match="one file per year"):
        WorkCalendar(extra_dirs=[tmp_path / "b", tmp_path / "c"])


def _errors(data: dict) -> dict[str, str]:
    with pytest.raises(ArrangementError) as caught:
        parse_arrangement(data)
    return {error.field: f"{error.zh} | {error.en}" for error in caught.value.errors}


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"holidays": [{"name": "元旦", "from": "2026-12-31", "to": "2027-01-01"}]}, "holidays[0].from", ("不在 2027 年", "not in 2027")),
        ({"workdays": ["2028-01-01"]}, "workdays[0]", ("不在 2027 年", "not in 2027")),
        ({"holidays": [FAKE_2027["holidays"][1], {"name": "x", "from": "2027-02-11", "to": "2027-02-12"}]},
         "holidays[1]", ("重叠", "overlaps")),
        ({"workdays": ["2027-02-06"]}, "workdays[0]", ("假期", "inside")),
        ({"workdays": ["2027-02-15"]}, "workdays[0]", ("星期一", "Monday")),
        ({"workdays": ["2027-02-30"]}, "workdays[0]", ("不是有效日期", "not a valid date")),
        ({"workdays": ["2027/02/14"]}, "workdays[0]", ("YYYY-MM-DD", "YYYY-MM-DD")),
        ({"workdays": ["2027-02-14", "2027-02-14"]}, "workdays[1]", ("重复", "twice")),
        ({"holidays": [{"name": "春节", "from": "2027-02-11", "to": "2027-02-05"}]}, "holidays[0].to", ("早于", "before")),
        ({"holidays": [{"name": "春节", "from": "2027-02-01", "to": "2027-12-11"}]}, "holidays[0].to", ("超过", "longer")),
        ({"holidays": [{"from": "2027-02-05", "to": "2027-02-11"}]}, "holidays[0].name", ("名称", "name")),
        ({"holidays": []}, "holidays", ("至少", "at least one")),
        ({"year": "2027"}, "year", ("整数", "integer")),
        ({"source": " "}, "source", ("发布依据", "notice")),
        ({"holiday": []}, "holiday", ("未知字段", "unknown field")),
    ],
)
def test_arrangement_validation_names_the_field(change: dict, field: str, words: tuple[str, str]) -> None:
    errors = _errors({**FAKE_2027, **change})
    assert field in errors, errors
    assert words[0] in errors[field] and words[1] in errors[field]


def test_every_problem_is_reported_at_once() -> None:
    errors = _errors({**FAKE_2027, "source": "", "workdays": ["2027-02-15", "2027-02-06"]})
    assert set(errors) == {"source", "workdays[0]", "workdays[1]"}


def test_a_valid_arrangement_round_trips() -> None:
    arrangement = parse_arrangement(FAKE_2027)
    assert arrangement.year == 2027 and [h.days for h in arrangement.holidays] == [3, 7]
    assert arrangement.adjusted_workdays() == {D("2027-02-14"): "春节", D("2027-02-20"): "春节"}


# ---- instants: Asia/Shanghai, end of day -----------------------------------------------------


def test_the_filing_date_is_the_shanghai_date() -> None:
    # 2025-01-24 23:30 Shanghai = 15:30 UTC is the 24th; 16:30 UTC is 00:30 on the 25th.
    assert shanghai_date(datetime(2025, 1, 24, 15, 30, tzinfo=UTC)) == D("2025-01-24")
    assert shanghai_date(datetime(2025, 1, 24, 16, 30, tzinfo=UTC)) == D("2025-01-25")
    # Fri 24th and Sat 25th both lead to the adjusted Sunday 26th as the first working day.
    assert deadline_after(datetime(2025, 1, 24, 15, 30, tzinfo=UTC), 1, CAL).day == D("2025-01-26")
    assert deadline_after(datetime(2025, 1, 24, 16, 30, tzinfo=UTC), 1, CAL).day == D("2025-01-26")
    # Where the filing date changes the answer: Thu 23rd 23:30 Shanghai → 24 (1), 26 Sun (2);
    # Fri 24th 00:30 Shanghai → 26 (1), 27 (2).
    assert deadline_after(datetime(2025, 1, 23, 15, 30, tzinfo=UTC), 2, CAL).day == D("2025-01-26")
    assert deadline_after(datetime(2025, 1, 23, 16, 30, tzinfo=UTC), 2, CAL).day == D("2025-01-27")


def test_the_deadline_is_the_end_of_the_day_in_shanghai() -> None:
    due = deadline_after(datetime(2025, 9, 30, 2, 0, tzinfo=UTC), 2, CAL)
    assert (due.day, due.provisional) == (D("2025-10-10"), False)
    assert due.at == datetime(2025, 10, 10, 15, 59, 59, 999999, tzinfo=UTC)
    assert due.at.utcoffset() == timedelta(0)
    assert due.at.astimezone(SHANGHAI).replace(tzinfo=None) == datetime(2025, 10, 10, 23, 59, 59, 999999)
    assert not is_late(datetime(2025, 10, 10, 15, 59, 59, 999999, tzinfo=UTC), due)  # 23:59:59.999999 Shanghai
    assert is_late(datetime(2025, 10, 10, 16, 0, tzinfo=UTC), due)  # 00:00 on the 11th, Shanghai
    assert not is_late(datetime(2025, 10, 10, 23, 59, tzinfo=SHANGHAI), due)  # any aware zone is fine
    with pytest.raises(ValueError, match="timezone-aware"):
        deadline_after(datetime(2025, 9, 30, 2, 0), 2, CAL)
    with pytest.raises(ValueError, match="timezone-aware"):
        is_late(datetime(2025, 10, 11), due)


# ---- properties ------------------------------------------------------------------------------

DAYS = st.dates(min_value=date(2002, 1, 1), max_value=date(2029, 12, 31))
N = st.integers(min_value=0, max_value=45)


@given(DAYS, st.integers(min_value=1, max_value=45))
def test_the_deadline_is_a_working_day_strictly_after_the_filing_day(start: date, n: int) -> None:
    due = working_days_after(start, n, CAL)
    assert due.day > start
    assert CAL.is_workday(due.day)
    assert working_days_between(start, due.day, CAL) == n
    assert working_days_between(start, due.day - timedelta(days=1), CAL) == n - 1


@given(DAYS, N, N)
def test_monotonic_in_n_and_additive(start: date, a: int, b: int) -> None:
    first, second = working_days_after(start, a, CAL), working_days_after(start, b, CAL)
    if a < b:
        assert first.day < second.day
    chained = working_days_after(first.day, b, CAL)
    assert chained.day == working_days_after(start, a + b, CAL).day


@given(DAYS, DAYS, N)
def test_monotonic_in_the_start_date(s1: date, s2: date, n: int) -> None:
    s1, s2 = min(s1, s2), max(s1, s2)
    assert working_days_after(s1, n, CAL).day <= working_days_after(s2, n, CAL).day


@given(DAYS, N)
def test_provisional_exactly_when_a_counted_day_lies_outside_official_years(start: date, n: int) -> None:
    due = working_days_after(start, n, CAL)
    if n == 0:
        assert not due.provisional
        return
    examined_years = range((start + timedelta(days=1)).year, due.day.year + 1)  # the filing day is not examined
    assert due.provisional == any(not 2004 <= year <= 2026 for year in examined_years)


@given(DAYS, DAYS)
def test_working_days_between_is_antisymmetric(a: date, b: date) -> None:
    assert working_days_between(a, b, CAL) == -working_days_between(b, a, CAL)


@given(st.datetimes(min_value=datetime(2003, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC)), N)
def test_deadline_instant_matches_the_shanghai_day(filed_at: datetime, n: int) -> None:
    due = deadline_after(filed_at, n, CAL)
    assert due.day == working_days_after(shanghai_date(filed_at), n, CAL).day
    assert shanghai_date(due.at) == due.day
    assert not is_late(due.at, due) and is_late(due.at + timedelta(microseconds=1), due)
    assert shanghai_date(due.at + timedelta(microseconds=1)) == due.day + timedelta(days=1)
    assert not is_late(filed_at, due)


# ---- calendar periods (第三十一条) -----------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "years", "months", "expected"),
    [
        (datetime(2024, 2, 29, 10, 0), 3, 0, datetime(2027, 2, 28, 10, 0)),
        (datetime(2024, 2, 29, 10, 0), 4, 0, datetime(2028, 2, 29, 10, 0)),
        (datetime(2026, 1, 31, 9, 30), 0, 1, datetime(2026, 2, 28, 9, 30)),
        (datetime(2024, 1, 31), 0, 1, datetime(2024, 2, 29)),
        (datetime(2026, 11, 30), 0, 3, datetime(2027, 2, 28)),
        (datetime(2024, 3, 31), 0, -1, datetime(2024, 2, 29)),
        (datetime(2024, 5, 31), 0, -3, datetime(2024, 2, 29)),
    ],
)
def test_calendar_periods_clamp_to_the_month_end(start: datetime, years: int, months: int, expected: datetime) -> None:
    assert (add_years(start, years) if years else add_months(start, months)) == expected
    assert add_months(start.date(), months + 12 * years) == expected.date()


def test_aware_periods_follow_the_shanghai_calendar() -> None:
    # 2026-03-31 02:00 Shanghai is 03-30 18:00 UTC; one month later is 04-30 02:00 Shanghai = 04-29 18:00 UTC.
    granted = datetime(2026, 3, 30, 18, 0, tzinfo=UTC)
    assert add_months(granted, 1) == datetime(2026, 4, 29, 18, 0, tzinfo=UTC)
    assert add_months(granted, 1).tzinfo is UTC
    # 2024-02-29 20:00 UTC is 03-01 04:00 Shanghai: three years later, 2027-03-01 04:00 Shanghai.
    assert add_years(datetime(2024, 2, 29, 20, 0, tzinfo=UTC), 3) == datetime(2027, 2, 28, 20, 0, tzinfo=UTC)
    assert add_years(datetime(2024, 2, 29, 4, 0, tzinfo=UTC), 3) == datetime(2027, 2, 28, 4, 0, tzinfo=UTC)


def _month_end(year: int, month: int) -> int:
    return ((date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)).day


@hsettings(max_examples=300)
@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 12, 31)),
       st.integers(min_value=-1200, max_value=1200))
def test_add_months_never_raises_and_stays_within_the_clamp(start: datetime, months: int) -> None:
    result = add_months(start, months)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    assert result.day == min(start.day, _month_end(result.year, result.month))
    assert result.time() == start.time()
    assert add_years(start, months // 12) == add_months(start, 12 * (months // 12))


@hsettings(max_examples=200)
@given(st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2150, 12, 31), timezones=st.just(UTC)),
       st.integers(min_value=-100, max_value=100))
def test_aware_add_years_never_raises(start: datetime, years: int) -> None:
    result = add_years(start, years)
    local_start, local_result = start.astimezone(SHANGHAI), result.astimezone(SHANGHAI)
    assert local_result.year == local_start.year + years and local_result.month == local_start.month
    assert local_result.day == min(local_start.day, _month_end(local_result.year, local_result.month))
    assert result.utcoffset() == timedelta(0)


# ---- the CLI module (the lead wires it into server/cli.py) ------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mulu")
    cli_workdays.add_parser(parser.add_subparsers(dest="command", required=True))
    return parser


def _run(tmp_path: Path, *argv: str) -> int:
    return cli_workdays.run(_parser().parse_args(["workdays", *argv]), make_settings(data_dir=tmp_path / "data"))


def test_cli_add(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(tmp_path, "add", "2025-09-30", "2") == 0
    assert capsys.readouterr().out == "2025-10-10\n"
    assert _run(tmp_path, "add", "2026-12-29", "5") == 0
    assert capsys.readouterr().out == "2027-01-05 provisional\n"
    assert _run(tmp_path, "add", "2025-10-03", "0") == 0
    assert capsys.readouterr().out == "2025-10-03\n"


@pytest.mark.parametrize(("day", "n", "words"), [
    ("2025/09/30", "2", "YYYY-MM-DD"), ("2025-02-30", "2", "YYYY-MM-DD"), ("2025-09-30", "two", "whole number"),
    ("2025-09-30", "-1", "negative"), ("9999-12-31", "1", "out of range"),
])
def test_cli_add_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str], day: str, n: str, words: str) -> None:
    assert _run(tmp_path, "add", day, n) == 2
    out = capsys.readouterr()
    assert out.out == "" and words in out.err
    assert any("\u4e00" <= ch <= "\u9fff" for ch in out.err)  # a Chinese message beside the English


def test_cli_check_and_load(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _write(tmp_path / "incoming", "国务院2027安排.json", FAKE_2027)
    calendar_dir = tmp_path / "data" / "calendar"

    assert _run(tmp_path, "check", str(source)) == 0
    out = capsys.readouterr().out
    assert "valid" in out and "春节" in out and "2027-02-14" in out and "2027-01-01" in out
    assert not calendar_dir.exists()  # check writes nothing

    assert _run(tmp_path, "load", str(source)) == 0
    out = capsys.readouterr().out
    assert str(calendar_dir / "2027.json") in out and "春节" in out and "audit event 1" in out
    assert (calendar_dir / "2027.json").read_bytes() == source.read_bytes()
    assert list(calendar_dir.iterdir()) == [calendar_dir / "2027.json"]

    calendar = cli_workdays.calendar_for(make_settings(data_dir=tmp_path / "data"))
    assert calendar.is_official(2027)
    assert _run(tmp_path, "add", "2026-12-29", "5") == 0
    assert capsys.readouterr().out == "2027-01-06\n"

    # Loading again replaces the same file and says nothing changes.
    assert _run(tmp_path, "load", str(source)) == 0
    assert "same" in capsys.readouterr().out


def test_cli_load_is_an_audit_event_or_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """第三十八条: an installed calendar appends CALENDAR_LOAD (who, the file's sha256) to the audit
    log; when the log cannot be written, the file is taken back."""
    import asyncio
    import hashlib

    from graph.connect import open_store
    from graph.repos import audit as audit_repo
    from server.domain.records.audit import AuditAction, AuditFilter

    source = _write(tmp_path / "incoming", "2027.json", FAKE_2027)
    assert _run(tmp_path, "load", str(source)) == 0
    capsys.readouterr()

    async def events() -> list:
        async with open_store(make_settings(data_dir=tmp_path / "data")) as store:
            return (await audit_repo.page(store, AuditFilter(action=AuditAction.CALENDAR_LOAD), 0, 10))[1]

    [event] = asyncio.run(events())
    assert event.target.id == "2027" and event.actor.roles == ("CLI",)
    assert event.after["sha256"] == hashlib.sha256(source.read_bytes()).hexdigest() and event.after["replacedSha256"] is None

    elsewhere = tmp_path / "other"
    (elsewhere / "data").mkdir(parents=True)
    (elsewhere / "data" / "falkordb").write_text("not a directory: the engine cannot start here", encoding="utf-8")
    assert _run(elsewhere, "load", str(source)) == 2
    assert "audit log cannot be written" in capsys.readouterr().err
    assert not (elsewhere / "data" / "calendar" / "2027.json").exists()


def test_cli_refuses_a_bad_file_and_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = _write(tmp_path, "bad.json", {**FAKE_2027, "workdays": ["2027-02-15"]})
    assert _run(tmp_path, "check", str(bad)) == 2
    err = capsys.readouterr().err
    assert "workdays[0]" in err and "星期一" in err and "Monday" in err
    assert _run(tmp_path, "load", str(bad)) == 2
    assert "workdays[0]" in capsys.readouterr().err
    assert not (tmp_path / "data" / "calendar").exists()
    assert _run(tmp_path, "load", str(tmp_path / "nope.json")) == 2
    assert "cannot read" in capsys.readouterr().err


def test_cli_load_refuses_a_second_file_for_the_same_year(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(tmp_path / "data" / "calendar", "hand-made.json", FAKE_2027)
    source = _write(tmp_path, "new.json", FAKE_2027)
    assert _run(tmp_path, "load", str(source)) == 2
    assert "hand-made.json" in capsys.readouterr().err
    assert not (tmp_path / "data" / "calendar" / "2027.json").exists()


def test_cli_load_replaces_a_broken_file_of_the_same_year(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "data" / "calendar").mkdir(parents=True)
    (tmp_path / "data" / "calendar" / "2027.json").write_text("{broken", encoding="utf-8")
    source = _write(tmp_path, "new.json", FAKE_2027)
    assert _run(tmp_path, "load", str(source)) == 0
    assert "invalid" in capsys.readouterr().out
    assert cli_workdays.calendar_for(make_settings(data_dir=tmp_path / "data")).is_official(2027)
