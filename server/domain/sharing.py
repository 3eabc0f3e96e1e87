"""What a grant lets a consumer read, element by element (第二十二条, 第二十三条, 第三十九条).

A pure function of the item's data dictionary and the grant: the gateway applies the answer
on every call, so it must be the same answer for the same facts, whatever the clock says.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from server.domain.values import LabelledEnum, MaskingRule, ShareType


class ElementAccess(LabelledEnum):
    """数据项访问结果 — 第二十二条, 第三十九条."""

    ALLOW = ("ALLOW", "可提供")
    MASK = ("MASK", "脱敏后提供")
    VERIFY_ONLY = ("VERIFY_ONLY", "仅提供比对结果")
    DENY = ("DENY", "不予提供")


class ElementReason(LabelledEnum):
    """数据项访问结果的原因 (why one element is given, masked, verify-only or denied)."""

    GRANTED = ("GRANTED", "已授权，原样提供")
    MASKED = ("MASKED", "已授权，按脱敏规则提供")
    VERIFY_ONLY = ("VERIFY_ONLY", "已授权，仅提供比对结果")
    WITHHELD = ("WITHHELD", "该数据项不予提供（第二十三条）")
    NOT_GRANTED = ("NOT_GRANTED", "授权未包含该数据项")
    UNKNOWN_ELEMENT = ("UNKNOWN_ELEMENT", "该目录没有此数据项")
    NO_LIVE_GRANT = ("NO_LIVE_GRANT", "没有有效授权")


class AuthorizeReason(LabelledEnum):
    """交换网关鉴权结果的原因: the policy's reason codes (policies/enforcer.py MESSAGES) and
    NOT_FOUND for an item the caller may not know of. A policy administrator may edit the
    `use` lines, so every code the enforcer can give is here, not only the grant's."""

    ALLOWED = ("ALLOWED", "允许")
    NOT_FOUND = ("NOT_FOUND", "未找到目录")
    NO_GRANT = ("NO_GRANT", "没有该目录的授权，请先申请")
    GRANT_EXPIRED = ("GRANT_EXPIRED", "授权已到期（第三十一条）")
    GRANT_IDLE = ("GRANT_IDLE", "授权超过闲置时限未使用，已失效（第三十一条）")
    GRANT_REVOKED = ("GRANT_REVOKED", "授权已被收回（第三十一条）")
    ITEM_WITHDRAWN = ("ITEM_WITHDRAWN", "目录已撤销，授权随之失效（第十九条）")
    GRANT_SUSPENDED = ("GRANT_SUSPENDED", "目录共享属性或范围已变更，授权中止，须重新申请（第二十二条）")
    REPORT_WINDOW_CLOSED = ("REPORT_WINDOW_CLOSED", "授权结束已超过可反馈期限（第三十二条）")
    NOT_SHARED = ("NOT_SHARED", "不予共享目录（第二十二条）")
    CLASS_NOT_ALLOWED = ("CLASS_NOT_ALLOWED", "该共享属性的目录不允许此操作")
    OUT_OF_SCOPE = ("OUT_OF_SCOPE", "不在共享范围内（第二十三条）")
    OWN_ITEM = ("OWN_ITEM", "本部门提供的目录")
    NOT_PUBLISHED = ("NOT_PUBLISHED", "目录尚未发布")
    WRONG_ROLE = ("WRONG_ROLE", "角色不符")
    WRONG_DEPARTMENT = ("WRONG_DEPARTMENT", "部门不符")
    WRONG_JURISDICTION = ("WRONG_JURISDICTION", "不属管辖范围")
    OWN_CASE = ("OWN_CASE", "不能处理本人或本部门的事项")
    OWN_EDIT = ("OWN_EDIT", "不能审核本人编制的目录（第十三条）")
    PERIOD_TOO_LONG = ("PERIOD_TOO_LONG", "授权期限超过最长期限（第三十一条）")
    PERIOD_INVALID = ("PERIOD_INVALID", "授权期限无效")
    NO_RULE = ("NO_RULE", "共享策略中没有此操作的规则")
    DENIED = ("DENIED", "共享策略不允许")

    @classmethod
    def of(cls, code: str) -> "AuthorizeReason":
        """The reason for a policy code; a code this version does not know reads as DENIED."""
        try:
            return cls(code)
        except ValueError:
            return cls.DENIED


