"""Policy mutations: save a new version, restore an earlier one (第三十六条)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from server.api.core.info import INPUT, Ctx
from server.api.policy.types import (
    PolicyVersion,
    RestorePolicyInput,
    RestorePolicyPayload,
    SavePolicyInput,
    SavePolicyPayload,
)
from server.services import policy as policy_service


@strawberry.type
class PolicyMutation:
    @strawberry.mutation(description="保存新策略版本（先校验；expectedVersion 防止覆盖他人修改）(save a new version)")
    async def save_policy(self, info: Ctx, input: Annotated[SavePolicyInput, INPUT]) -> SavePolicyPayload:
        record = await policy_service.save(info.context, input.model, input.policy, input.rules, input.reason,
                                           input.expected_version, input.force_reason)
        return SavePolicyPayload(policy_version=PolicyVersion.of(record))

    @strawberry.mutation(description="恢复某一历史版本（作为新版本保存）(restore an earlier version as a new one)")
    async def restore_policy(self, info: Ctx, input: Annotated[RestorePolicyInput, INPUT]) -> RestorePolicyPayload:
        record = await policy_service.restore(info.context, input.version, input.reason, input.force_reason)
        return RestorePolicyPayload(policy_version=PolicyVersion.of(record))
