"""Policy administration (第三十六条): read, dry-run, save and restore the Casbin rules.

Only POLICY_ADMIN changes rules and AUDITOR reads them (policy lines `administer_policy`,
`read_policy`). A change is validated before it is saved — a broken rule is refused and the
old rules stay in force — and every version is kept with who and why.
"""

from __future__ import annotations

from typing import Any

from policies import admin
from policies.enforcer import Authorizer, PolicyError
from server.context import Context
from server.domain.errors import Conflict, FieldProblem, Invalid, NotFound
from server.services.authorization import require


async def active(ctx: Context) -> dict[str, Any]:
    await require(ctx, "read_policy", "policy")
    return await admin.get_version(ctx.store, await admin.active_version(ctx.store))


async def history(ctx: Context, limit: int) -> list[dict[str, Any]]:
    await require(ctx, "read_policy", "policy")
    return await admin.history(ctx.store, 0, limit)


async def dry_run(ctx: Context, model: str, policy: str) -> tuple[list[str], list[admin.Flip]]:
    """The problems of the texts, or (when there are none) the current decisions that would flip."""
    await require(ctx, "administer_policy", "policy")
    problems = admin.validate_texts(model, policy, ctx.now)
    if problems:
        return problems, []
    return [], await admin.dry_run(ctx.store, Authorizer(model, policy), ctx.now, ctx.authorizer)


async def save(ctx: Context, model: str, policy: str, reason: str, expected_version: int) -> dict[str, Any]:
    await require(ctx, "administer_policy", "policy")
    try:
        version = await admin.save(ctx.store, model, policy, ctx.principal.user, reason, expected_version, now=ctx.now)
    except PolicyError as exc:
        raise _invalid(exc) from exc
    except admin.PolicyConflict as exc:
        raise Conflict(str(exc)) from exc
    return await _in_force(ctx, version)


async def restore(ctx: Context, version: int, reason: str) -> dict[str, Any]:
    await require(ctx, "administer_policy", "policy")
    try:
        new_version = await admin.restore(ctx.store, version, ctx.principal.user, reason, now=ctx.now)
    except LookupError as exc:
        raise NotFound(str(exc)) from exc
    except PolicyError as exc:
        raise _invalid(exc) from exc
    except admin.PolicyConflict as exc:
        raise Conflict(str(exc)) from exc
    return await _in_force(ctx, new_version)


async def _in_force(ctx: Context, version: int) -> dict[str, Any]:
    """The saved version, after this replica has loaded it (others follow within the refresh interval)."""
    await ctx.policy.refresh_if_changed(ctx.store, force=True)
    return await admin.get_version(ctx.store, version)


def _invalid(exc: PolicyError) -> Invalid:
    return Invalid(
        [FieldProblem("policy", problem) for problem in exc.problems],
        "策略校验未通过，原策略继续有效 (the policy is invalid; the old one stays in force)",
    )
