"""Working-day deadlines on China's official calendar (第十二条, 第三十条, 第三十二条).

The rules say "within N 个工作日": 15 to update the catalog after a change (第十二条), 2 for the
authority's review and 5 or 10 for the provider's answer (第三十条), 5 to correct reported
data (第三十二条). Working days are those of the official calendar: Monday to Friday, minus
the statutory holidays, plus the weekend days the State Council moves to work (调休).

Where the calendar comes from, per year:

1. an arrangement file an admin loaded (see `Arrangement`; `mulu workdays load FILE`) —
   it overrides everything else for its year;
2. the `chinesecalendar` package (2004–2026 in version 1.11.0; it raises for other years);
3. otherwise Monday–Friday, and every result that depends on such a year is marked
   *provisional*. Nothing here raises because a year has no data.

Conventions (every function is a pure function of its arguments — no wall clock):

- 期间开始的当日不计入: the day of filing never counts, whether or not it is a working day.
  `working_days_after(start, n)` is the Nth working day strictly after `start`.
- `n == 0` gives `start` itself (nothing counted, never provisional); it is the identity of
  the arithmetic, `working_days_after(working_days_after(s, a).day, b) == working_days_after(s, a + b)`.
  Negative `n` raises ValueError.
- A deadline instant is the END of the deadline day in Asia/Shanghai: `DeadlineInstant.at`
  is 23:59:59.999999 local time on that day (the last representable instant), in UTC.
  Acting at `at` is on time; `is_late(acted_at, deadline)` is `acted_at > deadline.at`.
- `working_days_between(a, b)` counts the working days d with a < d <= b (negative when b < a),
  so `working_days_between(s, working_days_after(s, n).day) == n`.

Calendar periods (第三十一条: three years, three months) are in `server.domain.periods`.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

try:  # Asia/Shanghai has had no daylight saving time since 1991: a fixed +08:00 is exact if tzdata is missing.
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    SHANGHAI: Any = ZoneInfo("Asia/Shanghai")
except (ImportError, ZoneInfoNotFoundError):  # pragma: no cover - depends on the host's tz database
    SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")

try:
    import chinese_calendar as _cc
except ImportError:  # pragma: no cover - it is a declared dependency
    _cc = None

__all__ = [
    "SHANGHAI",
    "Arrangement",
    "ArrangementError",
    "DayInfo",
    "Deadline",
    "DeadlineInstant",
    "FieldError",
    "HolidayRange",
    "WorkCalendar",
    "deadline_after",
    "end_of_day",
    "is_late",
    "load_arrangement_file",
    "load_arrangements",
    "parse_arrangement",
    "parse_arrangement_text",
    "shanghai_date",
    "working_days_after",
    "working_days_between",
]

ONE_DAY = timedelta(days=1)
WEEKDAY_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
WEEKDAY_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MAX_HOLIDAY_DAYS = 31  # a longer range is almost certainly a typo in a month
YEAR_RANGE = (1900, 2199)
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TOP_KEYS = ("year", "source", "holidays", "workdays", "note")
_HOLIDAY_KEYS = ("name", "from", "to")


# ---- results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    """The deadline day; `provisional` when a day counted lies in a year without official data."""

    day: date
    provisional: bool


@dataclass(frozen=True)
class DeadlineInstant:
    """The end of the deadline day in Asia/Shanghai, as an aware UTC datetime.

    `at` is 23:59:59.999999 Shanghai time on `day` — the last instant that is still on time.
    """

    at: datetime
    day: date
    provisional: bool


@dataclass(frozen=True)
class DayInfo:
    """What the calendar says about one day (for display and for the `check` report)."""

    day: date
    workday: bool
    kind: str  # "workday" | "weekend" | "holiday" | "adjusted_workday" (调休上班)
    name: str | None  # the holiday a holiday or adjusted working day belongs to
    official: bool  # False: Monday–Friday fallback, the year has no official data
    source: str


# ---- arrangement files -----------------------------------------------------------------------


@dataclass(frozen=True)
class FieldError:
    """One problem in an arrangement file, naming the field (`holidays[1].from`)."""

    field: str
    zh: str
    en: str

    def __str__(self) -> str:
        return f"{self.field}: {self.zh} ({self.en})"


class ArrangementError(ValueError):
    """An arrangement file is invalid; `errors` lists every problem, each naming its field."""

    def __init__(self, errors: Iterable[FieldError], origin: str | None = None) -> None:
        self.errors: tuple[FieldError, ...] = tuple(errors)
        self.origin = origin
        prefix = f"{origin}: " if origin else ""
        super().__init__(prefix + "; ".join(str(error) for error in self.errors))


@dataclass(frozen=True)
class HolidayRange:
    name: str
    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def dates(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range(self.days)]


@dataclass(frozen=True)
class Arrangement:
    """One year's official arrangement, as the State Council's notice publishes it.

    The file (JSON, UTF-8) looks like::

        {"year": 2027,
         "source": "国务院办公厅关于2027年部分节假日安排的通知",
         "holidays": [{"name": "春节", "from": "2027-02-05", "to": "2027-02-11"}, ...],
         "workdays": ["2027-02-14", ...],
         "note": "optional free text"}

    `holidays` are the ranges the notice lists as 放假 (weekends inside them included);
    `workdays` are the weekend days it lists as 上班 (调休). Every date must lie in `year`:
    when a notice names a day of the neighbouring year (the 2012 notice's 2011-12-31 上班),
    that day belongs in the neighbouring year's file.
    """

    year: int
    source: str
    holidays: tuple[HolidayRange, ...]
    workdays: tuple[date, ...]
    note: str = ""
    origin: str | None = field(default=None, compare=False)

    def off_days(self) -> dict[date, str]:
        return {day: holiday.name for holiday in self.holidays for day in holiday.dates()}

    def adjusted_workdays(self) -> dict[date, str]:
        """Each 调休 working day with the holiday it serves (the nearest range by date)."""
        named: dict[date, str] = {}
        for day in self.workdays:
            nearest = min(self.holidays, key=lambda h: min(abs((h.first - day).days), abs((h.last - day).days)))
            named[day] = nearest.name
        return named

    def summary(self) -> list[str]:
        """Lines a person reads to confirm the file says what the notice says."""
        lines = [f"{self.year} 年 (year {self.year}) — 来源 (source): {self.source}"]
        for holiday in self.holidays:
            lines.append(
                f"  放假 (holiday) {holiday.name}: {holiday.first.isoformat()} 至 (to) {holiday.last.isoformat()}, "
                f"{holiday.days} 天 (days)"
            )
        for day, name in sorted(self.adjusted_workdays().items()):
            lines.append(
                f"  调休上班 (adjusted working day) {day.isoformat()} {WEEKDAY_ZH[day.weekday()]} "
                f"({WEEKDAY_EN[day.weekday()]}), {name}"
            )
        if self.note:
            lines.append(f"  备注 (note): {self.note}")
        return lines


def _parse_date(value: Any, where: str, year: int | None, errors: list[FieldError]) -> date | None:
    if not isinstance(value, str) or not _DATE_RE.fullmatch(value):
        errors.append(FieldError(where, f"日期格式应为 YYYY-MM-DD，实为 {value!r}",
                                 f"a date must be written YYYY-MM-DD, got {value!r}"))
        return None
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        errors.append(FieldError(where, f"不是有效日期: {value}", f"not a valid date: {value}"))
        return None
    if year is not None and parsed.year != year:
        errors.append(FieldError(where, f"日期 {value} 不在 {year} 年内（邻年的日期请写入该年的文件）",
                                 f"{value} is not in {year}; a date of another year belongs in that year's file"))
        return None
    return parsed


def parse_arrangement(data: Any, origin: str | None = None) -> Arrangement:
    """Validates a decoded arrangement (a dict) and returns it; raises ArrangementError listing every problem."""
    errors: list[FieldError] = []
    if not isinstance(data, Mapping):
        raise ArrangementError([FieldError("(file)", "文件内容应为一个 JSON 对象 {…}",
                                           "the file must hold one JSON object {…}")], origin)
    for key in data:
        if key not in _TOP_KEYS:
            errors.append(FieldError(str(key), f"未知字段，可用字段: {', '.join(_TOP_KEYS)}",
                                     f"unknown field; the fields are {', '.join(_TOP_KEYS)}"))

    year = data.get("year")
    if "year" not in data:
        errors.append(FieldError("year", "缺少年份", "the year is missing"))
        year = None
    elif isinstance(year, bool) or not isinstance(year, int) or not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        errors.append(FieldError("year", f"年份应为 {YEAR_RANGE[0]}–{YEAR_RANGE[1]} 之间的整数，实为 {year!r}",
                                 f"the year must be an integer between {YEAR_RANGE[0]} and {YEAR_RANGE[1]}, got {year!r}"))
        year = None

    source = data.get("source")
    if not isinstance(source, str) or not source.strip():
        errors.append(FieldError("source", "请填写发布依据（通知的名称或文号）",
                                 "name the notice this arrangement comes from: its title or document number"))
        source = ""

    note = data.get("note", "")
    if not isinstance(note, str):
        errors.append(FieldError("note", "备注应为文本", "the note must be text"))
        note = ""

    holidays: list[tuple[int, HolidayRange]] = []
    raw_holidays = data.get("holidays")
    if not isinstance(raw_holidays, list) or not raw_holidays:
        errors.append(FieldError("holidays", "应为至少包含一段假期的列表",
                                 "must be a list of at least one holiday range"))
        raw_holidays = []
    for index, raw in enumerate(raw_holidays):
        where = f"holidays[{index}]"
        if not isinstance(raw, Mapping):
            errors.append(FieldError(where, '应为 {"name": …, "from": …, "to": …}',
                                     'must be {"name": …, "from": …, "to": …}'))
            continue
        for key in raw:
            if key not in _HOLIDAY_KEYS:
                errors.append(FieldError(f"{where}.{key}", f"未知字段，可用字段: {', '.join(_HOLIDAY_KEYS)}",
                                         f"unknown field; the fields are {', '.join(_HOLIDAY_KEYS)}"))
        name = raw.get("name")
        if not isinstance(name, str) or not name.strip():
            errors.append(FieldError(f"{where}.name", "请填写节日名称", "the holiday needs a name"))
            name = ""
        first = _parse_date(raw.get("from"), f"{where}.from", year, errors)
        last = _parse_date(raw.get("to"), f"{where}.to", year, errors)
        if first is None or last is None:
            continue
        if last < first:
            errors.append(FieldError(f"{where}.to", f"结束日期 {last} 早于开始日期 {first}",
                                     f"the range ends ({last}) before it begins ({first})"))
            continue
        if (last - first).days + 1 > MAX_HOLIDAY_DAYS:
            errors.append(FieldError(f"{where}.to", f"一段假期超过 {MAX_HOLIDAY_DAYS} 天，请检查月份",
                                     f"a holiday range longer than {MAX_HOLIDAY_DAYS} days: check the month"))
            continue
        holidays.append((index, HolidayRange(name.strip(), first, last)))

    ordered = sorted(holidays, key=lambda pair: pair[1].first)
    for (index_a, a), (index_b, b) in zip(ordered, ordered[1:]):
        if b.first <= a.last:
            errors.append(FieldError(
                f"holidays[{index_b}]",
                f"与 holidays[{index_a}]（{a.name} {a.first}–{a.last}）重叠",
                f"overlaps holidays[{index_a}], {a.name} {a.first} to {a.last}"))

    workdays: list[date] = []
    raw_workdays = data.get("workdays", [])
    if not isinstance(raw_workdays, list):
        errors.append(FieldError("workdays", '应为日期列表，如 ["2027-02-14"]', 'must be a list of dates, e.g. ["2027-02-14"]'))
        raw_workdays = []
    seen: dict[date, int] = {}
    for index, raw in enumerate(raw_workdays):
        where = f"workdays[{index}]"
        day = _parse_date(raw, where, year, errors)
        if day is None:
            continue
        if day in seen:
            errors.append(FieldError(where, f"{day} 重复（已见于 workdays[{seen[day]}]）",
                                     f"{day} is listed twice, also as workdays[{seen[day]}]"))
            continue
        seen[day] = index
        if day.weekday() < 5:
            errors.append(FieldError(
                where,
                f"{day} 是{WEEKDAY_ZH[day.weekday()]}，调休上班日只能是周六或周日",
                f"{day} is a {WEEKDAY_EN[day.weekday()]}; an adjusted working day must be a Saturday or Sunday"))
            continue
        clash = next(((i, h) for i, h in holidays if h.first <= day <= h.last), None)
        if clash is not None:
            i, h = clash
            errors.append(FieldError(where, f"{day} 同时在假期 holidays[{i}]（{h.name}）内",
                                     f"{day} is also inside holidays[{i}], {h.name}"))
            continue
        workdays.append(day)

    if errors:
        raise ArrangementError(errors, origin)
    assert year is not None
    return Arrangement(
        year=year,
        source=source.strip(),
        holidays=tuple(h for _, h in ordered),
        workdays=tuple(sorted(workdays)),
        note=note.strip(),
        origin=origin,
    )


def parse_arrangement_text(text: str, origin: str | None = None) -> Arrangement:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ArrangementError([FieldError(
            f"(line {exc.lineno}, column {exc.colno})",
            f"不是有效的 JSON: {exc.msg}", f"not valid JSON: {exc.msg}")], origin) from None
    return parse_arrangement(data, origin)


def load_arrangement_file(path: Path | str) -> Arrangement:
    """Reads and validates one file (UTF-8, a byte-order mark is tolerated)."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ArrangementError([FieldError("(file)", "文件应为 UTF-8 编码", "the file must be UTF-8 text")], str(path)) from None
    except OSError as exc:
        raise ArrangementError([FieldError("(file)", f"无法读取文件: {exc.strerror}",
                                           f"cannot read the file: {exc.strerror}")], str(path)) from None
    return parse_arrangement_text(text, str(path))


def load_arrangements(dirs: Iterable[Path | str]) -> list[Arrangement]:
    """Every `*.json` in the given directories (missing directories are skipped), sorted by year.

    Raises ArrangementError for an invalid file, or for two files that give the same year.
    """
    found: dict[int, Arrangement] = {}
    for directory in dirs:
        directory = Path(directory)
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob("*.json")):
            arrangement = load_arrangement_file(path)
            other = found.get(arrangement.year)
            if other is not None:
                raise ArrangementError([FieldError(
                    "year", f"{arrangement.year} 年已由 {other.origin} 给出，每年只能有一个安排文件",
                    f"{arrangement.year} is already given by {other.origin}; keep one file per year")], str(path))
            found[arrangement.year] = arrangement
    return [found[year] for year in sorted(found)]


