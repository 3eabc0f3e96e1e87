"""GraphQL for policy administration: read, dry-run, save and restore the Casbin rules.

The use cases and who may run them are server/services/policy.py; this module only maps
them to GraphQL types.
"""

from __future__ import annotations

import strawberry

from server.api.types import Ctx
from server.services import policy as policy_service

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


@strawberry.type
class PolicyQuery:
    @strawberry.field(description="当前生效的策略 (the policy in force)")
    async def policy(self, info: Ctx) -> PolicyVersion:
        return _version(await policy_service.active(info.context), texts=True)

    @strawberry.field(description="策略版本历史，最新在前 (policy versions, newest first)")
    async def policy_history(self, info: Ctx, first: int = 20) -> list[PolicyVersion]:
        limit = max(0, min(first, info.context.settings.max_page_size))
        return [_version(row, texts=False) for row in await policy_service.history(info.context, limit)]

    @strawberry.field(description="试运行：校验新策略并列出将改变的现有决定，不保存 (validate and list flipping decisions; saves nothing)")
    async def policy_dry_run(self, info: Ctx, model: str, policy: str) -> PolicyDryRun:
        problems, flips = await policy_service.dry_run(info.context, model, policy)
        return PolicyDryRun(
            valid=not problems, problems=problems, flip_count=len(flips),
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
        return _version(await policy_service.save(info.context, model, policy, reason, expected_version), texts=True)

    @strawberry.mutation(description="恢复某一历史版本（作为新版本保存）(restore an earlier version as a new one)")
    async def restore_policy(self, info: Ctx, version: int, reason: str) -> PolicyVersion:
        return _version(await policy_service.restore(info.context, version, reason), texts=True)
