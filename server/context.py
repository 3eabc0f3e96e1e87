"""What every resolver gets: the caller, the graph, the policy, and per-request DataLoaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from graph.repos.decisions import DecisionLog
from graph.store import GraphStore
from policies.admin import PolicyHolder
from policies.enforcer import Authorizer, Subject
from server.auth import Principal
from server.domain.rules import RuleSet
from server.domain.workdays import WorkCalendar
from server.services.loaders import Loaders
from server.settings import Settings


@dataclass
class Context:
    principal: Principal
    store: GraphStore
    authorizer: Authorizer
    settings: Settings
    now: datetime  # one instant per request: every rule in it sees the same time
    calendar: WorkCalendar
    policy: PolicyHolder  # the versioned policy set; `authorizer` is its version for this request
    decisions: DecisionLog  # 第三十九条: where authorize's answers are recorded
    loaders: Loaders = field(init=False)
    reference_names: dict[str, dict[str, str]] | None = field(default=None, init=False)
    subject: Subject | None = field(default=None, init=False)  # the caller as the policy sees it (services/authorization.py)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.store)

    @property
    def rules(self) -> RuleSet:
        """The regulation's numbers of the policy version in force for this request (policies/rules.toml)."""
        return self.authorizer.rules