# ---- the calendar ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Year:
    official: bool
    source: str
    off: Mapping[date, str]  # Monday–Friday days that are off, with the holiday name
    on: Mapping[date, str]  # Saturday/Sunday days that are worked (调休)
    holiday_names: Mapping[date, str]  # every day inside a holiday, weekend or not


_CC_NAMES: dict[str, str] = {h.value: h.chinese for h in _cc.Holiday} if _cc is not None else {}
_CC_SOURCE = f"chinesecalendar {getattr(_cc, '__version__', '?')}"
FALLBACK_SOURCE = "周一至周五（暂定，无官方安排） (Monday–Friday, provisional: no official arrangement)"


class WorkCalendar:
    """Which dates are working days, per year, and whether that is official.

    `WorkCalendar(extra_dirs=[path, ...])` loads every `*.json` arrangement file in those
    directories (see `Arrangement`); a loaded file overrides `chinesecalendar` for its year.
    `arrangements=` passes already-parsed ones; `builtin=False` ignores `chinesecalendar`.
    Files are read once, here; after construction everything is pure and thread-safe.
    """

    def __init__(
        self,
        extra_dirs: Iterable[Path | str] = (),
        *,
        arrangements: Iterable[Arrangement] = (),
        builtin: bool = True,
    ) -> None:
        loaded: dict[int, Arrangement] = {}
        for arrangement in [*load_arrangements(extra_dirs), *arrangements]:
            loaded[arrangement.year] = arrangement  # explicit arrangements win over files
        self._arrangements = loaded
        self._builtin = builtin and _cc is not None
        self._years: dict[int, _Year] = {}
        self._lock = threading.Lock()

    # -- queries

    def is_workday(self, day: date) -> bool:
        table = self._year(day.year)
        if day.weekday() < 5:
            return day not in table.off
        return day in table.on

    def is_official(self, year: int) -> bool:
        """True when the year's working days come from official data (a file or chinesecalendar)."""
        return self._year(year).official

    def source(self, year: int) -> str:
        return self._year(year).source

    def arrangement(self, year: int) -> Arrangement | None:
        """The loaded arrangement file for the year, if any."""
        return self._arrangements.get(year)

    @property
    def loaded_years(self) -> list[int]:
        return sorted(self._arrangements)

    def describe(self, day: date) -> DayInfo:
        table = self._year(day.year)
        workday = self.is_workday(day)
        weekend = day.weekday() >= 5
        if workday and weekend:
            kind = "adjusted_workday"
        elif workday:
            kind = "workday"
        elif day in table.holiday_names:
            kind = "holiday"
        else:
            kind = "weekend"
        return DayInfo(day, workday, kind, table.holiday_names.get(day) or table.on.get(day),
                       table.official, table.source)

    def with_arrangement(self, arrangement: Arrangement) -> "WorkCalendar":
        """A copy of this calendar with one more (or a replaced) arrangement."""
        clone = WorkCalendar(arrangements=[*self._arrangements.values(), arrangement], builtin=self._builtin)
        return clone

    def differences(self, other: "WorkCalendar", year: int) -> list[tuple[date, bool, bool]]:
        """(day, workday here, workday in `other`) for each day of `year` where the two disagree."""
        day, changed = date(year, 1, 1), []
        while day.year == year:
            here, there = self.is_workday(day), other.is_workday(day)
            if here != there:
                changed.append((day, here, there))
            day += ONE_DAY
        return changed

    # -- per-year tables, built once

    def _year(self, year: int) -> _Year:
        table = self._years.get(year)
        if table is None:
            with self._lock:
                table = self._years.get(year)
                if table is None:
                    table = self._build(year)
                    self._years[year] = table
        return table

    def _build(self, year: int) -> _Year:
        arrangement = self._arrangements.get(year)
        if arrangement is not None:
            names = arrangement.off_days()
            off = {day: name for day, name in names.items() if day.weekday() < 5}
            return _Year(True, arrangement.source, off, arrangement.adjusted_workdays(), names)
        if self._builtin and _cc_knows(year):
            off: dict[date, str] = {}
            on: dict[date, str] = {}
            names: dict[date, str] = {}
            day = date(year, 1, 1)
            while day.year == year:
                _, english = _cc.get_holiday_detail(day)
                name = _CC_NAMES.get(english, english) if english else None
                workday = _cc.is_workday(day)
                if day.weekday() < 5 and not workday:
                    off[day] = name or ""
                elif day.weekday() >= 5 and workday:
                    on[day] = name or ""
                if name and not workday:
                    names[day] = name
                day += ONE_DAY
            return _Year(True, _CC_SOURCE, off, on, names)
        return _Year(False, FALLBACK_SOURCE, {}, {}, {})