def scope_covers(share_type: ShareType, scope: Iterable[str], scope_all: bool, consumer_code: str) -> bool:
    """第二十二条, 第二十三条: whether an item's sharing decision covers a department — every department
    for 无条件共享, the named ones (or all, when said so) for 有条件共享, none for 不予共享."""
    if share_type is ShareType.UNCONDITIONAL:
        return True
    if share_type is ShareType.CONDITIONAL:
        return scope_all or consumer_code in set(scope)
    return False


class DictionaryEntry(Protocol):
    """What decides an element's access (an `ElementFacts` or a full `ElementRecord`)."""

    @property
    def code(self) -> str: ...
    @property
    def withheld(self) -> bool: ...
    @property
    def verify_only(self) -> bool: ...
    @property
    def masking_rule(self) -> MaskingRule: ...


class NamedEntry(DictionaryEntry, Protocol):
    @property
    def name(self) -> str: ...


@dataclass(frozen=True, slots=True)
class ElementDecision:
    code: str
    access: ElementAccess
    masking_rule: MaskingRule | None
    reason: ElementReason


def uses_data(decisions: Iterable[ElementDecision]) -> bool:
    """第三十一条 idle rule: a call is use of its grant only when it gave at least one element
    (in full, masked or as a comparison); asking only for what was not granted is not use."""
    return any(decision.access is not ElementAccess.DENY for decision in decisions)


def element_decisions(
    elements: Iterable[DictionaryEntry],
    asked: Iterable[str],
    granted: Iterable[str] | None,
) -> list[ElementDecision]:
    """One decision per asked element code. `granted` is None when no live grant applies."""
    by_code = {element.code.upper(): element for element in elements}
    granted_codes = {code.upper() for code in granted} if granted is not None else None
    out = []
    for code in asked:
        element = by_code.get(code.upper())
        if element is None:
            out.append(ElementDecision(code, ElementAccess.DENY, None, ElementReason.UNKNOWN_ELEMENT))
        elif element.withheld:
            out.append(ElementDecision(code, ElementAccess.DENY, None, ElementReason.WITHHELD))
        elif granted_codes is None:
            out.append(ElementDecision(code, ElementAccess.DENY, None, ElementReason.NO_LIVE_GRANT))
        elif code.upper() not in granted_codes:
            out.append(ElementDecision(code, ElementAccess.DENY, None, ElementReason.NOT_GRANTED))
        elif element.verify_only:
            out.append(ElementDecision(code, ElementAccess.VERIFY_ONLY, None, ElementReason.VERIFY_ONLY))
        elif element.masking_rule is not MaskingRule.NONE:
            out.append(ElementDecision(code, ElementAccess.MASK, element.masking_rule, ElementReason.MASKED))
        else:
            out.append(ElementDecision(code, ElementAccess.ALLOW, None, ElementReason.GRANTED))
    return out


def requestable(elements: Iterable[NamedEntry], asked: Iterable[str]) -> list[tuple[str, str]]:
    """Problems with the elements an application asks for, as (element code, message) pairs."""
    by_code = {element.code.upper(): element for element in elements}
    problems = []
    for code in asked:
        element = by_code.get(code.upper())
        if element is None:
            problems.append((code, f"该目录没有数据项 {code} (no such data element)"))
        elif element.withheld:
            problems.append((code, f"数据项“{element.name}”不予提供，不能申请 (element {code} is withheld)"))
    return problems
