"""GraphQL for policy administration: read, dry-run, save and restore the Casbin rules.

Only POLICY_ADMIN changes rules (AUDITOR reads them). A change is validated before it is
saved — a broken rule is refused and the old rules stay in force — and every version is
kept with who and why, so any earlier one can be restored.
"""

from __future__ import annotations

import strawberry

from policies import admin
from policies.enforcer import Authorizer, PolicyError, Resource, Subject
from server.api.types import Ctx
from server.context import Context
from server.errors import BAD_USER_INPUT, CONFLICT, FORBIDDEN, NOT_FOUND, api_error

MAX_FLIPS_LISTED = 200


@strawberry.type(description="策略版本 (a policy version)")
class PolicyVersion:
    version: int
    author: str
    reason: str
    saved_at: str | None
    restored_from: int | None
    model: str | None = strawberry.field(description="Casbin 模型 (model.conf text)")
    policy: str | None = strawberry.field(description="策略行 (policy.csv text)")


@strawberry.type(description="一项将改变的决定 (a current decision that would flip)")
class PolicyFlip:
    kind: str = strawberry.field(description="grant, item or role")
    action: str
    subject: str
    target: str
    before_allowed: bool
    before_reason: str
    after_allowed: bool
    after_reason: str


@strawberry.type(description="策略试运行结果 (result of a dry run)")
class PolicyDryRun:
    valid: bool
    problems: list[str] = strawberry.field(description="校验问题，指明行号 (problems, naming the line)")
    flip_count: int
    flips: list[PolicyFlip] = strawberry.field(description=f"最多列出 {MAX_FLIPS_LISTED} 项 (at most {MAX_FLIPS_LISTED} listed)")


def _version(row: dict, texts: bool) -> PolicyVersion:
    return PolicyVersion(
        version=int(row["version"]), author=row.get("author") or "", reason=row.get("reason") or "",
        saved_at=row.get("savedAt"), restored_from=row.get("restoredFrom"),
        model=row.get("model") if texts else None, policy=row.get("policy") if texts else None,
    )


def _require(ctx: Context, action: str) -> None:
    decision = ctx.authorizer.decide(Subject.of(ctx.principal), action, Resource(kind="policy"), ctx.now)
    if not decision.allowed:
        raise api_error(FORBIDDEN, decision.message, reason=decision.reason)


def _may_read(ctx: Context) -> None:
    subject = Subject.of(ctx.principal)
    for action in ("administer_policy", "audit"):
        if ctx.authorizer.decide(subject, action, Resource(kind="policy"), ctx.now).allowed:
            return
    raise api_error(FORBIDDEN, "仅策略管理员或审计员可查看策略 (policy admins and auditors only)")


def _invalid(exc: PolicyError) -> Exception:
    return api_error(BAD_USER_INPUT, "策略校验未通过，原策略继续有效 (the policy is invalid; the old one stays in force)",
                     field="policy", problems=exc.problems)


@strawberry.type
class PolicyQuery:
    @strawberry.field(description="当前生效的策略 (the policy in force)")
    async def policy(self, info: Ctx) -> PolicyVersion:
        _may_read(info.context)
        version = await admin.active_version(info.context.store)
        return _version(await admin.get_version(info.context.store, version), texts=True)

    @strawberry.field(description="策略版本历史，最新在前 (policy versions, newest first)")
    async def policy_history(self, info: Ctx, first: int = 20) -> list[PolicyVersion]:
        _may_read(info.context)
        limit = max(0, min(first, info.context.settings.max_page_size))
        return [_version(row, texts=False) for row in await admin.history(info.context.store, 0, limit)]

    @strawberry.field(description="试运行：校验新策略并列出将改变的现有决定，不保存 (validate and list flipping decisions; saves nothing)")
    async def policy_dry_run(self, info: Ctx, model: str, policy: str) -> PolicyDryRun:
        _require(info.context, "administer_policy")
        problems = admin.validate_texts(model, policy, info.context.now)
        if problems:
            return PolicyDryRun(valid=False, problems=problems, flip_count=0, flips=[])
        candidate = Authorizer(model, policy)
        flips = await admin.dry_run(info.context.store, candidate, info.context.now, info.context.authorizer)
        return PolicyDryRun(
            valid=True, problems=[], flip_count=len(flips),
            flips=[
                PolicyFlip(kind=f.kind, action=f.action, subject=f.subject, target=f.target,
                           before_allowed=f.before.allowed, before_reason=f.before.reason,
                           after_allowed=f.after.allowed, after_reason=f.after.reason)
                for f in flips[:MAX_FLIPS_LISTED]
            ],
        )


@strawberry.type
class PolicyMutation:
    @strawberry.mutation(description="保存新策略版本（先校验；expectedVersion 防止覆盖他人修改）(save a new version)")
    async def save_policy(self, info: Ctx, model: str, policy: str, reason: str, expected_version: int) -> PolicyVersion:
        _require(info.context, "administer_policy")
        try:
            version = await admin.save(info.context.store, model, policy, info.context.principal.user, reason,
                                       expected_version, now=info.context.now)
        except PolicyError as exc:
            raise _invalid(exc) from exc
        except admin.PolicyConflict as exc:
            raise api_error(CONFLICT, str(exc)) from exc
        return await _saved(info, version)

    @strawberry.mutation(description="恢复某一历史版本（作为新版本保存）(restore an earlier version as a new one)")
    async def restore_policy(self, info: Ctx, version: int, reason: str) -> PolicyVersion:
        _require(info.context, "administer_policy")
        try:
            new_version = await admin.restore(info.context.store, version, info.context.principal.user, reason,
                                              now=info.context.now)
        except LookupError as exc:
            raise api_error(NOT_FOUND, str(exc)) from exc
        except PolicyError as exc:
            raise _invalid(exc) from exc
        except admin.PolicyConflict as exc:
            raise api_error(CONFLICT, str(exc)) from exc
        return await _saved(info, new_version)


async def _saved(info: Ctx, version: int) -> PolicyVersion:
    await info.context.policy.refresh_if_changed(info.context.store, force=True)
    return _version(await admin.get_version(info.context.store, version), texts=True)
