"""The Casbin enforcer: who may do what, decided from policy lines and the facts of one request.

Casbin decides; the graph supplies facts (DESIGN.md, "Authorization"). A request is
`(sub, obj, act, env)` — a `Subject`, a `Resource` (the item, request or grant as stored
in the graph), the action, and an `Env` holding `now`. The policy lines in `policy.csv`
say which role may do which action on which sharing class, under which rule; the rules
are registered Python checks (`RULES`), evaluated by the matcher's `check(p.rule, ...)`
with the line's arguments — the periods of 第三十一条 are named there (`grants.max_period`) and
their values live in the rules file (`rules.toml`, versioned with the policy), never in code.
Grants are never policy lines: a grant travels in the request.

`Authorizer.decide` returns a `Decision`: allowed or not, a stable reason code, a message
for the clerk (Chinese, English beside) and the policy line that decided. Each action has
its own Casbin enforcer holding only that action's lines (the same model; the policy is
loaded filtered by action), so a decision evaluates one or two lines, not all of them.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

import casbin
from casbin.model import Model
from casbin.persist.adapter import Adapter

from server.domain.grants import (
    GrantFacts, Period, PeriodError, effective_expiry, ended_at, grant_state, idle_deadline, within_report_window,
)
from server.domain.jurisdiction import Jurisdiction
from server.domain.records.catalog import ItemFacts, ItemRecord
from server.domain.records.lifecycle import WithdrawalRecord
from server.domain.records.sharing import FeedbackRecord, GrantRecord, RequestRecord
from server.domain.rules import IdleOutcome, RuleSet, RulesError, beyond, parse_rules
from server.domain.values import ItemStatus, ShareType

POLICY_DIR = Path(__file__).parent
MODEL_PATH = POLICY_DIR / "model.conf"
POLICY_PATH = POLICY_DIR / "policy.csv"
RULES_PATH = POLICY_DIR / "rules.toml"


@lru_cache(maxsize=1)
def shipped_rules() -> RuleSet:
    """The rules file shipped with the server (version 1's rules; tests pin its numbers)."""
    return parse_rules(RULES_PATH.read_text(encoding="utf-8"))

# The same names as server.auth.Role (a test compares them); policies/ does not import the web layer.
ROLES: tuple[str, ...] = ("DEPT_USER", "DEPT_DATA_OFFICER", "AUTHORITY_ADMIN", "POLICY_ADMIN", "AUDITOR")
SHARE_CLASSES: tuple[str, ...] = tuple(member.value for member in ShareType)

# Actions the server asks about, with the Chinese a clerk reads.
ACTIONS: dict[str, str] = {
    "read_published": "查阅已发布目录",
    "read_unpublished": "查阅未发布目录",
    "compile": "编制目录",
    "review_item": "审核编码目录",
    "decide_withdrawal": "审批撤销发布",
    "supervise": "监督目录更新",
    "apply": "申请共享数据",
    "review": "审核共享申请",
    "read_request": "查阅共享申请",
    "authority_queue": "主管部门待办",
    "answer": "答复共享申请",
    "negotiate": "对不予共享提出异议",
    "coordinate": "协调共享争议",
    "authorize_platform": "整体授权平台",
    "use": "使用共享数据",
    "revoke": "收回授权",
    "reinstate": "恢复授权",
    "feedback": "反馈数据问题",
    "answer_feedback": "答复数据问题反馈",
    "read_feedback": "查阅数据问题反馈",
    "administer_policy": "管理共享策略",
    "read_policy": "查阅共享策略",
    "audit": "审计",
}

# Actions that change nothing: the only ones an auditor (or every role, `*`) may be given.
READ_ACTIONS = frozenset({"read_published", "read_unpublished", "read_request", "read_feedback", "read_policy", "audit"})

# Actions renamed since a policy version could be saved with the old name: versions kept in the
# graph still read (one spelling, authorize…, since issue 10).
RENAMED_ACTIONS: dict[str, str] = {"authorise_platform": "authorize_platform"}

REQUEST_TOKENS = ("r_sub", "r_obj", "r_act", "r_env")
POLICY_TOKENS = ("p_act", "p_role", "p_cls", "p_rule", "p_arg1", "p_arg2")
POLICY_FIELDS = len(POLICY_TOKENS)
MATCHER_FUNCTIONS = ("has_role", "check")

CST = timezone(timedelta(hours=8))  # Asia/Shanghai (no daylight saving): what clerks read


# --------------------------------------------------------------------------------------
# The request: subject, resource, environment; and the answer
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Subject:
    user: str
    department_code: str
    roles: frozenset[str]
    is_authority_department: bool = False

    @classmethod
    def of(cls, principal: Any, is_authority_department: bool = False) -> "Subject":
        """From a `server.auth.Principal` (roles are str enums, so their values compare as names)."""
        return cls(
            user=principal.user,
            department_code=principal.department_code,
            roles=frozenset(str(getattr(role, "value", role)) for role in principal.roles),
            is_authority_department=is_authority_department,
        )


@dataclass(frozen=True, eq=False)
class Resource:
    """What the action is on, as typed read models (server/domain/records/): the item (a full
    `ItemRecord`, or the `ItemFacts` of one not yet saved), the request, the grant, the pending
    withdrawal, and every department's region, level and authority for the questions of who is
    competent."""

    kind: str  # "item" | "request" | "grant" | "policy" | "catalog" …
    item: ItemRecord | ItemFacts | None = None
    grant: GrantRecord | None = None
    request: RequestRecord | None = None
    jurisdiction: Jurisdiction | None = None
    withdrawal: WithdrawalRecord | None = None
    feedback: FeedbackRecord | None = None

    @property
    def share_type(self) -> str:
        for source in (self.item, self.request):
            if source is not None and source.share_type is not None:
                return source.share_type.value
        return ""

    @property
    def provider_code(self) -> str | None:
        for source in (self.item, self.request, self.grant, self.feedback):
            if source is not None and source.provider_code:
                return source.provider_code
        return None

    @property
    def consumer_code(self) -> str | None:
        for source in (self.request, self.grant, self.feedback):
            if source is not None and source.consumer_code:
                return source.consumer_code
        return None

    @property
    def applicant(self) -> str | None:
        """The person who applied (a request, or the grant that came of it)."""
        for source in (self.request, self.grant):
            if source is not None and source.applicant:
                return source.applicant
        return None

    @property
    def editors(self) -> frozenset[str]:
        """Everyone who compiled, edited or submitted the item (第十三条 review is by someone else)."""
        return self.item.compilers if self.item is not None else frozenset()


@dataclass(frozen=True, slots=True)
class Env:
    now: datetime
    rules: RuleSet  # the rules version in force with this policy (rules.toml)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str  # stable code: ALLOWED, NOT_SHARED, OUT_OF_SCOPE, OWN_ITEM, GRANT_EXPIRED …
    message: str  # Chinese with English beside, for the clerk
    rule: str | None  # the policy line that decided, e.g. "p, apply, department_staff, CONDITIONAL, in_scope"


class PolicyError(ValueError):
    """A model or policy that cannot be used; `problems` name the line and what is wrong."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


# --------------------------------------------------------------------------------------
# Reasons and messages
# --------------------------------------------------------------------------------------

MESSAGES: dict[str, str] = {
    "ALLOWED": "允许“{action_zh}”(allowed: {action})",
    "NOT_SHARED": "该目录为“不予共享”，任何部门都不能申请（第二十二条）(the item is not shared: nobody may apply for it)",
    "CLASS_NOT_ALLOWED": "共享属性为“{share_zh}”的目录不能“{action_zh}”(no policy line allows {action} on {share} items)",
    "OUT_OF_SCOPE": "贵部门不在该有条件共享目录的共享范围内（第二十三条）(your department is not in this conditional item's sharing scope)",
    "OWN_ITEM": "这是本部门提供的目录，无需申请 (this is your own department's item; there is nothing to apply for)",
    "NOT_PUBLISHED": "目录尚未发布，不能申请 (the item is not published)",
    "NO_GRANT": "贵部门没有该目录的授权，请先申请（第二十六条）(your department holds no grant on this item: apply first)",
    "GRANT_EXPIRED": "授权已于 {expires} 到期，最长期限为{max_label}（第三十一条）(the grant expired on {expires}; grants last at most {max})",
    "GRANT_IDLE": "授权自 {since} 起超过{idle_label}未使用，已失效，请联系提供部门恢复（第三十一条）"
    "(the grant has been unused since {since}, more than {idle}; ask the provider to reinstate it)",
    "GRANT_REVOKED": "授权已于 {revoked} 被收回（第三十一条）(the grant was revoked on {revoked})",
    "ITEM_WITHDRAWN": "目录已撤销，授权随之失效（第十九条）(the item was withdrawn, so its grants have ended)",
    "GRANT_SUSPENDED": "目录的共享属性或共享范围已变更，不再包括贵部门，授权已中止；如仍需使用，请重新申请（第二十二条、第二十三条）"
    "(the item's sharing class or scope changed and no longer covers your department: the grant is suspended; apply again)",
    "REPORT_WINDOW_CLOSED": "授权已于 {ended} 结束，超过可反馈的期限{window_label}（第三十二条）"
    "(the grant ended on {ended}; problems may be reported for {window} after a grant ends)",
    "WRONG_ROLE": "您的角色（{have}）不能“{action_zh}”，需要：{need} (your roles {have} may not {action}; it needs {need})",
    "WRONG_DEPARTMENT": "{who_zh}才能“{action_zh}”({who_en} only may {action})",
    "WRONG_JURISDICTION": "{who_zh}才能“{action_zh}”，不属贵单位管辖 ({who_en} only may {action}: not within your jurisdiction)",
    "OWN_CASE": "不能处理本人或本部门申请的事项，须由他人决定 (you may not decide a case you or your department applied for)",
    "OWN_EDIT": "不能审核本人编制或修改的目录，须由他人审核（第十三条）(you may not review an item you compiled or edited)",
    "PERIOD_TOO_LONG": "申请的授权期限超过最长{max_label}，最晚至 {limit}（第三十一条）(the requested period exceeds {max}: at most until {limit})",
    "PERIOD_INVALID": "授权截止时间须晚于开始时间 (the end of the period must be after its start)",
    "NO_RULE": "共享策略中没有“{action_zh}”的规则，一律拒绝 (no policy line for {action}: denied)",
    "DENIED": "共享策略不允许“{action_zh}”(the policy denies {action})",
}

WHO: dict[str, tuple[str, str]] = {
    "provider": ("该目录的提供部门", "the providing department"),
    "consumer": ("申请（使用）部门", "the consuming department"),
    "authority": ("政务数据主管部门", "the data authority"),
    "provider_or_parent": ("本部门及下属单位（第六条）", "the department itself and its units"),
    "city_authority": ("市级政务数据主管部门（第十三条）", "the city data authority"),
    "applicant_authority": ("申请部门同级的政务数据主管部门（第二十八条）", "the applicant's own-level data authority"),
    "provider_authority": ("提供部门同级的政务数据主管部门（第十九条）", "the provider's own-level data authority"),
    "coordinating_authority": ("双方同级或市级政务数据主管部门（第三十条）", "the parties' common (else the city) data authority"),
    "revoker": ("作出收回的部门（第四十条）", "the department that revoked the grant"),
    "revoker_authority": ("作出收回的部门同级的政务数据主管部门（第四十条）", "the revoking department's own-level data authority"),
}

GRANT_REASONS = {"EXPIRED": "GRANT_EXPIRED", "IDLE": "GRANT_IDLE", "REVOKED": "GRANT_REVOKED", "ITEM_WITHDRAWN": "ITEM_WITHDRAWN",
                 "SUSPENDED": "GRANT_SUSPENDED"}


def _date(moment: datetime | None) -> str:
    return moment.astimezone(CST).date().isoformat() if moment else "?"


Failure = tuple[str, dict[str, Any]]  # (reason code, message parameters)


# --------------------------------------------------------------------------------------
# Rules: the checks a policy line names (the matcher's `check(p.rule, ...)`)
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    name: str
    check: Callable[[Subject, Resource, Env, str, str], Failure | None]
    periods: int  # how many period arguments (rules.toml keys) the line carries (0 or 2)
    doc: str


def _always(sub: Subject, res: Resource, env: Env, a1: str, a2: str) -> Failure | None:
    return None


def _published(res: Resource) -> Failure | None:
    status = res.item.status if res.item is not None else None
    if status is not None and status is not ItemStatus.PUBLISHED:
        return "NOT_PUBLISHED", {}
    return None


def _other_department(sub: Subject, res: Resource, env: Env, a1: str, a2: str) -> Failure | None:
    failure = _published(res)
    if failure:
        return failure
    if res.provider_code == sub.department_code:
        return "OWN_ITEM", {}
    return None


def _in_scope(sub: Subject, res: Resource, env: Env, a1: str, a2: str) -> Failure | None:
    failure = _other_department(sub, res, env, a1, a2)
    if failure:
        return failure
    if res.item is None:
        return "OUT_OF_SCOPE", {}
    if getattr(res.item, "scope_all", False):  # 第二十二条: offered to every department
        return None
    if sub.department_code not in (res.item.scope or ()):
        return "OUT_OF_SCOPE", {}
    return None


def _provider_department(sub: Subject, res: Resource, env: Env, a1: str, a2: str) -> Failure | None:
    if res.provider_code is None or res.provider_code != sub.department_code:
        return "WRONG_DEPARTMENT", {"who": "provider"}
    return None


def _consumer_department(sub: Subject, res: Resource, env: Env, a1: str, a2: str) -> Failure | None:
    if res.consumer_code is None or res.consumer_code != sub.department_code:
        return "WRONG_DEPARTMENT", {"who": "consumer"}
    return None


def _authority_department(sub: Subject, res: Resource, env: Env, a1: str, a2: str) -> Failure | None:
    if not sub.is_authority_department:
        return "WRONG_DEPARTMENT", {"who": "authority"}
    return None


def _impartial(sub: Subject, res: Resource) -> Failure | None:
    """Nobody decides a case they applied for; no department but the authority decides its own
    application (and there another person of the authority decides)."""
    if res.applicant is not None and res.applicant == sub.user:
        return "OWN_CASE", {}
    if res.consumer_code == sub.department_code and not sub.is_authority_department:
        return "OWN_CASE", {}
    return None


def _authority_of(sub: Subject, res: Resource, region: str | None, who: str) -> Failure | None:
    jurisdiction = res.jurisdiction
    if jurisdiction is None or not jurisdiction.is_authority_of(sub.department_code, region):
        return "WRONG_JURISDICTION", {"who": who}
    return None


def _not_for_the_provider(sub: Subject, res: Resource) -> Failure | None:
    """When the authority's own department provides the item, the person who acted for the
    provider (compiled or edited the item, answered the request, asked for the withdrawal) does
    not also decide as the authority: another person of the authority does."""
    acted = {*res.editors, res.request.answered_by if res.request else None,
             res.withdrawal.requested_by if res.withdrawal else None}
    if sub.user in acted:
        return "OWN_CASE", {}
    return None


def _deciding(res: Resource, region: str | None) -> str | None:
    """The competent region after the own-case rule (server/domain/jurisdiction.py OwnCaseRule)."""
    assert res.jurisdiction is not None
    return res.jurisdiction.deciding_region(region, res.consumer_code, res.provider_code)


def _city_authority(sub: Subject, res: Resource, env: Env, a1: str, a2: str) -> Failure | None:
    """第十三条: the city authority codes and reviews every department's entries; not one that
    the reviewer compiled, edited or submitted."""
    failure = _authority_of(sub, res, res.jurisdiction.city_region if res.jurisdiction else None, "city_authority")
    if failure:
        return failure
    if sub.user in res.editors:
        return "OWN_EDIT", {}
    return None


def _applicant_authority(sub: Subject, res: Resource, env: Env, a1: str, a2: str) -> Failure | None:
    """第二十八条: the authority of the applicant's own level, not a party to the case."""
    region = _deciding(res, res.jurisdiction.own_level_region(res.consumer_code)) if res.jurisdiction else None
    return _authority_of(sub, res, region, "applicant_authority") or _impartial(sub, res) or _not_for_the_provider(sub, res)


def _provider_authority(sub: Subject, res: Resource, env: Env, a1: str, a2: str) -> Failure | None:
    """第十九条, 第三十一条: the authority of the provider's own level, not a party to the case
    (for a withdrawal: not the person who asked for it)."""
    region = _deciding(res, res.jurisdiction.own_level_region(res.provider_code)) if res.jurisdiction else None
    return _authority_of(sub, res, region, "provider_authority") or _impartial(sub, res) or _not_for_the_provider(sub, res)


def _coordinating_authority(sub: Subject, res: Resource, env: Env, a1: str, a2: str) -> Failure | None:
    """第三十条(三): the parties' common own-level authority, else the city authority."""
    region = (_deciding(res, res.jurisdiction.coordinating_region(res.consumer_code, res.provider_code))
              if res.jurisdiction else None)
    return _authority_of(sub, res, region, "coordinating_authority") or _impartial(sub, res) or _not_for_the_provider(sub, res)


def _within_jurisdiction(sub: Subject, res: Resource, env: Env, a1: str, a2: str) -> Failure | None:
    """An authority reads and supervises what it is competent for: the city authority every
    department (第十三条), a county authority its own county's departments."""
    jurisdiction = res.jurisdiction
    if jurisdiction is None or not sub.is_authority_department:
        return "WRONG_JURISDICTION", {"who": "authority"}
    if jurisdiction.is_city_authority(sub.department_code):
        return None
    if res.provider_code is None:  # every department's: the city authority's jurisdiction only
        return "WRONG_JURISDICTION", {"who": "city_authority"}
    return _authority_of(sub, res, jurisdiction.own_level_region(res.provider_code), "provider_authority")


def _case_authority(sub: Subject, res: Resource, env: Env, a1: str, a2: str) -> Failure | None:
    """An authority reads the cases it reviews or coordinates (第二十八条, 第三十条), and the city
    authority every case (第四十一条 supervision)."""
    jurisdiction = res.jurisdiction
    if jurisdiction is None or jurisdiction.is_city_authority(sub.department_code):
        return None if jurisdiction is not None else ("WRONG_JURISDICTION", {"who": "authority"})
    regions = {
        jurisdiction.own_level_region(res.consumer_code),
        jurisdiction.coordinating_region(res.consumer_code, res.provider_code),
    }
    if any(jurisdiction.is_authority_of(sub.department_code, region) for region in regions):
        return None
    return "WRONG_JURISDICTION", {"who": "applicant_authority"}


def _own_or_unit(sub: Subject, res: Resource, env: Env, a1: str, a2: str) -> Failure | None:
    """第六条, 第九条: a department's data officer compiles for it and its subordinate units."""
    if res.jurisdiction is None or not res.jurisdiction.is_own_or_unit(sub.department_code, res.provider_code):
        return "WRONG_DEPARTMENT", {"who": "provider_or_parent"}
    return None


def _provider_officer(sub: Subject, res: Resource, env: Env, a1: str, a2: str) -> Failure | None:
    """The provider's own people decide on its data, never on a case one of them applied for."""
    return _provider_department(sub, res, env, a1, a2) or _impartial(sub, res)


UNKNOWN_REVOKER = "?"  # revoked before the revoking department was recorded (issue 11)


def _revoker(res: Resource) -> str | None:
    """The department whose revocation stands on the grant: None when none stands (an idle stop,
    or a revocation lifted since), UNKNOWN_REVOKER when it was made before the department was
    recorded (then only an authority lifts it: it may have been the authority's supervision)."""
    grant = res.grant
    if grant is None or not grant_facts(res).revoked:
        return None
    return grant.revoked_by_department or UNKNOWN_REVOKER


def _revoking_officer(sub: Subject, res: Resource, env: Env, a1: str, a2: str) -> Failure | None:
    """第三十一条, 第四十条: the provider's people lift an idle stop, or their own department's
    revocation; an authority's revocation (supervision) is not theirs to undo."""
    revoker = _revoker(res)
    if revoker is not None and revoker != sub.department_code:
        return "WRONG_DEPARTMENT", {"who": "revoker" if revoker != UNKNOWN_REVOKER else "authority"}
    return _provider_officer(sub, res, env, a1, a2)


def _revoking_authority(sub: Subject, res: Resource, env: Env, a1: str, a2: str) -> Failure | None:
    """第三十一条, 第四十条: a revocation is lifted by the authority of the revoking department's own
    level (which is the revoking authority itself when an authority revoked), never by the other
    party's authority; an idle stop by the provider's or the applicant's own-level authority."""
    revoker = _revoker(res)
    if revoker is None or revoker == UNKNOWN_REVOKER:
        return (_provider_authority(sub, res, env, a1, a2) and _applicant_authority(sub, res, env, a1, a2))
    region = _deciding(res, res.jurisdiction.own_level_region(revoker)) if res.jurisdiction else None
    return _authority_of(sub, res, region, "revoker_authority") or _impartial(sub, res) or _not_for_the_provider(sub, res)


def grant_facts(res: Resource) -> GrantFacts:
    """The 第三十一条 facts of the resource's grant — raises if it has none. The item's class and
    scope as they are now (第二十二条, 第二十三条): a grant stops when they no longer cover the holder,
    whether or not the change has been stored on the grant yet."""
    grant = res.grant
    if grant is None:
        raise ValueError("the resource has no grant")
    item = res.item
    share = item.share_type if item is not None else None
    scope = item.scope if item is not None else None
    return GrantFacts(
        granted_at=grant.granted_at,
        expires_at=grant.expires_at,
        last_used_at=grant.last_used_at,
        revoked_at=grant.revoked_at,
        reinstated_at=grant.reinstated_at,
        item_withdrawn=item is not None and (item.status is ItemStatus.WITHDRAWN or item.withdrawn_at is not None),
        item_withdrawn_at=item.withdrawn_at if item is not None else None,
        suspended_at=grant.suspended_at,
        item_not_shared=share is ShareType.NOT_SHARED,
        out_of_scope=(share is ShareType.CONDITIONAL and scope is not None and not getattr(item, "scope_all", False)
                      and grant.consumer_code not in scope),
    )


def _grant_live(sub: Subject, res: Resource, env: Env, a1: str, a2: str) -> Failure | None:
    grant = res.grant
    if grant is None:
        return "NO_GRANT", {}
    if grant.consumer_code != sub.department_code:
        return "NO_GRANT", {}
    if res.item is not None and res.item.id and grant.item_id != res.item.id:
        return "NO_GRANT", {}
    max_period, idle = resolve_period(a1, env.rules), resolve_period(a2, env.rules)
    facts = grant_facts(res)
    stops_when_idle = env.rules.grants.idle_outcome is IdleOutcome.LAPSE
    live, state = grant_state(facts, env.now, idle if stops_when_idle else None, max_period=max_period)
    if live:
        return None
    # The dates for the message are worked out only if the message is made (not inside Casbin's matcher).
    return GRANT_REASONS[state], {"grant": (facts, max_period, idle)}


def _grant_reportable(sub: Subject, res: Resource, env: Env, a1: str, a2: str) -> Failure | None:
    """第三十二条: a live grant, or one that ended less than [feedback] window_after_grant ago."""
    failure = _grant_live(sub, res, env, a1, a2)
    if failure is None or failure[0] == "NO_GRANT":
        return failure
    facts, max_period, idle = failure[1]["grant"]
    stops_when_idle = env.rules.grants.idle_outcome is IdleOutcome.LAPSE
    window = env.rules.feedback.window_after_grant
    if within_report_window(facts, env.now, idle if stops_when_idle else None, window, max_period=max_period):
        return None
    ended = ended_at(facts, env.now, idle if stops_when_idle else None, max_period=max_period)
    return "REPORT_WINDOW_CLOSED", {"ended": _date(ended), "window": window.iso(), "window_label": window.label()}


def _grant_params(facts: GrantFacts, max_period: Period, idle: Period) -> dict[str, str]:
    return {
        "max": max_period.iso(), "max_label": max_period.label(), "idle": idle.iso(), "idle_label": idle.label(),
        "expires": _date(effective_expiry(facts, max_period)), "since": _date(facts.idle_since),
        "revoked": _date(facts.revoked_at), "idle_until": _date(idle_deadline(facts, idle)),
    }


RULES: dict[str, Rule] = {
    rule.name: rule
    for rule in (
        Rule("always", _always, 0, "无条件 (no further condition)"),
        Rule("other_department", _other_department, 0, "已发布且非本部门目录 (a published item of another department)"),
        Rule("in_scope", _in_scope, 0, "已发布、非本部门且本部门在共享范围内 (published, another's, and the caller in its scope)"),
        Rule("provider_department", _provider_department, 0, "调用者属提供部门 (the caller's department provides the item)"),
        Rule("consumer_department", _consumer_department, 0, "调用者属申请（使用）部门 (the caller's department is the consumer)"),
        Rule("authority_department", _authority_department, 0, "调用者属政务数据主管部门 (the caller's department is the data authority)"),
        Rule("case_authority", _case_authority, 0, "审核或协调该事项的主管部门，或市级主管部门 (the authority reviewing or coordinating the case, or the city's)"),
        Rule("own_or_unit", _own_or_unit, 0, "提供部门或其上级部门 (the provider or the department it belongs to)"),
        Rule("provider_officer", _provider_officer, 0, "提供部门人员，且非本案申请人 (the provider's people, not the applicant)"),
        Rule("city_authority", _city_authority, 0, "市级政务数据主管部门，且未编辑该目录（第十三条）(the city authority, not an editor of the item)"),
        Rule("applicant_authority", _applicant_authority, 0, "申请部门同级的主管部门，且非本案当事人（第二十八条）(the applicant's own-level authority, not a party)"),
        Rule("provider_authority", _provider_authority, 0, "提供部门同级的主管部门，且非本案当事人（第十九条）(the provider's own-level authority, not a party)"),
        Rule("revoking_officer", _revoking_officer, 0, "提供部门人员，且收回由本部门作出（第四十条）(the provider's people; a revocation only if their department made it)"),
        Rule("revoking_authority", _revoking_authority, 0, "收回部门同级的主管部门；闲置停止时为任一方同级主管部门（第四十条）(the revoker's own-level authority; for an idle stop either party's)"),
        Rule("coordinating_authority", _coordinating_authority, 0, "双方共同的同级主管部门，否则市级（第三十条）(the parties' common authority, else the city's)"),
        Rule("within_jurisdiction", _within_jurisdiction, 0, "管辖范围内的主管部门 (an authority within its jurisdiction)"),
        Rule("grant_live", _grant_live, 2, "持有有效授权：arg1 最长期限，arg2 闲置时限，均为 rules.toml 参数 (a live grant: arg1 maximum period, arg2 idle limit, rules.toml keys)"),
        Rule("grant_reportable", _grant_reportable, 2, "持有有效授权，或授权结束未超过 feedback.window_after_grant（第三十二条）(a live grant, or one ended within the feedback window)"),
    )
}


# --------------------------------------------------------------------------------------
# Policy text: lines, parsing, static checks
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PolicyLine:
    number: int  # 1-based line number in the policy text
    ptype: str  # "p" or "g"
    fields: tuple[str, ...]  # p: exactly POLICY_FIELDS (padded); g: (member, group)

    @property
    def text(self) -> str:
        fields = list(self.fields)
        while fields and fields[-1] == "":
            fields.pop()
        return ", ".join([self.ptype, *fields])


def parse_policy(policy_text: str) -> tuple[list[PolicyLine], list[str]]:
    """The policy's lines (comments and blanks skipped), and what is wrong with them, by line."""
    lines: list[PolicyLine] = []
    problems: list[str] = []
    for number, raw in enumerate(policy_text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        tokens = [token.strip() for token in stripped.split(",")]
        ptype, fields = tokens[0], tokens[1:]
        where = f"policy line {number} “{stripped}”"
        if ptype == "p":
            if len(fields) < 4 or len(fields) > POLICY_FIELDS:
                problems.append(
                    f"{where}: 应为 p, 动作, 角色, 共享属性, 规则[, 参数1, 参数2] "
                    f"(expected p, action, role, class, rule[, arg1, arg2]: 4 to {POLICY_FIELDS} fields, got {len(fields)})"
                )
                continue
            fields = fields + [""] * (POLICY_FIELDS - len(fields))
            fields[0] = RENAMED_ACTIONS.get(fields[0], fields[0])
        elif ptype == "g":
            if len(fields) != 2 or not all(fields):
                problems.append(f"{where}: 应为 g, 角色, 角色组 (expected g, role, group)")
                continue
        else:
            problems.append(f"{where}: 行首须为 p 或 g (a line starts with p or g, not {ptype!r})")
            continue
        if any("\"" in value or "'" in value for value in fields):
            problems.append(f"{where}: 字段中不能有引号 (no quotes inside fields)")
            continue
        lines.append(PolicyLine(number, ptype, tuple(fields)))
    return lines, problems


def check_lines(lines: list[PolicyLine], rules: RuleSet | None = None) -> list[str]:
    """Every action, role, class, rule and period must be known and evaluable (periods against `rules`)."""
    problems: list[str] = []
    groups = {line.fields[1] for line in lines if line.ptype == "g"}
    for line in lines:
        where = f"policy line {line.number} “{line.text}”"
        if line.ptype == "g":
            member, group = line.fields
            if member not in ROLES and member not in groups:
                problems.append(f"{where}: 未知角色 {member} (unknown role; known: {', '.join(ROLES)})")
            if group in ROLES:
                continue  # a role may inherit another role's lines
            if not group.replace("_", "").isalnum():
                problems.append(f"{where}: 角色组名只能含字母、数字和下划线 (a group name is letters, digits and _)")
            continue
        act, role, cls, rule_name, arg1, arg2 = line.fields
        if act not in ACTIONS:
            problems.append(f"{where}: 未知动作 {act} (unknown action; known: {', '.join(ACTIONS)})")
        if role != "*" and role not in ROLES and role not in groups:
            problems.append(
                f"{where}: 未知角色或角色组 {role} (unknown role or group; roles: {', '.join(ROLES)}; "
                f"groups: {', '.join(sorted(groups)) or 'none'})"
            )
        if cls != "*" and cls not in SHARE_CLASSES:
            problems.append(f"{where}: 未知共享属性 {cls} (unknown sharing class; known: *, {', '.join(SHARE_CLASSES)})")
        rule = RULES.get(rule_name)
        if rule is None:
            problems.append(f"{where}: 未知规则 {rule_name} (unknown rule; known: {', '.join(RULES)})")
            continue
        args = [arg for arg in (arg1, arg2) if arg]
        if rule.periods == 0 and args:
            problems.append(f"{where}: 规则 {rule_name} 不带参数 (rule {rule_name} takes no arguments)")
        if rule.periods:
            if len(args) != rule.periods or not (arg1 and arg2):
                problems.append(
                    f"{where}: 规则 {rule_name} 需要两个期限：最长期限、闲置时限，如 grants.max_period, grants.idle_limit "
                    f"(rule {rule_name} needs two periods of rules.toml: e.g. grants.max_period, grants.idle_limit)"
                )
                continue
            for label, value in (("最长期限 maximum period", arg1), ("闲置时限 idle limit", arg2)):
                if rules is None and "." in value:
                    continue  # the rules text is broken: its own problems are reported
                try:
                    resolve_period(value, rules)
                except PeriodError as exc:
                    problems.append(f"{where}: {label}: {exc}")
    # Auditors read everything and change nothing (DESIGN.md, 第三十八条): no line may give them,
    # or every role, an action that changes something.
    auditor_groups = {"AUDITOR", "*"} | {line.fields[1] for line in lines if line.ptype == "g" and line.fields[0] == "AUDITOR"}
    for line in lines:
        if line.ptype == "p" and line.fields[1] in auditor_groups and line.fields[0] in ACTIONS \
                and line.fields[0] not in READ_ACTIONS:
            problems.append(
                f"policy line {line.number} “{line.text}”: 审计员只读，不能被授予 {line.fields[0]} "
                f"(auditors read and change nothing: {line.fields[1]} may not be given {line.fields[0]})"
            )
    live = [line for line in lines if line.ptype == "p" and line.fields[3] in ("grant_live", "grant_reportable")]
    if not any(line.fields[0] == "use" for line in live):
        problems.append("policy: 缺少 use 动作的 grant_live 规则行 (no `p, use, …, grant_live, grants.max_period, grants.idle_limit` line)")
    values = {(resolve_period(line.fields[4], rules), resolve_period(line.fields[5], rules))
              for line in live if not _bad_periods(line, rules)}
    if len(values) > 1:
        numbers = ", ".join(str(line.number) for line in live)
        problems.append(
            f"policy lines {numbers}: grant_live 的时长须一致 (all grant_live lines must carry the same durations; "
            f"found {', '.join(f'{a.iso()}/{b.iso()}' for a, b in sorted(values, key=str))})"
        )
    return problems


def _bad_periods(line: PolicyLine, rules: RuleSet | None) -> bool:
    try:
        resolve_period(line.fields[4], rules)
        resolve_period(line.fields[5], rules)
    except PeriodError:
        return True
    return False


def resolve_period(arg: str, rules: RuleSet | None) -> Period:
    """A line's period argument: a rules.toml key (`grants.max_period`), or — in versions saved
    before the rules file existed — an ISO 8601 duration written in the line."""
    if "." in arg:
        if rules is None:
            raise PeriodError("rules.toml 有误，无法取值 (the rules file is broken: see its problems)")
        try:
            return rules.period(arg)
        except KeyError:
            raise PeriodError(
                f"“{arg}”不是 rules.toml 中的期限参数 (not a period of rules.toml; e.g. grants.max_period, grants.idle_limit)"
            ) from None
    period = Period.parse(arg)
    if period.is_zero:
        raise PeriodError(f"须大于零 (must be longer than zero): {arg}")
    return period


def check_model(model_text: str) -> tuple[Model | None, list[str]]:
    """The model parses, has the request/policy shape the server passes, and a matcher using only known names."""
    try:
        model = Model()
        model.load_model_from_text(model_text)
    except Exception as exc:  # casbin raises bare exceptions on bad config
        return None, [f"model: 无法解析 (cannot parse): {exc}"]
    problems: list[str] = []
    for section, name in (("r", "request_definition"), ("p", "policy_definition"), ("e", "policy_effect"), ("m", "matchers")):
        if section not in model.keys():
            problems.append(f"model: 缺少 [{name}] (missing [{name}])")
    if problems:
        return None, problems
    r_tokens = tuple(model["r"]["r"].tokens)
    p_tokens = tuple(model["p"]["p"].tokens)
    if r_tokens != REQUEST_TOKENS:
        problems.append(
            f"model: request_definition 须为 r = sub, obj, act, env (the server passes exactly these; got "
            f"{', '.join(token[2:] for token in r_tokens)})"
        )
    if p_tokens != POLICY_TOKENS:
        problems.append(
            f"model: policy_definition 须为 p = act, role, cls, rule, arg1, arg2 (got {', '.join(token[2:] for token in p_tokens)})"
        )
    matcher = model["m"]["m"].value
    try:
        tree = ast.parse(matcher.replace("&&", " and ").replace("||", " or ").strip(), mode="eval")
    except SyntaxError as exc:
        return None, problems + [f"model: matchers 语法错误 (matcher syntax error): {exc.msg} in {matcher!r}"]
    allowed = set(REQUEST_TOKENS) | set(POLICY_TOKENS) | set(MATCHER_FUNCTIONS) | {"p_eft", "True", "False"}
    if "g" in model.keys():
        allowed |= set(model["g"].keys())
    unknown = sorted({node.id for node in ast.walk(tree) if isinstance(node, ast.Name)} - allowed)
    if unknown:
        problems.append(
            f"model: matchers 使用了未定义的名字 {', '.join(unknown)} (the matcher uses names that are neither in "
            "request_definition / policy_definition nor registered functions)"
        )
    return (None if problems else model), problems


# --------------------------------------------------------------------------------------
# Casbin plumbing
# --------------------------------------------------------------------------------------


class _LinesAdapter(Adapter):
    """Loads already-parsed policy lines (one action's p lines and all g lines) into a Casbin model."""

    def __init__(self, lines: Iterable[PolicyLine]) -> None:
        self._lines = list(lines)

    def load_policy(self, model: Model) -> None:
        for line in self._lines:
            model.model[line.ptype][line.ptype].policy.append(list(line.fields))

    def save_policy(self, model: Model) -> bool:
        raise NotImplementedError("policies are saved as versions in the graph (policies/admin.py)")


class _Enforcer(casbin.Enforcer):
    """A Casbin enforcer that parses its matcher once, not on every `enforce` call."""

    def _get_expression(self, expr: str, functions: dict | None = None):  # type: ignore[override]
        cache = self.__dict__.setdefault("_mulu_expressions", {})
        expression = cache.get(expr)
        if expression is None:
            expression = cache[expr] = casbin.Enforcer._get_expression(expr, functions)
        return expression


# --------------------------------------------------------------------------------------
# The authorizer
# --------------------------------------------------------------------------------------


@dataclass
class _LineResult:
    line: PolicyLine
    role_ok: bool
    class_ok: bool
    failure: Failure | None = None  # only evaluated when role and class matched

    @property
    def matched(self) -> bool:
        return self.role_ok and self.class_ok and self.failure is None


@dataclass
class Authorizer:
    """One policy version, ready to decide. Build it from texts, or `Authorizer()` for the shipped files."""

    model_text: str = field(default_factory=lambda: MODEL_PATH.read_text(encoding="utf-8"))
    policy_text: str = field(default_factory=lambda: POLICY_PATH.read_text(encoding="utf-8"))
    version: int = 1
    rules_text: str = field(default_factory=lambda: RULES_PATH.read_text(encoding="utf-8"))

    def __post_init__(self) -> None:
        model, problems = check_model(self.model_text)
        rules: RuleSet | None = None
        try:
            rules = parse_rules(self.rules_text)
        except RulesError as exc:
            problems += exc.problems
        lines, line_problems = parse_policy(self.policy_text)
        problems += line_problems
        if not line_problems:
            problems += check_lines(lines, rules)
        if model is not None and "g" not in model.keys() and any(line.ptype == "g" for line in lines):
            problems.append("model: 策略含 g 行但模型没有 [role_definition] (the policy has g lines but the model no [role_definition] g = _, _)")
        if problems or model is None:
            raise PolicyError(problems)
        self.lines = lines
        self._groups: list[PolicyLine] = [line for line in lines if line.ptype == "g"]
        self._by_action: dict[str, list[PolicyLine]] = {}
        for line in lines:
            if line.ptype == "p":
                self._by_action.setdefault(line.fields[0], []).append(line)
        try:
            self.enforcer = self._casbin(lines)
            self._enforcers = {action: self._casbin([*self._groups, *own]) for action, own in self._by_action.items()}
        except Exception as exc:  # a model Casbin itself refuses (e.g. an unsupported effect)
            raise PolicyError([f"model: Casbin 无法加载 (Casbin refuses the model): {exc}"]) from exc
        self._role_closure: dict[frozenset[str], frozenset[str]] = {}
        self._allowed: dict[tuple, Decision] = {}  # an ALLOWED decision depends only on the action and line
        assert rules is not None
        self.rules = rules
        live = next(line for line in self._by_action["use"] if line.fields[3] == "grant_live")
        self._max_period = resolve_period(live.fields[4], rules)
        self._idle_limit = resolve_period(live.fields[5], rules)
        # A period written in the line (versions saved before rules.toml) is held to the same caps.
        problems = [
            f"policy line {live.number} “{live.text}”: {label} {value.iso()} {word} {cap.iso()}（第三十一条）"
            f"({english} {cap.iso()}; name the legal basis in rules.toml [overrides] \"{key}\")"
            for value, cap_key, key, direction, label, word, english in (
                (self._max_period, "grants_max_period", "grants.max_period", "max", "最长期限", "超过上限",
                 "the maximum period exceeds the cap"),
                (self._idle_limit, "grants_idle_limit_min", "grants.idle_limit", "min", "闲置时限", "短于下限",
                 "the idle limit is shorter than the floor"),
            )
            if beyond(value, cap := rules.caps[cap_key], direction) and key not in rules.overrides
        ]
        if problems:
            raise PolicyError(problems)

    @classmethod
    def from_files(cls, model_path: Path = MODEL_PATH, policy_path: Path = POLICY_PATH, version: int = 1,
                   rules_path: Path = RULES_PATH) -> "Authorizer":
        return cls(model_path.read_text(encoding="utf-8"), policy_path.read_text(encoding="utf-8"), version,
                   rules_path.read_text(encoding="utf-8"))

    def _casbin(self, lines: list[PolicyLine]) -> casbin.Enforcer:
        model = Model()
        model.load_model_from_text(self.model_text)
        enforcer = _Enforcer(model, _LinesAdapter(lines))
        enforcer.add_function("has_role", self._has_role)
        enforcer.add_function("check", self._check)
        return enforcer

    # ---- the registered functions ------------------------------------------------------

    def _roles_of(self, roles: frozenset[str]) -> frozenset[str]:
        """The caller's roles plus every group they belong to (`g` lines, transitively)."""
        expanded = self._role_closure.get(roles)
        if expanded is None:
            found = set(roles)
            if self._groups:
                for role in roles:
                    found.update(self.enforcer.get_implicit_roles_for_user(role))
            expanded = self._role_closure[roles] = frozenset(found)
        return expanded

    def _has_role(self, sub: Subject, role: str) -> bool:
        return role in self._roles_of(sub.roles)

    def _check(self, rule: str, sub: Subject, res: Resource, env: Env, arg1: str, arg2: str) -> bool:
        return RULES[rule].check(sub, res, env, arg1, arg2) is None

    # ---- deciding ----------------------------------------------------------------------

    def decide(self, subject: Subject, action: str, resource: Resource, now: datetime) -> Decision:
        """Casbin's answer for one request, with a stable reason and the line that decided."""
        enforcer = self._enforcers.get(action)
        if enforcer is None:
            return self._decision(False, "NO_RULE", action, resource, None, {})
        env = Env(now if now.tzinfo else now.replace(tzinfo=timezone.utc), self.rules)
        allowed, line = enforcer.enforce_ex(subject, resource, action, env)
        if allowed:
            key = (action, tuple(line))
            decision = self._allowed.get(key)
            if decision is None:
                rule = PolicyLine(0, "p", tuple(line)).text if line else None
                message = MESSAGES["ALLOWED"].format(action=action, action_zh=ACTIONS.get(action, action))
                decision = self._allowed[key] = Decision(True, "ALLOWED", message, rule)
            return decision
        return self._diagnose(subject, action, resource, env)

    def enforce(self, subject: Subject, action: str, resource: Resource, now: datetime) -> bool:
        """Casbin's bare yes/no over the whole policy (every line), without a reason."""
        return self.enforcer.enforce(subject, resource, action, Env(now, self.rules))

    def _evaluate(self, line: PolicyLine, sub: Subject, res: Resource, env: Env) -> _LineResult:
        _, role, cls, rule, arg1, arg2 = line.fields
        role_ok = role == "*" or self._has_role(sub, role)
        class_ok = cls == "*" or cls == res.share_type
        result = _LineResult(line, role_ok, class_ok)
        if role_ok and class_ok:
            result.failure = RULES[rule].check(sub, res, env, arg1, arg2)
        return result

    def _diagnose(self, sub: Subject, action: str, res: Resource, env: Env) -> Decision:
        """Why Casbin said no: the most specific failing line, in policy order."""
        results = [self._evaluate(line, sub, res, env) for line in self._by_action[action]]
        for result in results:
            if result.role_ok and result.class_ok and result.failure is not None:
                code, params = result.failure
                return self._decision(False, code, action, res, result.line.text, params)
        if any(result.matched for result in results):  # an edited matcher stricter than the line checks
            return self._decision(False, "DENIED", action, res, None, {})
        if any(result.role_ok for result in results):
            code = "NOT_SHARED" if res.share_type == ShareType.NOT_SHARED.value else "CLASS_NOT_ALLOWED"
            return self._decision(False, code, action, res, None, {})
        need = sorted({result.line.fields[1] for result in results})
        return self._decision(False, "WRONG_ROLE", action, res, None, {"need": need, "have": sorted(sub.roles)})

    def _decision(self, allowed: bool, code: str, action: str, res: Resource, rule: str | None, params: dict) -> Decision:
        return Decision(allowed, code, self._message(code, action, res, params), rule)

    def _message(self, code: str, action: str, res: Resource, params: dict) -> str:
        share = res.share_type
        values = {
            "action": action,
            "action_zh": ACTIONS.get(action, action),
            "share": share or "?",
            "share_zh": ShareType(share).label if share in SHARE_CLASSES else (share or "?"),
            "max": self._max_period.iso(),
            "max_label": self._max_period.label(),
            **params,
        }
        if "grant" in params:
            values.update(_grant_params(*params["grant"]))
        if "who" in params:
            values["who_zh"], values["who_en"] = WHO[params["who"]]
        if "need" in params:
            values["need"] = " / ".join(self._describe_role(role) for role in params["need"])
            values["have"] = ", ".join(params["have"]) or "-"
        return MESSAGES[code].format(**values)

    def _describe_role(self, role: str) -> str:
        if role == "*":
            return "任意角色 (any role)"
        members = sorted(line.fields[0] for line in self._groups if line.fields[1] == role)
        return f"{role} ({', '.join(members)})" if members else role

    # ---- explaining --------------------------------------------------------------------

    def explain(self, subject: Subject, action: str, resource: Resource, now: datetime) -> list[str]:
        """Each line for the action, what matched and what failed, then the decision (for `mulu policy explain`)."""
        env = Env(now if now.tzinfo else now.replace(tzinfo=timezone.utc), self.rules)
        out = [
            f"policy version {self.version}",
            f"request: user={subject.user} department={subject.department_code} "
            f"roles={','.join(sorted(subject.roles)) or '-'} (as {','.join(sorted(self._roles_of(subject.roles)))}) "
            f"authority={'yes' if subject.is_authority_department else 'no'} action={action} "
            f"resource={resource.kind} class={resource.share_type or '-'} provider={resource.provider_code or '-'} "
            f"now={env.now.isoformat()}",
        ]
        lines = self._by_action.get(action, [])
        if not lines:
            out.append(f"  no policy line for action {action!r}")
        for line in lines:
            result = self._evaluate(line, subject, resource, env)
            parts = [f"role {'✓' if result.role_ok else '✗'}", f"class {'✓' if result.class_ok else '✗'}"]
            if result.role_ok and result.class_ok:
                parts.append(f"rule {line.fields[3]} " + ("✓" if result.failure is None else f"✗ {result.failure[0]}"))
            verdict = "MATCH" if result.matched else "no match"
            out.append(f"  line {line.number}: {line.text}  →  {', '.join(parts)}  [{verdict}]")
        decision = self.decide(subject, action, resource, now)
        out.append(f"decision: {'ALLOW' if decision.allowed else 'DENY'} {decision.reason}")
        out.append(f"decided by: {decision.rule or '(no line matched: default deny)'}")
        out.append(f"message: {decision.message}")
        return out

    # ---- the periods of 第三十一条 (rules.toml [grants]) ------------------------------------

    def max_grant_period(self) -> Period:
        return self._max_period

    def idle_limit(self) -> Period:
        return self._idle_limit

    def grant_state(self, grant: GrantRecord, item: ItemRecord | ItemFacts | None, now: datetime) -> tuple[bool, str]:
        """第三十一条: whether a grant authorises at `now` under this version's periods, whoever asks."""
        facts = grant_facts(Resource(kind="grant", item=item, grant=grant))
        stops_when_idle = self.rules.grants.idle_outcome is IdleOutcome.LAPSE
        return grant_state(facts, now, self._idle_limit if stops_when_idle else None, max_period=self._max_period)

    def max_grant_until(self, start: datetime) -> datetime:
        """The latest end of a grant that starts at `start` (start + the policy's maximum period)."""
        return self._max_period.add_to(start)

    def requested_period_ok(
        self, granted_at: datetime, requested_until: datetime, max_period: Period | str | None = None
    ) -> Decision:
        """Is `requested_until` within the maximum period from `granted_at`? (a fourth year: PERIOD_TOO_LONG)."""
        period = Period.parse(max_period) if isinstance(max_period, str) else (max_period or self._max_period)
        limit = period.add_to(granted_at)
        res = Resource(kind="grant")
        params = {"max": period.iso(), "max_label": period.label(), "limit": _date(limit)}
        line = next(line.text for line in self._by_action["use"] if line.fields[3] == "grant_live")
        if requested_until <= granted_at:
            return self._decision(False, "PERIOD_INVALID", "apply", res, line, params)
        if requested_until > limit:
            return self._decision(False, "PERIOD_TOO_LONG", "apply", res, line, params)
        return Decision(True, "ALLOWED", f"授权期限在最长{period.label()}以内 (within the maximum period {period.iso()})", line)

    def actions(self) -> list[str]:
        return list(self._by_action)
