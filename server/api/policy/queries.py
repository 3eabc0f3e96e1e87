"""Policy queries: the policy in force, its versions, a dry run (第三十六条)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from server.api.core.info import Ctx
from server.api.core.pagination import After, Connection, First, connection, page_window
from server.api.policy.types import PolicyDryRun, PolicyVersion
from server.services import policy as policy_service



@strawberry.type
class PolicyQuery:
    @strawberry.field(description="当前生效的策略 (the policy in force)")
    async def policy(self, info: Ctx) -> PolicyVersion:
        return PolicyVersion.of(await policy_service.active(info.context))

    @strawberry.field(description="策略版本历史，最新在前 (policy versions, newest first)")
    async def policy_history(self, info: Ctx, first: First = 20, after: After = None) -> Connection[PolicyVersion]:
        skip, limit = page_window(first, after, info.context.settings.max_page_size)
        total, records = await policy_service.history(info.context, skip, limit)
        return connection([PolicyVersion.of(record) for record in records], total, skip)

    @strawberry.field(description="按版本号取一个策略版本；没有该版本时为空 (one policy version; null when there is none)")
    async def policy_version(
        self, info: Ctx, version: Annotated[int, strawberry.argument(description="版本号 (version number)")],
    ) -> PolicyVersion | None:
        record = await policy_service.version(info.context, version)
        return PolicyVersion.of(record) if record else None

    @strawberry.field(description="试运行：校验新策略并列出将改变的现有决定，不保存 (validate and list flipping decisions; saves nothing)")
    async def policy_dry_run(
        self, info: Ctx,
        model: Annotated[str, strawberry.argument(description="Casbin 模型 (the model.conf text)")],
        policy: Annotated[str, strawberry.argument(description="策略行 (the policy.csv text)")],
    ) -> PolicyDryRun:
        problems, flips = await policy_service.dry_run(info.context, model, policy)
        return PolicyDryRun.of(problems, flips)
