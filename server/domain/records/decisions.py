"""The use of shared data (第三十九条): every `authorize` decision, as the decision log keeps it.

The gateway asks `authorize` before every exchange; each answer — which department (and user)
asked about which item, under which grant, what was decided for each element, and when — is one
`AuthorizeDecision`, appended to the decision log (graph/repos/decisions.py) before the answer leaves
the server. An auditor reads them back by department, item, grant and time window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from server.domain.sharing import AuthorizeReason, ElementDecision


@dataclass(frozen=True, slots=True)
class AuthorizeDecision:
    """One answer of `authorize` for one item. `position` is where the log keeps it (the day's
    file and the line in it, "YYYY-MM-DD:N"): the one order of all decisions, whichever server
    process made them; None until it is written."""

    at: datetime
    user: str
    department: str
    item_id: str
    grant_id: str | None
    allowed: bool
    reason: AuthorizeReason
    elements: tuple[ElementDecision, ...]
    position: str | None = None


@dataclass(frozen=True, slots=True)
class DecisionFilter:
    """What an auditor selects; every field optional. `since` inclusive, `until` exclusive."""

    department: str | None = None
    item_id: str | None = None
    grant_id: str | None = None
    allowed: bool | None = None
    since: datetime | None = None
    until: datetime | None = None

    def admits(self, decision: AuthorizeDecision) -> bool:
        return (
            (self.department is None or decision.department == self.department)
            and (self.item_id is None or decision.item_id == self.item_id)
            and (self.grant_id is None or decision.grant_id == self.grant_id)
            and (self.allowed is None or decision.allowed == self.allowed)
            and (self.since is None or decision.at >= self.since)
            and (self.until is None or decision.at < self.until)
        )


@dataclass(frozen=True)
class DecisionLogVerdict:
    """What `verify` found in the day files: `problem` None when every chain holds."""

    files: int
    lines: int
    problem: str | None = None  # ALTERED (a line changed, inserted or deleted) or UNREADABLE
    position: str | None = None  # day:line of the first line concerned
    message: str = ""
    torn: int = 0  # lines cut by a crash (no hash, skipped: the next line follows the last whole one)

    @property
    def ok(self) -> bool:
        return self.problem is None
