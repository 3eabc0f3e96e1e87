"""目录编码 (第十三条): the catalog code the data authority assigns to an accepted item.

The city's own coding rule (《晋城市政务数据资源目录编码规范》) may differ from the default, so
the scheme is a format string (setting `MULU_CATALOG_CODE_FORMAT`) over these fields:
`{region}` (行政区划代码), `{department}` (部门编码), `{department_suffix}` (its part after the
region), `{category}` (分类 digit: 1 基础, 2 主题, 3 部门) and `{sequence}` (顺序码, an int).
Default: `{department}/{category}{sequence:05d}`, e.g. `140500-GAJ/100001`. Codes are unique
because the sequence is per department and category and never handed out twice.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from server.domain.values import ResourceCategory

ITEM_NAMESPACE = uuid.UUID("6f1c2a55-0b8e-4c47-9a51-3c1f0d3e5a10")

CATEGORY_DIGIT: dict[ResourceCategory, str] = {
    ResourceCategory.BASIC: "1",
    ResourceCategory.THEMATIC: "2",
    ResourceCategory.DEPARTMENTAL: "3",
}


DEFAULT_CODE_FORMAT = "{department}/{category}{sequence:05d}"


def catalog_code(
    department_code: str, category: ResourceCategory, sequence: int, code_format: str = DEFAULT_CODE_FORMAT
) -> str:
    if not 1 <= sequence <= 99999:
        raise ValueError(f"sequence: 顺序码超出范围 1–99999 (sequence out of range): {sequence}")
    region, _, suffix = department_code.partition("-")
    return code_format.format(
        region=region, department=department_code, department_suffix=suffix,
        category=CATEGORY_DIGIT[category], sequence=sequence,
    )


_SEQUENCE_FIELD = re.compile(r"\{sequence(?::0?(\d*)d)?\}")


@dataclass(frozen=True, slots=True)
class CodeTemplate:
    """A catalog code with its sequence still to come: `prefix`, the sequence zero-padded to
    `width`, then `suffix`. The graph allocates the sequence and writes the code in the same
    statement that publishes the item, so a reviewer who loses a race burns no number."""

    key: str  # the counter (code_sequence_key)
    prefix: str
    width: int
    suffix: str

    def render(self, sequence: int) -> str:
        return f"{self.prefix}{sequence:0{self.width}d}{self.suffix}" if self.width else f"{self.prefix}{sequence}{self.suffix}"


def code_template(
    department_code: str, category: ResourceCategory, code_format: str = DEFAULT_CODE_FORMAT
) -> CodeTemplate:
    """The code of `department_code`'s next `category` item, but for its sequence (see CodeTemplate)."""
    match = _SEQUENCE_FIELD.search(code_format)
    if match is None:
        raise ValueError("catalogCodeFormat: 顺序码须写作 {sequence} 或 {sequence:0Nd} (write the sequence as {sequence} or {sequence:0Nd})")
    region, _, suffix = department_code.partition("-")
    fields = {"region": region, "department": department_code, "department_suffix": suffix,
              "category": CATEGORY_DIGIT[category]}
    return CodeTemplate(
        key=code_sequence_key(department_code, category),
        prefix=code_format[: match.start()].format(**fields),
        width=int(match.group(1) or 0),
        suffix=code_format[match.end():].format(**fields),
    )


def check_code_format(code_format: str) -> None:
    """Refuses a scheme that cannot be formatted or could give two items the same code."""
    try:
        sample = catalog_code("140500-GAJ", ResourceCategory.BASIC, 1, code_format)
    except (KeyError, ValueError, IndexError) as exc:
        raise ValueError(f"catalogCodeFormat: 编码格式无效 (invalid code format): {exc}") from exc
    if "{sequence" not in code_format or "{category" not in code_format or not (
        "{department" in code_format
    ):
        raise ValueError("catalogCodeFormat: 编码格式须含部门、分类和顺序码 (must contain department, category and sequence)")
    if not sample:
        raise ValueError("catalogCodeFormat: 编码为空 (empty code)")
    template = code_template("140500-GAJ", ResourceCategory.BASIC, code_format)
    if template.render(1) != sample:
        raise ValueError("catalogCodeFormat: 顺序码须写作 {sequence} 或 {sequence:0Nd} (write the sequence as {sequence} or {sequence:0Nd})")


def code_sequence_key(department_code: str, category: ResourceCategory | str) -> str:
    """The counter a code's sequence comes from: one per department and category."""
    value = category.value if isinstance(category, ResourceCategory) else category
    return f"{department_code}/{value}"


def stable_item_id(provider_code: str, name: str) -> str:
    """The id of an item that arrives by bulk load or import: the same provider and name give the
    same id, so loading or importing the same catalog twice finds the same node."""
    return str(uuid.uuid5(ITEM_NAMESPACE, f"{provider_code}/{name}"))
