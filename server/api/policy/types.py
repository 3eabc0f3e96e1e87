"""GraphQL types of policy administration (第三十六条): versions, dry runs and their flips."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from server.api.core.enums import labelled_enum
from server.api.core.info import Ctx
from server.api.core.node import Node
from server.api.sharing.types import AuthorizeReason
from server.domain.records.policy import PolicyVersionRecord
from server.domain.sharing import AuthorizeReason as Reason
from server.services import policy as policy_service

MAX_FLIPS_LISTED = 200


class _FlipKind(Enum):
    GRANT = "grant"
    ITEM = "item"
    ROLE = "role"


PolicyFlipKind = labelled_enum(
    _FlipKind, name="PolicyFlipKind", description="将改变的决定的类别 (what kind of decision would flip)",
    labels={"GRANT": "已有授权的使用与反馈", "ITEM": "对已发布目录的申请", "ROLE": "各角色对样例目录的操作"},
)


@strawberry.type(description="策略版本 (a version of the policy)")
class PolicyVersion(Node):
    id: strawberry.ID = strawberry.field(description="全局唯一 id：版本号 (globally unique id: the version number)")
    version: int = strawberry.field(description="版本号 (version number)")
    author: str = strawberry.field(description="修改人 (who saved it)")
    reason: str = strawberry.field(description="修改理由 (why)")
    saved_at: datetime | None = strawberry.field(description="保存时间；随程序发布的文件为空 (saved at; null for the shipped files)")
    restored_from: int | None = strawberry.field(description="恢复自哪个版本 (the version it restores)")
    based_on: int | None = strawberry.field(description="在哪个版本基础上修改 (the version it was based on)")
    texts: strawberry.Private[PolicyVersionRecord]

    @classmethod
    def of(cls, record: PolicyVersionRecord) -> "PolicyVersion":
        return cls(id=strawberry.ID(str(record.version)), version=record.version, author=record.author,
                   reason=record.reason, saved_at=record.saved_at, restored_from=record.restored_from,
                   based_on=record.based_on, texts=record)

    async def _texts(self, info: Ctx) -> PolicyVersionRecord:
        if self.texts.model is not None:
            return self.texts
        return await policy_service.version(info.context, self.version) or self.texts

    @strawberry.field(description="Casbin 模型 (the model.conf text)")
    async def model(self, info: Ctx) -> str:
        return (await self._texts(info)).model or ""

    @strawberry.field(description="策略行 (the policy.csv text)")
    async def policy(self, info: Ctx) -> str:
        return (await self._texts(info)).policy or ""


@strawberry.type(description="一项将改变的现有决定 (a current decision that would flip)")
class PolicyFlip:
    kind: PolicyFlipKind = strawberry.field(description="类别 (kind)")
    action: str = strawberry.field(description="动作，如 use、apply (the policy action)")
    subject: str = strawberry.field(description="谁：部门（角色）(who: department (role))")
    target: str = strawberry.field(description="授权 id、目录 id 或样例说明 (grant id, item id, or the sample)")
    before_allowed: bool = strawberry.field(description="现行策略是否允许 (allowed now)")
    before_reason: AuthorizeReason = strawberry.field(description="现行策略的原因代码 (reason now)")
    after_allowed: bool = strawberry.field(description="新策略是否允许 (allowed under the new policy)")
    after_reason: AuthorizeReason = strawberry.field(description="新策略的原因代码 (reason under the new policy)")


@strawberry.type(description="策略试运行结果 (the result of a dry run)")
class PolicyDryRun:
    valid: bool = strawberry.field(description="能否保存 (whether the texts may be saved)")
    problems: list[str] = strawberry.field(description="校验问题，指明行号 (problems, naming the line)")
    flip_count: int = strawberry.field(description="将改变的决定数 (how many decisions would flip)")
    flips: list[PolicyFlip] = strawberry.field(description=f"将改变的决定，最多列出 {MAX_FLIPS_LISTED} 项 "
                                                           f"(the flipping decisions, at most {MAX_FLIPS_LISTED} listed)")

    @classmethod
    def of(cls, problems: list[str], flips: list) -> "PolicyDryRun":
        return cls(
            valid=not problems, problems=problems, flip_count=len(flips),
            flips=[
                PolicyFlip(kind=_FlipKind(f.kind), action=f.action, subject=f.subject, target=f.target,
                           before_allowed=f.before.allowed, before_reason=Reason.of(f.before.reason),
                           after_allowed=f.after.allowed, after_reason=Reason.of(f.after.reason))
                for f in flips[:MAX_FLIPS_LISTED]
            ],
        )


@strawberry.input(description="保存新策略版本 (save a new version of the policy)")
class SavePolicyInput:
    model: str = strawberry.field(description="Casbin 模型 (the model.conf text)")
    policy: str = strawberry.field(description="策略行 (the policy.csv text)")
    reason: str = strawberry.field(description="修改理由 (why)")
    expected_version: int = strawberry.field(description="开始修改时的现行版本号，防止覆盖他人修改 (the version the change started from)")


@strawberry.type(description="保存结果 (the version saved, now in force)")
class SavePolicyPayload:
    policy_version: PolicyVersion = strawberry.field(description="新版本 (the new version)")


@strawberry.input(description="恢复历史版本 (restore an earlier version as a new one)")
class RestorePolicyInput:
    version: int = strawberry.field(description="要恢复的版本号 (the version to restore)")
    reason: str = strawberry.field(description="恢复理由 (why)")


@strawberry.type(description="恢复结果 (the new version, now in force)")
class RestorePolicyPayload:
    policy_version: PolicyVersion = strawberry.field(description="新版本 (the new version)")
