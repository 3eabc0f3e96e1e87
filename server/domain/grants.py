"""Grant liveness (第三十一条), as pure rules on calendar periods.

第三十一条: a grant lasts at most three years (授权使用期限最长不超过三年), and a grant left
unused for more than three months may be taken back (超过三个月未使用的，可收回授权). The
platform enforces both at decision time, from the facts stored on the grant:

    revoked (and not reinstated since)   → REVOKED
    the item was withdrawn (第十九条)      → ITEM_WITHDRAWN
    now ≥ expires_at                      → EXPIRED   (expires_at is capped by the maximum period)
    now > idle start + idle limit         → IDLE      (idle start = the latest of grant, last use,
                                                        reinstatement: a reinstatement by the
                                                        provider or the authority restarts the clock)
    otherwise                             → LIVE

"Three years" and "three months" are calendar periods (DESIGN.md, "Time"), counted on the
Asia/Shanghai calendar by `server.domain.periods`: a month added to 31 January is 28/29
February (clamped to the month end), three years from 29 February 2024 is 28 February 2027.
The lengths themselves are policy values (ISO 8601 durations in `policies/policy.csv`, e.g.
P3Y and P3M), parsed here by `Period`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from server.domain.periods import add_months, add_years  # calendar periods, read in Asia/Shanghai
from server.domain.values import LabelledEnum

__all__ = [
    "GrantFacts", "GrantReason", "Period", "PeriodError", "add_months", "add_years", "effective_expiry",
    "grant_state", "idle_deadline", "max_expiry", "period_within",
]


class GrantReason(LabelledEnum):
    """授权状态 — 第三十一条 (whether a grant authorizes now, and if not, why)."""

    LIVE = ("LIVE", "有效")
    EXPIRED = ("EXPIRED", "已到期")
    IDLE = ("IDLE", "超过三个月未使用，已停止授权")
    REVOKED = ("REVOKED", "已收回")
    ITEM_WITHDRAWN = ("ITEM_WITHDRAWN", "目录已撤销发布")


def _add_months(moment: datetime, months: int) -> datetime:
    """`moment` plus whole calendar months, the day clamped to the month end, on the Shanghai calendar."""
    return add_months(moment, months)


_ISO_DURATION = re.compile(
    r"^P(?!$)(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?!$)(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+)S)?)?$"
)


class PeriodError(ValueError):
    """Not an ISO 8601 duration this platform understands (e.g. P3Y, P3M, P1Y6M, P90D, PT12H)."""


@dataclass(frozen=True)
class Period:
    """A calendar period: whole years and months first (clamped to the month end), then days and time."""

    years: int = 0
    months: int = 0
    days: int = 0
    seconds: int = 0

    @staticmethod
    def parse(text: str) -> "Period":
        return _parse_period(text.strip().upper() if isinstance(text, str) else text)

    def add_to(self, moment: datetime) -> datetime:
        moved = _add_months(moment, self.years * 12 + self.months) if self.years or self.months else moment
        if self.days or self.seconds:
            moved = moved + timedelta(days=self.days, seconds=self.seconds)
        return moved

    @property
    def is_zero(self) -> bool:
        return not (self.years or self.months or self.days or self.seconds)

    def iso(self) -> str:
        date = "".join(f"{value}{unit}" for value, unit in ((self.years, "Y"), (self.months, "M"), (self.days, "D")) if value)
        hours, rest = divmod(self.seconds, 3600)
        minutes, seconds = divmod(rest, 60)
        time = "".join(f"{value}{unit}" for value, unit in ((hours, "H"), (minutes, "M"), (seconds, "S")) if value)
        return "P" + (date or ("" if time else "0D")) + (f"T{time}" if time else "")

    def label(self) -> str:
        """Chinese, as a clerk reads it: 3年, 3个月, 1年6个月, 90天."""
        hours, rest = divmod(self.seconds, 3600)
        minutes, seconds = divmod(rest, 60)
        parts = [
            f"{value}{unit}"
            for value, unit in (
                (self.years, "年"), (self.months, "个月"), (self.days, "天"),
                (hours, "小时"), (minutes, "分钟"), (seconds, "秒"),
            )
            if value
        ]
        return "".join(parts) or "0天"

    def __str__(self) -> str:
        return self.iso()


@lru_cache(maxsize=256)
def _parse_period(text: str) -> Period:
    match = _ISO_DURATION.match(text) if isinstance(text, str) else None
    if match is None:
        raise PeriodError(
            f"“{text}”不是 ISO 8601 时长，应如 P3Y、P3M、P1Y6M、P90D (not an ISO 8601 duration such as P3Y, P3M, P90D)"
        )
    parts = {key: int(value) if value else 0 for key, value in match.groupdict().items()}
    return Period(
        years=parts["years"],
        months=parts["months"],
        days=parts["weeks"] * 7 + parts["days"],
        seconds=parts["hours"] * 3600 + parts["minutes"] * 60 + parts["seconds"],
    )


THREE_YEARS = Period(years=3)  # 第三十一条: 授权使用期限最长不超过三年
THREE_MONTHS = Period(months=3)  # 第三十一条: 超过三个月未使用的，可收回授权


@dataclass(frozen=True)
class GrantFacts:
    granted_at: datetime
    expires_at: datetime
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None
    reinstated_at: datetime | None = None
    item_withdrawn: bool = False

    @property
    def revoked(self) -> bool:
        """Revoked and not reinstated since (a reinstatement at or after the revocation undoes it)."""
        if self.revoked_at is None:
            return False
        return self.reinstated_at is None or self.reinstated_at < self.revoked_at

    @property
    def idle_since(self) -> datetime:
        """Where the idle clock starts: the latest of grant, last use and reinstatement."""
        start = self.granted_at
        for moment in (self.last_used_at, self.reinstated_at):
            if moment is not None and moment > start:
                start = moment
        return start


def step_instant(now: datetime, undoes: datetime | None) -> datetime:
    """The instant a revocation or reinstatement is recorded at: `now`, or just after the step it
    undoes when this replica's clock is behind the one that recorded it. A grant's state follows the
    order of the steps (revoked while revokedAt is later than reinstatedAt), not of the clocks."""
    if undoes is not None and undoes >= now:
        return undoes + timedelta(microseconds=1)
    return now


def _as_period(value: int | Period) -> Period:
    return value if isinstance(value, Period) else Period(months=value)


def effective_expiry(g: GrantFacts, max_period: Period | None = None) -> datetime:
    """The stored expiry, capped at grant + the maximum period when the policy gives one."""
    if max_period is None:
        return g.expires_at
    cap = max_period.add_to(g.granted_at)
    return cap if cap < g.expires_at else g.expires_at


def idle_deadline(g: GrantFacts, idle_limit_months: int | Period = 3) -> datetime:
    """The last instant at which the grant is not yet idle (idle strictly after it)."""
    return _as_period(idle_limit_months).add_to(g.idle_since)


def grant_state(
    g: GrantFacts,
    now: datetime,
    idle_limit_months: int | Period = 3,
    *,
    max_period: Period | None = None,
) -> tuple[bool, str]:
    """(live, reason) with reason one of LIVE, EXPIRED, IDLE, REVOKED, ITEM_WITHDRAWN.

    `idle_limit_months` is a number of calendar months or a `Period` from the policy;
    `max_period` (the policy's maximum, P3Y) caps the stored expiry, so shortening the
    maximum in the policy shortens grants already given.
    """
    if g.revoked:
        return False, GrantReason.REVOKED.value
    if g.item_withdrawn:
        return False, GrantReason.ITEM_WITHDRAWN.value
    if now >= effective_expiry(g, max_period):
        return False, GrantReason.EXPIRED.value
    if now > idle_deadline(g, idle_limit_months):
        return False, GrantReason.IDLE.value
    return True, GrantReason.LIVE.value


def max_expiry(granted_at: datetime, years: int | Period = 3) -> datetime:
    """The latest expiry a grant given at `granted_at` may have: three calendar years (第三十一条)."""
    period = years if isinstance(years, Period) else Period(years=years)
    return period.add_to(granted_at)


def period_within(start: datetime, until: datetime, max_period: Period) -> bool:
    """True when `until` is after `start` and no later than `start` + the maximum period."""
    return start < until <= max_period.add_to(start)
