"""Read models of the catalog: items, their data elements, departments, reference data (第九条, 第十条)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from server.domain.values import (
    DatabaseKind,
    DataFormat,
    DataGrade,
    DepartmentKind,
    ElementType,
    ItemStatus,
    MaskingRule,
    OpenMode,
    OpenType,
    RegionLevel,
    ResourceCategory,
    Sensitivity,
    ShareMode,
    ShareType,
    StorageLevel,
    UpdateCycle,
)


@dataclass(frozen=True, slots=True)
class ItemRecord:
    """A catalog item as stored: the fields of 第九条 plus its lifecycle facts."""

    id: str
    code: str | None
    name: str
    summary: str
    status: ItemStatus
    version: int
    provider_code: str
    region_code: str
    storage_level: StorageLevel
    category: ResourceCategory
    grade: DataGrade
    format: DataFormat
    format_detail: str
    share_type: ShareType
    share_condition: str
    legal_basis: str
    share_modes: tuple[ShareMode, ...]
    open_type: OpenType
    open_mode: OpenMode
    update_cycle: UpdateCycle
    update_cycle_note: str
    published_on: date | None
    created_at: datetime | None
    created_by: str | None
    updated_at: datetime | None
    updated_by: str | None
    editors: frozenset[str]
    submitted_by: str | None
    submitted_at: datetime | None
    reviewed_at: datetime | None
    data_updated_at: datetime | None
    database_code: str | None
    element_count: int
    platform_authorized_at: datetime | None  # 第二十九条 wholesale authorization to the platform
    review_comment: str | None
    change_reason: str | None
    withdrawn_at: datetime | None
    scope: tuple[str, ...] | None = None  # 共享范围, when the statement read it (authorization needs it)
    scope_all: bool = False  # 第二十二条: a conditional item shared with every department
    pending_revision_id: str | None = None  # 第十三条: an edit of the published item awaiting the city authority
    reviewed_by: str | None = None  # 第十三条: who returned or accepted it last
    data_updated_by: str | None = None  # 第十八条: who recorded the last data update
    platform_authorized_by: str | None = None  # 第二十九条: who authorized the platform

    @property
    def compilers(self) -> frozenset[str]:
        """Everyone who compiled, edited or submitted it (第十三条: the review is by someone else)."""
        names = {*self.editors, self.created_by, self.updated_by, self.submitted_by}
        return frozenset(name for name in names if name)


@dataclass(frozen=True, slots=True)
class ElementRecord:
    """A data element with its data-dictionary entry (第十条) and its recorded source (第十五条)."""

    id: str
    seq: int
    name: str
    code: str
    type: ElementType
    length: int | None
    description: str
    sensitivity: Sensitivity
    masking_rule: MaskingRule
    verify_only: bool
    withheld: bool
    source_item_id: str | None


@dataclass(frozen=True, slots=True)
class DataOfficerRecord:
    name: str
    phone: str
    email: str | None


@dataclass(frozen=True, slots=True)
class DepartmentRecord:
    """A department (第二条) with its responsible unit and data officer (第六条)."""

    code: str
    name: str
    short_name: str | None
    region_code: str
    kind: DepartmentKind
    parent_code: str | None
    responsible_unit: str
    is_authority: bool
    data_officer: DataOfficerRecord
    child_codes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ItemCounts:
    """Published items of a department itself and with its subordinate units."""

    own: int
    total: int


@dataclass(frozen=True, slots=True)
class RelatedItemRecord:
    """An item linked to another by 一数一源 or by elements of the same name (第十五条)."""

    item_id: str
    shared_elements: tuple[str, ...]
    source_links: int


@dataclass(frozen=True, slots=True)
class RegionRecord:
    code: str
    name: str
    level: RegionLevel
    parent_code: str | None
    department_count: int = 0


@dataclass(frozen=True, slots=True)
class ThemeRecord:
    code: str
    name: str
    parent_code: str | None
    item_count: int = 0
    children: list["ThemeRecord"] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class DatabaseRecord:
    """A 基础库 or 主题库 (第十四条) with its lead and contributing departments."""

    code: str
    name: str
    kind: DatabaseKind
    description: str
    lead_department_code: str
    contributor_codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ItemFacts:
    """What the policy reads of an item that is not (or not wholly) read: the provider of one
    being compiled, or the few facts the gateway's question fetches."""

    provider_code: str
    id: str | None = None
    share_type: ShareType | None = None
    status: ItemStatus | None = None
    scope: tuple[str, ...] | None = None
    scope_all: bool = False  # 第二十二条: a conditional item offered to every department (masked, partial, compare-only)
    compilers: frozenset[str] = frozenset()
    withdrawn_at: datetime | None = None
    name: str = ""
