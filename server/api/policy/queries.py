"""Policy queries: the policy in force, its versions, a diff, an explanation, a dry run (第三十六条)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from server.api.core.info import Ctx
from server.api.core.pagination import After, Connection, First, connection, page_window
from server.api.policy.types import (
    MAX_FLIPS_LISTED,
    PolicyDiff,
    PolicyDryRun,
    PolicyExplainInput,
    PolicyExplanation,
    PolicyVersion,
)
from server.services import policy as policy_service


EXPLAIN_INPUT = strawberry.argument(description="要解释的判定，各字段见输入类型 (the decision to explain; see the input type's fields)")


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
        rules: Annotated[str | None, strawberry.argument(description="规则参数 rules.toml；为空时用现行版本的 (the rules.toml text; null: the version in force's)")] = None,
    ) -> PolicyDryRun:
        return PolicyDryRun.of(await policy_service.dry_run(info.context, model, policy, rules, named=MAX_FLIPS_LISTED))

    @strawberry.field(description="两个策略版本之差：模型、增删的策略行、改变的规则参数 (what changes between two versions: the model, the policy lines added and removed, the rules' values)")
    async def policy_diff(
        self, info: Ctx,
        from_: Annotated[int, strawberry.argument(name="from", description="起点版本号 (the version to compare from)")],
        to: Annotated[int, strawberry.argument(description="终点版本号 (the version to compare to)")],
    ) -> PolicyDiff:
        return PolicyDiff.of(from_, to, await policy_service.diff(info.context, from_, to))

    @strawberry.field(description="解释一次判定：从图中读取目录、部门与其授权，说明哪一策略行作出决定及原因（策略管理员与审计人员）"
                                  "(explain a decision with the item, the department and its grants read from the graph: which line decides, and why)")
    async def policy_explain(self, info: Ctx, input: Annotated[PolicyExplainInput, EXPLAIN_INPUT]) -> PolicyExplanation:
        question = policy_service.ExplainQuestion(
            department=input.department, roles=tuple(role.value for role in input.roles), action=input.action,
            item_id=str(input.item_id) if input.item_id is not None else None, user=input.user or "explain",
            now=input.now, version=input.version, request_consumer=input.request_consumer,
            model=input.model, policy=input.policy, rules=input.rules,
        )
        return PolicyExplanation.of(await policy_service.explain(info.context, question))
