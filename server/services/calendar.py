"""The working calendar the server counts deadlines on: chinesecalendar plus the official
arrangement files an admin loaded with `mulu workdays load` (in `<data dir>/calendar`)."""

from __future__ import annotations

from pathlib import Path

from server.domain.workdays import WorkCalendar
from server.settings import Settings

CALENDAR_DIR = "calendar"


def calendar_dir(settings: Settings) -> Path:
    return Path(settings.data_dir) / CALENDAR_DIR


def calendar_for(settings: Settings) -> WorkCalendar:
    """Built once per process; a newly loaded year takes effect at the next start."""
    return WorkCalendar(extra_dirs=[calendar_dir(settings)])
