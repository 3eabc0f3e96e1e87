"""What a grant lets a consumer read, element by element (第二十二条, 第二十三条, 第三十九条).

A pure function of the item's data dictionary and the grant: the gateway applies the answer
on every call, so it must be the same answer for the same facts, whatever the clock says.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from server.domain.values import LabelledEnum, MaskingRule


class ElementAccess(LabelledEnum):
    ALLOW = ("ALLOW", "可提供")
    MASK = ("MASK", "脱敏后提供")
    VERIFY_ONLY = ("VERIFY_ONLY", "仅提供比对结果")
    DENY = ("DENY", "不予提供")


@dataclass(frozen=True)
class ElementDecision:
    code: str
    access: ElementAccess
    masking_rule: MaskingRule | None
    reason: str  # stable code: GRANTED, MASKED, VERIFY_ONLY, WITHHELD, NOT_GRANTED, UNKNOWN_ELEMENT, NO_LIVE_GRANT


def element_decisions(
    elements: Iterable[Mapping[str, Any]],
    asked: Iterable[str],
    granted: Iterable[str] | None,
) -> list[ElementDecision]:
    """One decision per asked element code. `granted` is None when no live grant applies."""
    by_code = {element["code"].upper(): element for element in elements}
    granted_codes = {code.upper() for code in granted} if granted is not None else None
    out = []
    for code in asked:
        element = by_code.get(code.upper())
        if element is None:
            out.append(ElementDecision(code, ElementAccess.DENY, None, "UNKNOWN_ELEMENT"))
        elif element.get("withheld"):
            out.append(ElementDecision(code, ElementAccess.DENY, None, "WITHHELD"))
        elif granted_codes is None:
            out.append(ElementDecision(code, ElementAccess.DENY, None, "NO_LIVE_GRANT"))
        elif code.upper() not in granted_codes:
            out.append(ElementDecision(code, ElementAccess.DENY, None, "NOT_GRANTED"))
        elif element.get("verifyOnly"):
            out.append(ElementDecision(code, ElementAccess.VERIFY_ONLY, None, "VERIFY_ONLY"))
        elif (rule := MaskingRule(element.get("maskingRule") or "NONE")) is not MaskingRule.NONE:
            out.append(ElementDecision(code, ElementAccess.MASK, rule, "MASKED"))
        else:
            out.append(ElementDecision(code, ElementAccess.ALLOW, None, "GRANTED"))
    return out


def requestable(elements: Iterable[Mapping[str, Any]], asked: Iterable[str]) -> list[tuple[str, str]]:
    """Problems with the elements an application asks for, as (element code, message) pairs."""
    by_code = {element["code"].upper(): element for element in elements}
    problems = []
    for code in asked:
        element = by_code.get(code.upper())
        if element is None:
            problems.append((code, f"该目录没有数据项 {code} (no such data element)"))
        elif element.get("withheld"):
            problems.append((code, f"数据项“{element['name']}”不予提供，不能申请 (element {code} is withheld)"))
    return problems
