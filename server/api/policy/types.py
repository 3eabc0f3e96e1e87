"""GraphQL types of policy administration (第三十六条): versions, dry runs and their flips."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from server.api.catalog.types import RoleEnum
from server.api.core.enums import labelled_enum
from server.api.core.info import Ctx
from server.api.core.node import Node
from server.api.sharing.types import AuthorizeReason
from server.domain.records.policy import PolicyVersionRecord
from server.domain.sharing import AuthorizeReason as Reason
from server.services import policy as policy_service
from server.services.policy import DryRun as DryRunResult
from server.services.policy import Explanation as AdminExplanation
from server.services.policy import FlipNames, flip_department
from server.services.policy import PolicyDiff as AdminDiff

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

    @strawberry.field(description="规则参数：法规的期限、时长与上限 (the rules.toml text: the regulation's numbers)")
    async def rules(self, info: Ctx) -> str:
        return policy_service.rules_text(await self._texts(info))


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
    department_code: str | None = strawberry.field(description="所涉部门编码；样例角色为空 (the department concerned; null for the role samples)")
    department_name: str | None = strawberry.field(description="所涉部门名称 (the department's name)")
    item_id: str | None = strawberry.field(description="所涉目录 id；样例角色为空 (the item concerned; null for the role samples)")
    item_name: str | None = strawberry.field(description="所涉目录名称 (the item's name)")


@strawberry.type(description="规则参数的一项变化 (a number of the rules that changes)")
class RuleChange:
    key: str = strawberry.field(description="参数，如 requests.review_working_days (the rules.toml key)")
    before: str | None = strawberry.field(description="现行值 (the value now)")
    after: str | None = strawberry.field(description="新值；期限只适用于保存后开始计时的事项 (the new value; a deadline applies to clocks started after the save)")


@strawberry.type(description="策略试运行结果 (the result of a dry run)")
class PolicyDryRun:
    valid: bool = strawberry.field(description="能否保存 (whether the texts may be saved)")
    problems: list[str] = strawberry.field(description="校验问题，指明行号 (problems, naming the line)")
    warnings: list[str] = strawberry.field(description="可能有误之处：保存须说明强制理由 (likely mistakes: saving needs a forceReason)")
    rule_changes: list[RuleChange] = strawberry.field(description="规则参数的变化 (the numbers of rules.toml that change)")
    flip_count: int = strawberry.field(description="将改变的决定数 (how many decisions would flip)")
    flips: list[PolicyFlip] = strawberry.field(description=f"将改变的决定，最多列出 {MAX_FLIPS_LISTED} 项 "
                                                           f"(the flipping decisions, at most {MAX_FLIPS_LISTED} listed)")

    @classmethod
    def of(cls, result: DryRunResult) -> "PolicyDryRun":
        flips = result.flips
        names = result.names or FlipNames({}, {}, {})
        return cls(
            valid=not result.problems, problems=result.problems, warnings=result.warnings,
            rule_changes=[RuleChange(key=c.key, before=c.before, after=c.after) for c in result.rules_changes],
            flip_count=len(flips),
            flips=[
                PolicyFlip(kind=_FlipKind(f.kind), action=f.action, subject=f.subject, target=f.target,
                           before_allowed=f.before.allowed, before_reason=Reason.of(f.before.reason),
                           after_allowed=f.after.allowed, after_reason=Reason.of(f.after.reason),
                           department_code=(code := flip_department(f)), department_name=names.departments.get(code or ""),
                           item_id=(item := names.item_of(f)), item_name=names.items.get(item or ""))
                for f in flips[:MAX_FLIPS_LISTED]
            ],
        )


@strawberry.type(description="策略的一行 (one line of the policy)")
class PolicyLineChange:
    number: int = strawberry.field(description="在其所属版本中的行号 (its line number in its version)")
    text: str = strawberry.field(description="该行，如 p, apply, department_staff, CONDITIONAL, in_scope (the line)")


@strawberry.type(description="两个策略版本之差 (what changes between two policy versions)")
class PolicyDiff:
    from_version: int = strawberry.field(description="比较的起点版本 (the version compared from)")
    to_version: int = strawberry.field(description="比较的终点版本 (the version compared to)")
    model_changed: bool = strawberry.field(description="模型是否改变 (whether model.conf changes)")
    model_diff: list[str] = strawberry.field(description="模型的统一格式差异，逐行 (the unified diff of model.conf, line by line)")
    removed_lines: list[PolicyLineChange] = strawberry.field(description="删去的策略行，行号按起点版本 (policy lines removed, numbered as in the from version)")
    added_lines: list[PolicyLineChange] = strawberry.field(description="新增的策略行，行号按终点版本 (policy lines added, numbered as in the to version)")
    rule_changes: list[RuleChange] = strawberry.field(description="规则参数 rules.toml 中改变的值 (the values of rules.toml that change)")
    problems: list[str] = strawberry.field(description="无法读取的文本，其差异从略 (texts that cannot be read; their part is left out)")

    @classmethod
    def of(cls, before: int, after: int, diff: AdminDiff) -> "PolicyDiff":
        return cls(
            from_version=before, to_version=after, model_changed=bool(diff.model_diff), model_diff=diff.model_diff,
            removed_lines=[PolicyLineChange(number=line.number, text=line.text) for line in diff.removed],
            added_lines=[PolicyLineChange(number=line.number, text=line.text) for line in diff.added],
            rule_changes=[RuleChange(key=c.key, before=c.before, after=c.after) for c in diff.rule_changes],
            problems=diff.problems,
        )


@strawberry.input(description="解释一次判定：谁、对哪条目录、做什么 (explain a decision: who does what on which item)")
class PolicyExplainInput:
    department: str = strawberry.field(description="调用者部门编码，如 140500-MZJ (the caller's department code)")
    roles: list[RoleEnum] = strawberry.field(description="调用者角色 (the caller's roles)")  # type: ignore[valid-type]
    action: str = strawberry.field(description="策略动作，如 apply、use、review (the policy action)")
    item_id: strawberry.ID | None = strawberry.field(default=None, description="目录 id 或目录编码：其共享属性、范围、状态、提供部门与该部门的授权从图中读取；为空时判定不涉目录的动作 (the item's id or catalog code: its facts and the department's grants on it are read from the graph; null: an action on no item)")
    user: str | None = strawberry.field(default=None, description="调用者用户名，影响回避规则 (the caller's user name: it matters for the own-case rules)")
    now: datetime | None = strawberry.field(default=None, description="判定时刻；为空时为当前 (the instant to decide at; null: now)")
    version: int | None = strawberry.field(default=None, description="用哪个版本判定；为空时为现行版本 (the version to decide with; null: the version in force)")
    request_consumer: str | None = strawberry.field(default=None, description="判定针对该部门对此目录的一件待审申请 (decide on a pending application of this department for the item)")
    model: str | None = strawberry.field(default=None, description="用此模型文本判定（草稿）(decide with this model.conf text: a draft)")
    policy: str | None = strawberry.field(default=None, description="用此策略文本判定（草稿）(decide with this policy.csv text: a draft)")
    rules: str | None = strawberry.field(default=None, description="用此规则参数判定（草稿）(decide with this rules.toml text: a draft)")


@strawberry.type(description="一次判定的解释 (the explanation of a decision)")
class PolicyExplanation:
    version: int = strawberry.field(description="判定所用版本；以草稿文本判定时为 0 (the version that decided; 0 for draft texts)")
    allowed: bool = strawberry.field(description="是否允许 (allowed)")
    reason: AuthorizeReason = strawberry.field(description="原因代码 (reason code)")
    message: str = strawberry.field(description="说明，供经办人阅读 (message for the clerk)")
    rule: str | None = strawberry.field(description="作出决定的策略行；无行匹配时为空 (the policy line that decided; null: no line matched)")
    lines: list[str] = strawberry.field(description="逐行说明：部门、目录、授权、各策略行的匹配情况与结果 (the explanation, line by line: department, item, grants, each policy line, the decision)")

    @classmethod
    def of(cls, explanation: AdminExplanation) -> "PolicyExplanation":
        decision = explanation.decision
        return cls(version=explanation.version, allowed=decision.allowed, reason=Reason.of(decision.reason),
                   message=decision.message, rule=decision.rule, lines=explanation.lines)


@strawberry.input(description="保存新策略版本 (save a new version of the policy)")
class SavePolicyInput:
    model: str = strawberry.field(description="Casbin 模型 (the model.conf text)")
    policy: str = strawberry.field(description="策略行 (the policy.csv text)")
    reason: str = strawberry.field(description="修改理由 (why)")
    expected_version: int = strawberry.field(description="开始修改时的现行版本号，防止覆盖他人修改 (the version the change started from)")
    rules: str | None = strawberry.field(default=None, description="规则参数 rules.toml；为空时沿用现行版本 (the rules.toml text; null keeps the version in force's)")
    force_reason: str | None = strawberry.field(default=None, description="强制保存的理由：新版本有警告时必填 (why to save despite the dry run's warnings)")


@strawberry.type(description="保存结果 (the version saved, now in force)")
class SavePolicyPayload:
    policy_version: PolicyVersion = strawberry.field(description="新版本 (the new version)")


@strawberry.input(description="恢复历史版本 (restore an earlier version as a new one)")
class RestorePolicyInput:
    version: int = strawberry.field(description="要恢复的版本号 (the version to restore)")
    reason: str = strawberry.field(description="恢复理由 (why)")
    force_reason: str | None = strawberry.field(default=None, description="强制恢复的理由：该版本有警告时必填 (why to restore despite warnings)")


@strawberry.type(description="恢复结果 (the new version, now in force)")
class RestorePolicyPayload:
    policy_version: PolicyVersion = strawberry.field(description="新版本 (the new version)")
