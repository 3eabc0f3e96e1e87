"""The one place a service asks whether the caller may act: `require(ctx, action, …)`.

The subject is built here, once per request, from the token and the department's facts; the
resource carries the facts the policy's checks read (the item, request, grant or withdrawal,
and every department's region and authority for the questions of jurisdiction). Casbin
decides (policies/enforcer.py); no role string appears in services or resolvers.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from policies.enforcer import Decision, Resource, Subject
from server.context import Context
from server.domain.errors import Forbidden
from server.domain.jurisdiction import Jurisdiction, OwnCaseRule
from server.services.reference import jurisdiction


async def subject(ctx: Context) -> Subject:
    """The caller as the policy sees it (cached on the request's context)."""
    if ctx.subject is None:
        facts = (await jurisdiction(ctx)).of(ctx.principal.department_code)
        ctx.subject = Subject(
            user=ctx.principal.user,
            department_code=ctx.principal.department_code,
            roles=frozenset(role.value for role in ctx.principal.roles),
            is_authority_department=bool(facts and facts.is_authority),
        )
    return ctx.subject


async def decide(ctx: Context, action: str, kind: str, **facts: Any) -> Decision:
    """The policy's decision on `action` over a resource of `kind` with `facts` (item, request, grant, withdrawal)."""
    resource = Resource(kind=kind, jurisdiction=await _jurisdiction(ctx), **facts)
    return ctx.authorizer.decide(await subject(ctx), action, resource, ctx.now)


async def _jurisdiction(ctx: Context) -> Jurisdiction:
    """Every department's facts, under this deployment's own-case rule (MULU_AUTHORITY_OWN_CASE)."""
    facts = await jurisdiction(ctx)
    rule = ctx.settings.authority_own_case
    if facts.own_case is rule:
        return facts
    return _with_rule(facts, rule)


_ruled: dict[OwnCaseRule, tuple[Jurisdiction, Jurisdiction]] = {}  # rule → (snapshot, the snapshot under it)


def _with_rule(facts: Jurisdiction, rule: OwnCaseRule) -> Jurisdiction:
    """The snapshot under `rule`, made once per snapshot (the snapshot changes at most once a minute)."""
    cached = _ruled.get(rule)
    if cached is None or cached[0] is not facts:
        cached = _ruled[rule] = (facts, replace(facts, own_case=rule))
    return cached[1]


async def require(ctx: Context, action: str, kind: str, **facts: Any) -> None:
    """Raises FORBIDDEN, with the policy's reason and message, unless the caller may act."""
    decision = await decide(ctx, action, kind, **facts)
    if not decision.allowed:
        raise Forbidden(decision.message, decision.reason)


async def allowed(ctx: Context, action: str, kind: str, **facts: Any) -> bool:
    return (await decide(ctx, action, kind, **facts)).allowed
