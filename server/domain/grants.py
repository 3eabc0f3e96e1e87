"""Grant liveness (第三十一条), as pure rules on calendar periods.

第三十一条: a grant lasts at most three years (授权使用期限最长不超过三年), and a grant left
unused for more than three months may be taken back (超过三个月未使用的，可收回授权). The
platform enforces both at decision time, from the facts stored on the grant:

    revoked (and not reinstated since)   → REVOKED
    the item was withdrawn (第十九条)      → ITEM_WITHDRAWN
    the item became 不予共享, or its scope  → SUSPENDED (第二十二条, 第二十三条: the sharing decision
      no longer includes the holder                      changed; only a new review brings it back)
    now ≥ expires_at                      → EXPIRED   (expires_at is capped by the maximum period)
    now > idle start + idle limit         → IDLE      (idle start = the latest of grant, last use,
                                                        reinstatement: a reinstatement by the
                                                        provider or the authority restarts the clock)
    otherwise                             → LIVE

"Three years" and "three months" are calendar periods (DESIGN.md, "Time"), counted on the
Asia/Shanghai calendar by `server.domain.periods`: a month added to 31 January is 28/29
February (clamped to the month end), three years from 29 February 2024 is 28 February 2027.
The lengths themselves are rules values (ISO 8601 periods in `policies/rules.toml`,
[grants] max_period and idle_limit), parsed here by `Period`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from server.domain.periods import add_months, add_years  # calendar periods, read in Asia/Shanghai
from server.domain.values import LabelledEnum

__all__ = [
    "GrantFacts", "GrantReason", "GrantWarning", "Period", "PeriodError", "add_months", "add_years",
    "effective_expiry", "ended_at", "grant_state", "grant_warnings", "idle_deadline", "max_expiry", "period_within",
    "within_report_window",
]


class GrantReason(LabelledEnum):
    """授权状态 — 第三十一条 (whether a grant authorizes now, and if not, why)."""

    LIVE = ("LIVE", "有效")
    EXPIRED = ("EXPIRED", "已到期")
    IDLE = ("IDLE", "超过闲置时限未使用，已停止授权")
    REVOKED = ("REVOKED", "已收回")
    ITEM_WITHDRAWN = ("ITEM_WITHDRAWN", "目录已撤销发布")
    SUSPENDED = ("SUSPENDED", "目录共享属性或共享范围已变更，授权中止，须重新申请")


class GrantWarning(LabelledEnum):
    """提醒持有部门 — what a holder should know about a live grant before it stops (第三十一条)."""

    EXPIRES_SOON = ("EXPIRES_SOON", "授权即将到期，如需继续使用请及时重新申请")
    IDLE_SOON = ("IDLE_SOON", "授权即将因闲置超过时限而停止，使用一次即可重新计时")
    IDLE_LISTED = ("IDLE_LISTED", "授权闲置已超过时限，提供部门或主管部门可视情收回")


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

    def subtract_from(self, moment: datetime) -> datetime:
        """`moment` minus the period (time first, then months, clamped to the month end)."""
        moved = moment - timedelta(days=self.days, seconds=self.seconds) if self.days or self.seconds else moment
        return _add_months(moved, -(self.years * 12 + self.months)) if self.years or self.months else moved

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



@dataclass(frozen=True)
class GrantFacts:
    granted_at: datetime
    expires_at: datetime
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None
    reinstated_at: datetime | None = None
    item_withdrawn: bool = False
    item_withdrawn_at: datetime | None = None
    suspended_at: datetime | None = None  # stored when the item's class or scope stopped covering the holder
    item_not_shared: bool = False  # the item is 不予共享 now (read at decision time)
    out_of_scope: bool = False  # the item is conditional and its scope leaves the holder out now

    @property
    def suspended(self) -> bool:
        """The sharing decision no longer covers the holder: stored, or seen in the item's facts now."""
        return self.suspended_at is not None or self.item_not_shared or self.out_of_scope

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


def effective_expiry(g: GrantFacts, max_period: Period | None = None) -> datetime:
    """The stored expiry, capped at grant + the maximum period when the policy gives one."""
    if max_period is None:
        return g.expires_at
    cap = max_period.add_to(g.granted_at)
    return cap if cap < g.expires_at else g.expires_at


