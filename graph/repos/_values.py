"""Stored values back to domain values: instants are stored as ISO-8601 UTC strings and dates as
ISO days on both engines (`server/domain/instants.py`); the engines may also hand back their
own temporal types (FalkorDB's client returns `date`/`datetime` for `date()` values)."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from server.domain.instants import parse_iso


def instant(value: Any) -> datetime | None:
    """An aware UTC datetime from a stored instant, or None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    return parse_iso(str(value))


def day(value: Any) -> date | None:
    """A date from a stored day (`YYYY-MM-DD`, or a longer ISO instant), or None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def text(value: Any) -> str:
    """A stored optional text as a string ('' when absent)."""
    return "" if value is None else str(value)


def strings(value: Any) -> tuple[str, ...]:
    return tuple(str(item) for item in value or ())
