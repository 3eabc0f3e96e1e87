"""Policy administration (第三十六条): read, compare, explain, dry-run, save and restore the Casbin rules.

Only POLICY_ADMIN changes rules and AUDITOR reads them (policy lines `administer_policy`,
`read_policy`). A change is validated before it is saved — a broken rule is refused and the
old rules stay in force — and every version is kept with who and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from policies import admin
from policies.admin import Explanation as Explanation  # re-exported: the API's read models
from policies.admin import FlipNames as FlipNames
from policies.admin import PolicyDiff as PolicyDiff
from policies.admin import flip_department as flip_department
from policies.enforcer import ACTIONS, Authorizer, PolicyError
from server.context import Context
from server.domain.errors import Conflict, FieldProblem, Invalid, NotFound
from server.domain.records.policy import PolicyVersionRecord
from server.domain.rules import RuleChange
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


def rules_text(record: PolicyVersionRecord) -> str:
    """A version's rules file (the shipped one for versions saved before it existed)."""
    return admin.rules_text_of(record)


async def visible_policy_version(ctx: Context, version_id: str) -> PolicyVersionRecord | None:
    """A version by its global id (the version number), if the caller may read the policy."""
    if not (version_id.isascii() and version_id.isdigit()) or not await allowed(ctx, "read_policy", "policy"):
        return None
    return await version(ctx, int(version_id))


@dataclass(frozen=True)
class DryRun:
    problems: list[str]  # why the texts cannot be saved (empty: they can)
    warnings: list[str]  # why saving them needs a forceReason
    rules_changes: list[RuleChange]  # the numbers that change (deadlines: for clocks started after the save)
    flips: list[admin.Flip]  # current decisions that would change
    names: admin.FlipNames | None = None  # the departments and items of the first `named` flips, by name


async def dry_run(ctx: Context, model: str, policy: str, rules: str | None, named: int = 0) -> DryRun:
    """The problems of the texts, or (when there are none) their warnings, changed numbers and flips
    (the departments and items of the first `named` flips by their names). `rules` None: the version
    in force's rules file."""
    await require(ctx, "administer_policy", "policy")
    rules = ctx.authorizer.rules_text if rules is None else rules
    problems = admin.validate_texts(model, policy, rules, ctx.now)
    if problems:
        return DryRun(problems, [], [], [])
    new = Authorizer(model, policy, ctx.authorizer.version + 1, rules)
    flips = await admin.dry_run(ctx.store, new, ctx.now, ctx.authorizer)
    return DryRun(
        [], admin.warnings_for(new, ctx.authorizer, ctx.now.date()), admin.rules_changes(ctx.authorizer, new),
        flips, await admin.flip_names(ctx.store, flips[:named]),
    )


async def diff(ctx: Context, before: int, after: int) -> admin.PolicyDiff:
    """What changes from version `before` to version `after`: model, policy lines, the rules' values."""
    await require(ctx, "read_policy", "policy")
    try:
        return await admin.diff_versions(ctx.store, before, after)
    except LookupError as exc:
        raise NotFound(str(exc)) from exc


#: The version number an explanation shows when it was decided by texts given with the question (a draft).
DRAFT_VERSION = 0


@dataclass(frozen=True)
class ExplainQuestion:
    """Who asks to do what, on which stored item; decided by the version in force unless `version`
    or the texts (`model`, `policy`, `rules`: each None for the version in force's) say otherwise."""

    department: str
    roles: tuple[str, ...]
    action: str
    item_id: str | None = None
    user: str = "explain"
    now: datetime | None = None
    version: int | None = None
    request_consumer: str | None = None
    model: str | None = None
    policy: str | None = None
    rules: str | None = None


async def explain(ctx: Context, question: ExplainQuestion) -> admin.Explanation:
    """Which policy line decides the question, and why, with the item, the department and its grants
    read from the graph (the decision the server itself makes: `authorize` for `use`, `require` else)."""
    await require(ctx, "read_policy", "policy")
    authorizer = await _explaining_authorizer(ctx, question)
    if question.action not in ACTIONS and question.action not in authorizer.actions():
        raise Invalid.of("action", f"未知动作 {question.action} (unknown action; one of: {', '.join(ACTIONS)})")
    try:
        return await admin.explain_on_graph(
            ctx.store, authorizer, user=question.user, department=question.department, roles=question.roles,
            action=question.action, item_id=question.item_id, now=question.now or ctx.now,
            request_consumer=question.request_consumer, own_case=ctx.settings.authority_own_case,
        )
    except LookupError as exc:
        raise NotFound(str(exc)) from exc


async def _explaining_authorizer(ctx: Context, question: ExplainQuestion) -> Authorizer:
    if question.model is None and question.policy is None and question.rules is None:
        if question.version is None or question.version == ctx.authorizer.version:
            return ctx.authorizer
        try:
            return admin.authorizer_of(await admin.get_version(ctx.store, question.version))
        except LookupError as exc:
            raise NotFound(str(exc)) from exc
        except PolicyError as exc:
            raise Invalid([FieldProblem("version", problem) for problem in exc.problems],
                          f"该版本不能在本服务使用 (this server cannot use version {question.version})") from exc
    base = ctx.authorizer
    if question.version is not None:
        try:
            record = await admin.get_version(ctx.store, question.version)
        except LookupError as exc:
            raise NotFound(str(exc)) from exc
        texts = admin.texts_of(record)
    else:
        texts = (base.model_text, base.policy_text, base.rules_text)
    model, policy, rules = (given if given is not None else stored
                            for given, stored in zip((question.model, question.policy, question.rules), texts))
    try:
        return Authorizer(model, policy, DRAFT_VERSION, rules)
    except PolicyError as exc:
        raise _invalid(exc) from exc


async def save(ctx: Context, model: str, policy: str, rules: str | None, reason: str, expected_version: int,
               force_reason: str | None = None) -> PolicyVersionRecord:
    """Saves a new version; `rules` None keeps the rules file of the version in force."""
    await require(ctx, "administer_policy", "policy")
    rules = ctx.authorizer.rules_text if rules is None else rules
    try:
        number = await admin.save(ctx.store, model, policy, rules, ctx.principal.user, reason, expected_version,
                                  now=ctx.now, actor=audit.actor_of(ctx), force_reason=force_reason)
    except PolicyError as exc:
        raise _invalid(exc) from exc
    except admin.PolicyConflict as exc:
        raise Conflict(str(exc)) from exc
    return await _in_force(ctx, number)


async def restore(ctx: Context, number: int, reason: str, force_reason: str | None = None) -> PolicyVersionRecord:
    await require(ctx, "administer_policy", "policy")
    try:
        new_number = await admin.restore(ctx.store, number, ctx.principal.user, reason, now=ctx.now,
                                         actor=audit.actor_of(ctx), force_reason=force_reason)
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
    if isinstance(exc, admin.PolicyWarnings):
        return Invalid(
            [FieldProblem("forceReason", problem) for problem in exc.problems],
            "新版本可能有误，须说明理由方可强制保存，原策略继续有效 (the version looks wrong; give forceReason to save it)",
        )
    return Invalid(
        [FieldProblem("rules" if problem.startswith("rules.toml") else "policy", problem) for problem in exc.problems],
        "策略校验未通过，原策略继续有效 (the policy is invalid; the old one stays in force)",
    )