def idle_deadline(g: GrantFacts, idle_limit: Period) -> datetime:
    """The last instant at which the grant is not yet idle (idle strictly after it)."""
    return idle_limit.add_to(g.idle_since)


def grant_state(
    g: GrantFacts,
    now: datetime,
    idle_limit: Period | None,
    *,
    max_period: Period | None = None,
) -> tuple[bool, str]:
    """(live, reason) with reason one of LIVE, EXPIRED, IDLE, REVOKED, ITEM_WITHDRAWN.

    `idle_limit` is the rules' idle period, or None when idleness does not stop a grant by
    itself (rules.toml `idle_outcome = "LIST"`: idle grants are listed for a decision);
    `max_period` (the rules' maximum) caps the stored expiry, so shortening the maximum in
    the rules shortens grants already given.
    """
    if g.revoked:
        return False, GrantReason.REVOKED.value
    if g.item_withdrawn:
        return False, GrantReason.ITEM_WITHDRAWN.value
    if g.suspended_at is not None:  # stored when the change was accepted (only unexpired grants are)
        return False, GrantReason.SUSPENDED.value
    if now >= effective_expiry(g, max_period):
        return False, GrantReason.EXPIRED.value
    if g.suspended:  # seen in the item's facts now: a grant that ended otherwise keeps its own end
        return False, GrantReason.SUSPENDED.value
    if idle_limit is not None and now > idle_deadline(g, idle_limit):
        return False, GrantReason.IDLE.value
    return True, GrantReason.LIVE.value


def ended_at(g: GrantFacts, now: datetime, idle_limit: Period | None, *, max_period: Period | None = None) -> datetime | None:
    """When the grant stopped authorizing; None while it is live. A stop seen only in the item's
    facts now (not stored) counts from `now`."""
    live, state = grant_state(g, now, idle_limit, max_period=max_period)
    if live:
        return None
    if state == GrantReason.REVOKED.value:
        return g.revoked_at
    if state == GrantReason.ITEM_WITHDRAWN.value:
        return g.item_withdrawn_at or now
    if state == GrantReason.SUSPENDED.value:
        return g.suspended_at or now
    if state == GrantReason.EXPIRED.value:
        return effective_expiry(g, max_period)
    assert idle_limit is not None
    return idle_deadline(g, idle_limit)


def within_report_window(g: GrantFacts, now: datetime, idle_limit: Period | None, window: Period, *,
                         max_period: Period | None = None) -> bool:
    """第三十二条: a holder reports doubtful data while the grant is live, and for `window` after it ended."""
    end = ended_at(g, now, idle_limit, max_period=max_period)
    return end is None or now <= window.add_to(end)


def grant_warnings(g: GrantFacts, now: datetime, *, idle_limit: Period, stops_when_idle: bool, warn_before: Period,
                   max_period: Period | None = None) -> list[tuple[GrantWarning, datetime]]:
    """What the holder of a live grant is warned of, with the instant it concerns: expiry or an idle
    stop within `warn_before` (第三十一条), or (when idleness does not stop grants by itself) idleness
    past the limit, which the provider or the authority may act on."""
    live, _ = grant_state(g, now, idle_limit if stops_when_idle else None, max_period=max_period)
    if not live:
        return []
    out: list[tuple[GrantWarning, datetime]] = []
    expiry = effective_expiry(g, max_period)
    if warn_before.subtract_from(expiry) <= now:
        out.append((GrantWarning.EXPIRES_SOON, expiry))
    idle_at = idle_deadline(g, idle_limit)
    if now > idle_at:
        out.append((GrantWarning.IDLE_LISTED, idle_at))
    elif stops_when_idle and warn_before.subtract_from(idle_at) <= now:
        out.append((GrantWarning.IDLE_SOON, idle_at))
    return out


def max_expiry(granted_at: datetime, max_period: Period) -> datetime:
    """The latest expiry a grant given at `granted_at` may have: the rules' maximum period (第三十一条)."""
    return max_period.add_to(granted_at)


def period_within(start: datetime, until: datetime, max_period: Period) -> bool:
    """True when `until` is after `start` and no later than `start` + the maximum period."""
    return start < until <= max_period.add_to(start)
