"""Read models of policy administration (第三十六条): the versions of the Casbin rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class PolicyVersionRecord:
    """A version of the policy: who saved it, when and why; its texts when they were read."""

    version: int
    author: str
    reason: str
    saved_at: datetime | None
    restored_from: int | None = None
    based_on: int | None = None
    model: str | None = None  # model.conf text
    policy: str | None = None  # policy.csv text
    rules: str | None = None  # rules.toml text (None in versions saved before the rules file: the shipped one applies)
