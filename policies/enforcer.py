"""The Casbin enforcer: model and policy lines from `policies/`, one decision per call."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import casbin

POLICY_DIR = Path(__file__).parent


class Authorizer:
    def __init__(self, model_path: Path = POLICY_DIR / "model.conf", policy_path: Path = POLICY_DIR / "policy.csv") -> None:
        self._enforcer = casbin.Enforcer(str(model_path), str(policy_path))

    def allows(self, roles: Iterable[str], obj: str, act: str, own: bool) -> bool:
        """True when any of the caller's roles is allowed `act` on `obj` (own department or any)."""
        own_flag = "yes" if own else "no"
        return any(self._enforcer.enforce(role, obj, act, own_flag) for role in roles)