def _cc_knows(year: int) -> bool:
    if _cc is None or not 1 <= year <= 9999:
        return False
    try:
        _cc.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


# ---- deadline arithmetic ---------------------------------------------------------------------


def _check_n(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"工作日数应为整数 (the number of working days must be an int), got {n!r}")
    if n < 0:
        raise ValueError(f"工作日数不能为负数 (the number of working days must not be negative): {n}")


def _check_date(value: date, name: str) -> None:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{name}: 应为日期 date (expected a date, not {type(value).__name__}); "
                        "时刻请用 deadline_after (use deadline_after for instants)")


def _next_day(day: date) -> date:
    try:
        return day + ONE_DAY
    except OverflowError:
        raise ValueError(f"日期超出可计算范围 (date out of range): {day}") from None


def working_days_after(start: date, n: int, calendar: WorkCalendar) -> Deadline:
    """The Nth working day after `start`; `start` itself never counts (期间开始的当日不计入).

    n == 0 returns `start` itself, not provisional. n < 0 raises ValueError.
    `provisional` is True when any day examined after `start` lies in a year without official data.
    """
    _check_date(start, "start")
    _check_n(n)
    day, counted, provisional = start, 0, False
    while counted < n:
        day = _next_day(day)
        if not calendar.is_official(day.year):
            provisional = True
        if calendar.is_workday(day):
            counted += 1
    return Deadline(day, provisional)


