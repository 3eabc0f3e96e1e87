"""第三十五条: classification and grading decide how data may be shared.

Two rules, both configuration (rules.toml [grading]): grades that may not be 无条件共享 (核心数据
and 重要数据 by default), and whether a SENSITIVE element of an 无条件共享 item must be protected —
masked, or given as a comparison result only (verify-only) — rather than handed over as is.
"""

from __future__ import annotations

from server.domain.errors import FieldProblem
from server.domain.models import CatalogItem
from server.domain.rules import GradingRules
from server.domain.values import MaskingRule, Sensitivity, ShareType


def grading_problems(item: CatalogItem, rules: GradingRules) -> list[FieldProblem]:
    """Every way `item` breaks the grading rules, each naming its GraphQL field."""
    if item.share_type is not ShareType.UNCONDITIONAL:
        return []
    out: list[FieldProblem] = []
    if item.grade in rules.not_unconditional:
        out.append(FieldProblem("shareType", (
            f"{item.grade.label}不能无条件共享，请改为有条件共享并写明条件与范围（第三十五条） "
            f"({item.grade.value} data cannot be UNCONDITIONAL: share it conditionally)"
        )))
    if rules.sensitive_unconditional_protected:
        for index, element in enumerate(item.elements):
            protected = element.masking_rule is not MaskingRule.NONE or element.verify_only
            if element.sensitivity is Sensitivity.SENSITIVE and not protected:
                out.append(FieldProblem(f"elements[{index}].maskingRule", (
                    f"无条件共享目录中的敏感数据项“{element.name}”须脱敏或仅供比对核验（第三十五条） "
                    f"(a SENSITIVE element of an UNCONDITIONAL item must be masked or verify-only)"
                )))
    return out
