"""Calendar periods (第三十一条): a grant lasts at most three years; unused for more than three
months it may be revoked. These are calendar periods, not counts of days.

- `add_months(d, m)` moves the month and keeps the day of the month, clamped to the last day
  of the target month: 2026-01-31 + 1 month = 2026-02-28; 2024-02-29 + 3 years = 2027-02-28.
  Negative amounts go back the same way (2024-03-31 − 1 month = 2024-02-29).
- `add_years(d, y)` is `add_months(d, 12 * y)`.
- A `date` or a naive `datetime` is moved on its own fields. An aware `datetime` is moved on
  the Asia/Shanghai calendar (where the rule is read: a grant made at 2026-03-31 02:00 Shanghai,
  which is 03-30 18:00 UTC, runs to 04-30 02:00 Shanghai, not to 04-30 18:00 UTC) and returned
  in its own time zone. Shanghai has no daylight saving time, so the wall clock is unambiguous.
- The time of day is kept. A result outside years 1–9999 raises ValueError.

Clamping is not reversible: (01-31 + 1 month) − 1 month = 01-28. Compare instants, not
periods, when deciding whether a grant has expired.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime
from typing import TypeVar

from server.domain.workdays import SHANGHAI

D = TypeVar("D", date, datetime)

__all__ = ["add_months", "add_years"]


def _shift(value: date, months: int) -> date:
    index = value.year * 12 + (value.month - 1) + months
    year, month0 = divmod(index, 12)
    if not 1 <= year <= 9999:
        raise ValueError(f"日期超出可计算范围 (date out of range): {value.isoformat()} + {months} 个月 (months)")
    month = month0 + 1
    day = min(value.day, calendar.monthrange(year, month)[1])
    return value.replace(year=year, month=month, day=day)


def add_months(d: D, months: int) -> D:
    """`d` plus `months` calendar months, clamping the day to the end of the target month."""
    if isinstance(months, bool) or not isinstance(months, int):
        raise TypeError(f"月数应为整数 (months must be an int), got {months!r}")
    if isinstance(d, datetime) and d.tzinfo is not None and d.utcoffset() is not None:
        local = d.astimezone(SHANGHAI)
        return _shift(local, months).astimezone(d.tzinfo)
    return _shift(d, months)


def add_years(d: D, years: int) -> D:
    """`d` plus `years` calendar years; 02-29 becomes 02-28 in a common year."""
    if isinstance(years, bool) or not isinstance(years, int):
        raise TypeError(f"年数应为整数 (years must be an int), got {years!r}")
    return add_months(d, 12 * years)
