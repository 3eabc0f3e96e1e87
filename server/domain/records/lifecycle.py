"""Read models of the catalog's lifecycle: withdrawal requests (第十九条), an item's earlier
versions (第十三条), change events (第十二条), freshness (第十八条), 一数一源 hints (第十五条),
and what a save, an import or an export of an item carries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from server.domain.models import CatalogItem
from server.domain.values import ItemStatus, LabelledEnum, UpdateCycle


class WithdrawalStatus(LabelledEnum):
    """撤销发布申请状态 — 第十九条."""

    PENDING = ("PENDING", "待审核")
    APPROVED = ("APPROVED", "已批准")
    REJECTED = ("REJECTED", "已驳回")


@dataclass(frozen=True, slots=True)
class WithdrawalRecord:
    """A provider's request to withdraw a published item and the authority's decision (第十九条)."""

    id: str
    item_id: str
    item_name: str
    provider_code: str
    region_code: str
    reason: str
    status: WithdrawalStatus
    requested_at: datetime
    requested_by: str
    decided_at: datetime | None = None
    decided_by: str | None = None
    comment: str | None = None
    reported_to_city_at: datetime | None = None


class RevisionStatus(LabelledEnum):
    """已发布目录修改的状态 — 第十三条: an edit of a published item waits for the city authority."""

    PENDING = ("PENDING", "待审核")
    ACCEPTED = ("ACCEPTED", "已通过，成为新版本")
    RETURNED = ("RETURNED", "已退回")
    ITEM_WITHDRAWN = ("ITEM_WITHDRAWN", "目录已撤销，修改终止（第十九条）")


@dataclass(frozen=True, slots=True)
class RevisionRecord:
    """An edit of a published item (第十三条): its content, who proposed it and why, and the
    authority's decision. The published version stays in force until it is accepted."""

    id: str
    item_id: str
    base_version: int  # the published version it edits
    status: RevisionStatus
    reason: str
    submitted_at: datetime
    submitted_by: str
    content: dict[str, Any]  # the new content, as the domain model's aliases (validated when saved and again when accepted)
    snapshot: dict[str, Any]  # the same as compared by `server.domain.lifecycle.diff` (what the authority sees changed)
    reviewed_at: datetime | None = None
    reviewed_by: str | None = None
    review_comment: str | None = None


@dataclass(frozen=True, slots=True)
class ItemVersionRecord:
    """An earlier version of an item (第十三条): its content then, who saved it, who replaced it and why.

    `snapshot` is the item's content as compared by `server.domain.lifecycle.diff`: the fields
    of 第九条 by their camelCase names (the domain model's aliases), its scope, themes and elements."""

    item_id: str
    version: int
    status: ItemStatus
    saved_at: datetime | None
    saved_by: str | None
    replaced_at: datetime
    replaced_by: str
    reason: str
    snapshot: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        """Global id of the version: the item's id and the version number."""
        return version_id(self.item_id, self.version)


def version_id(item_id: str, version: int) -> str:
    return f"{item_id}@{version}"


def parse_version_id(identifier: str) -> tuple[str, int] | None:
    item_id, _, number = identifier.rpartition("@")
    return (item_id, int(number)) if item_id and number.isascii() and number.isdigit() else None


@dataclass(frozen=True, slots=True)
class SourceHintRecord:
    """第十五条 一数一源: another department's published element that is the recorded source of a
    datum of the same name — the element being described should be taken by sharing instead."""

    element_name: str
    source_item_id: str
    source_item_code: str | None
    source_item_name: str
    provider_code: str


@dataclass(frozen=True, slots=True)
class ItemStateRecord:
    """An item's state, name and provider: whether an import may overwrite it."""

    id: str
    status: ItemStatus
    name: str
    provider_code: str


@dataclass(frozen=True, slots=True)
class FreshnessRecord:
    """第十八条: a published item's update cycle and when its data was last updated."""

    item_id: str
    update_cycle: UpdateCycle
    data_updated_at: datetime | None


@dataclass(frozen=True, slots=True)
class AffectedItemRecord:
    """An item a change event affects, and whether its entry was updated since the event."""

    id: str
    name: str
    provider_code: str
    updated: bool


@dataclass(frozen=True, slots=True)
class ChangeEventRecord:
    """第十二条: a law revised or a duty changed; the affected items are due for update by `due_on`."""

    id: str
    description: str
    published_on: date
    due_on: date
    due_at: datetime
    due_provisional: bool
    created_at: datetime | None
    created_by: str | None
    items: tuple[AffectedItemRecord, ...] = ()

    @property
    def pending(self) -> bool:
        """Some affected item has not been updated since the event."""
        return any(not item.updated for item in self.items)

    def overdue(self, now: datetime) -> bool:
        """Past due with an item not yet updated."""
        return self.pending and now > self.due_at


@dataclass(frozen=True, slots=True)
class ItemWrite:
    """What a save of an item's content (create, update, import, seed) writes besides the content
    itself: its id, the provider's region and cascade level (第二十七条 省市级联), the names it is
    also found by (provider, themes, database), who saves it and when, and the elements' sources
    (element code → the id of the authoritative element, 第十五条)."""

    item: CatalogItem
    item_id: str
    region_code: str
    region_level: str | None
    findable_by: tuple[str, ...] = ()
    at: datetime | None = None
    by: str | None = None
    sources: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ExportedItem:
    """An item as exported (spreadsheet template, DCAT): its content as the domain model, with
    each element's source written ``<部门编码>/<目录名称>``, and the facts an export adds."""

    id: str
    code: str | None
    status: ItemStatus
    updated_at: datetime | None
    provider_name: str
    item: CatalogItem
