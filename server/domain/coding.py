"""目录编码 (第十三条): the catalog code the data authority assigns to an accepted item.

Default scheme: `<department code>/<分类 digit><5-digit sequence>`, e.g. `140500-GAJ/100001`
for the Public Security Bureau's first basic-resource item. Codes are unique because the
sequence is per department and category and never reused.
"""

from __future__ import annotations

from server.domain.values import ResourceCategory

CATEGORY_DIGIT: dict[ResourceCategory, str] = {
    ResourceCategory.BASIC: "1",
    ResourceCategory.THEMATIC: "2",
    ResourceCategory.DEPARTMENTAL: "3",
}


def catalog_code(department_code: str, category: ResourceCategory, sequence: int) -> str:
    if not 1 <= sequence <= 99999:
        raise ValueError(f"sequence: 顺序码超出范围 1–99999 (sequence out of range): {sequence}")
    return f"{department_code}/{CATEGORY_DIGIT[category]}{sequence:05d}"


def code_sequence_key(department_code: str, category: ResourceCategory | str) -> str:
    """The counter a code's sequence comes from: one per department and category."""
    value = category.value if isinstance(category, ResourceCategory) else category
    return f"{department_code}/{value}"
