"""目录编码 (第十三条): the catalog code the data authority assigns to an accepted item.

Default scheme: `<department code>/<分类 digit><5-digit sequence>`, e.g. `140500-GAJ/100001`
for the Public Security Bureau's first basic-resource item. Codes are unique because the
sequence is per department and category and never reused.
"""

from __future__ import annotations

import uuid

from server.domain.values import ResourceCategory

ITEM_NAMESPACE = uuid.UUID("6f1c2a55-0b8e-4c47-9a51-3c1f0d3e5a10")

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


def stable_item_id(provider_code: str, name: str) -> str:
    """The id of an item that arrives by bulk load or import: the same provider and name give the
    same id, so loading or importing the same catalog twice finds the same node."""
    return str(uuid.uuid5(ITEM_NAMESPACE, f"{provider_code}/{name}"))
