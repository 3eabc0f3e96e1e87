"""Policy administration (第三十六条): read, dry-run, save and restore the Casbin rules.

Only POLICY_ADMIN changes rules and AUDITOR reads them (policy lines `administer_policy`,
`read_policy`). A change is validated before it is saved — a broken rule is refused and the
old rules stay in force — and every version is kept with who and why.
"""

from __future__ import annotations

from policies import admin
from policies.enforcer import Authorizer, PolicyError
from server.context import Context
from server.domain.errors import Conflict, FieldProblem, Invalid, NotFound
from server.domain.records.policy import PolicyVersionRecord
from server.services import audit
from server.services.authorization import allowed, require


async def active(ctx: Context) -> PolicyVersionRecord:
    """The version in force, with its texts."""
    await require(ctx, "read_policy", "policy")
    return await admin.get_version(ctx.store, await admin.active_version(ctx.store))


async def history(ctx: Context, skip: int, limit: int) -> tuple[int, list[PolicyVersionRecord]]:
    """(how many versions, this page of them newest first, without texts). Versions are numbered
    1, 2, … with none missing, so the active number is their count."""
    await require(ctx, "read_policy", "policy")
    return await admin.active_version(ctx.store), await admin.history(ctx.store, skip, limit)


async def version(ctx: Context, number: int) -> PolicyVersionRecord | None:
    """One version with its texts; None when there is no such version."""
    await require(ctx, "read_policy", "policy")
    try:
        return await admin.get_version(ctx.store, number)
    except LookupError:
        return None


async def visible_policy_version(ctx: Context, version_id: str) -> PolicyVersionRecord | None:
    """A version by its global id (the version number), if the caller may read the policy."""
    if not (version_id.isascii() and version_id.isdigit()) or not await allowed(ctx, "read_policy", "policy"):
        return None
    return await version(ctx, int(version_id))


async def dry_run(ctx: Context, model: str, policy: str) -> tuple[list[str], list[admin.Flip]]:
    """The problems of the texts, or (when there are none) the current decisions that would flip."""
    await require(ctx, "administer_policy", "policy")
    problems = admin.validate_texts(model, policy, ctx.now)
    if problems:
        return problems, []
    return [], await admin.dry_run(ctx.store, Authorizer(model, policy), ctx.now, ctx.authorizer)


async def save(ctx: Context, model: str, policy: str, reason: str, expected_version: int) -> PolicyVersionRecord:
    await require(ctx, "administer_policy", "policy")
    try:
        number = await admin.save(ctx.store, model, policy, ctx.principal.user, reason, expected_version, now=ctx.now,
                                  actor=audit.actor_of(ctx))
    except PolicyError as exc:
        raise _invalid(exc) from exc
    except admin.PolicyConflict as exc:
        raise Conflict(str(exc)) from exc
    return await _in_force(ctx, number)


async def restore(ctx: Context, number: int, reason: str) -> PolicyVersionRecord:
    await require(ctx, "administer_policy", "policy")
    try:
        new_number = await admin.restore(ctx.store, number, ctx.principal.user, reason, now=ctx.now,
                                         actor=audit.actor_of(ctx))
    except LookupError as exc:
        raise NotFound(str(exc)) from exc
    except PolicyError as exc:
        raise _invalid(exc) from exc
    except admin.PolicyConflict as exc:
        raise Conflict(str(exc)) from exc
    return await _in_force(ctx, new_number)


async def _in_force(ctx: Context, number: int) -> PolicyVersionRecord:
    """The saved version, after this replica has loaded it (others follow within the refresh interval)."""
    await ctx.policy.refresh_if_changed(ctx.store, force=True)
    return await admin.get_version(ctx.store, number)


def _invalid(exc: PolicyError) -> Invalid:
    return Invalid(
        [FieldProblem("policy", problem) for problem in exc.problems],
        "策略校验未通过，原策略继续有效 (the policy is invalid; the old one stays in force)",
    )
