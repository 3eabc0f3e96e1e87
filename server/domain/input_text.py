"""What a string or a date from outside may be, checked once at the edge (DESIGN.md, "Bad input
and faults"): the GraphQL extension (server/input_checks.py), the token's claims
(server/auth.py) and the file endpoints' parameters (server/catalog_files.py) all ask here.

Why at the edge: a NUL cuts the engine's parameter text ("Invalid input at end of input") and a
lone surrogate cannot be encoded as UTF-8 at all, so either would fail deep inside a write as a
500; a date in year 9999 overflows the working-day arithmetic. Refused first, with the field
named, nothing is written. Pure: no I/O, no framework.
"""

from __future__ import annotations

from datetime import date, datetime

# Length limits, in characters (code points). Names and free text match the domain model
# (server/domain/models.py: Name ≤ 100, Text ≤ 2000); ids, codes and cursors are short keys.
ID_MAX = 128  # global ids, cursors
CODE_MAX = 128  # department, region, theme, database, element and catalog codes
NAME_MAX = 100  # 第十一条 names
TEXT_MAX = 2000  # reasons, comments, descriptions, purposes …
FORMAT_DETAIL_MAX = 40  # 具体格式 (models.py formatDetail)
POLICY_TEXT_MAX = 100_000  # a Casbin model or policy text (the body limit caps it as well)

# Dates a clerk can mean: the catalog's history starts after 1900; 2200 is far beyond any
# grant period (three years, 第二十八条) or deadline, and keeps date arithmetic in range.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2200


def character_problem(text: str) -> str | None:
    """The clerk's message when `text` holds a character no stored string may hold (NUL, a
    lone UTF-16 surrogate); None when it is fine. Fast for the common case: two scans in C."""
    if "\x00" in text:
        return "含有空字符 NUL (U+0000)，请删除 (contains a NUL character)"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "含有无法编码的孤立代理字符，请检查输入 (contains a lone surrogate, not valid Unicode text)"
    return None


def length_problem(text: str, limit: int) -> str | None:
    if len(text) > limit:
        return f"最多 {limit} 个字符，现有 {len(text)} 个 (at most {limit} characters, got {len(text)})"
    return None


def text_problem(text: str, limit: int) -> str | None:
    """A bad character first (it says more), then the length."""
    return character_problem(text) or length_problem(text, limit)


def year_problem(day: date | datetime) -> str | None:
    if isinstance(day, datetime) and day.tzinfo is None:  # 2026-12-07T08:00 — in which zone?
        return "时间须带时区，如 Z 或 +08:00 (an instant needs its time zone, e.g. Z or +08:00)"
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        return (f"日期须在 {EARLIEST_YEAR} 年至 {LATEST_YEAR} 年之间 "
                f"(dates must fall within the years {EARLIEST_YEAR}–{LATEST_YEAR})")
    return None
