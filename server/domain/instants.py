"""Instants as stored: fixed-width UTC ISO-8601 strings, which compare and sort as text on
both engines (DESIGN.md, "Time": store UTC, show Asia/Shanghai)."""

from __future__ import annotations

from datetime import datetime, timezone


def utc_iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("instants must be timezone-aware")
    u = moment.astimezone(timezone.utc)
    # Four-digit year always (strftime's %Y does not pad years before 1000, which then neither
    # sort as text nor parse back).
    return (f"{u.year:04d}-{u.month:02d}-{u.day:02d}T{u.hour:02d}:{u.minute:02d}:{u.second:02d}"
            f".{u.microsecond:06d}Z")


def parse_iso(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))