def working_days_between(a: date, b: date, calendar: WorkCalendar) -> int:
    """The number of working days d with a < d <= b; negative (−count of b < d <= a) when b < a.

    E.g. how many working days late: `working_days_between(deadline.day, acted_on)`. Note that
    acting on a weekend right after the deadline day is late yet counts 0 working days.
    """
    _check_date(a, "a")
    _check_date(b, "b")
    if b < a:
        return -working_days_between(b, a, calendar)
    count, day = 0, a
    while day < b:
        day += ONE_DAY
        if calendar.is_workday(day):
            count += 1
    return count


def _require_aware(value: datetime, name: str) -> None:
    if not isinstance(value, datetime):
        raise TypeError(f"{name}: 应为带时区的 datetime (expected an aware datetime), got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name}: 时刻须带时区（UTC） (the instant must be timezone-aware, in UTC): {value.isoformat()}")


def shanghai_date(instant: datetime) -> date:
    """The calendar date of an aware instant in Asia/Shanghai (the filing date of a request)."""
    _require_aware(instant, "instant")
    return instant.astimezone(SHANGHAI).date()


def end_of_day(day: date) -> datetime:
    """23:59:59.999999 Asia/Shanghai on `day`, as an aware UTC datetime."""
    return datetime.combine(day, time.max, tzinfo=SHANGHAI).astimezone(timezone.utc)


def deadline_after(filed_at: datetime, n: int, calendar: WorkCalendar) -> DeadlineInstant:
    """The end (Asia/Shanghai) of the Nth working day after the Shanghai date of `filed_at`.

    `filed_at` must be aware (UTC by convention; any zone is converted). The result's `at` is
    23:59:59.999999 Shanghai time on the deadline day, in UTC.
    """
    _require_aware(filed_at, "filed_at")
    deadline = working_days_after(shanghai_date(filed_at), n, calendar)
    return DeadlineInstant(at=end_of_day(deadline.day), day=deadline.day, provisional=deadline.provisional)


def is_late(acted_at: datetime, deadline: DeadlineInstant) -> bool:
    """True when `acted_at` is after the end of the deadline day (acting at `deadline.at` is on time)."""
    _require_aware(acted_at, "acted_at")
    return acted_at > deadline.at
