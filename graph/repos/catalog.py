"""The catalog's read side: items, data elements and departments in batches (the DataLoaders'
statements), lookups by code, related items (graph/cypher/common/catalog/, departments/)."""

from __future__ import annotations

from typing import Any

from graph.repos._values import day, instant, strings, text
from graph.store import GraphStore
from server.domain.records.catalog import (
    DataOfficerRecord,
    DepartmentRecord,
    ElementRecord,
    ItemCounts,
    ItemRecord,
    RelatedItemRecord,
)
from server.domain.values import (
    DataFormat,
    DataGrade,
    DepartmentKind,
    ElementType,
    ItemStatus,
    MaskingRule,
    OpenMode,
    OpenType,
    ResourceCategory,
    Sensitivity,
    ShareMode,
    ShareType,
    StorageLevel,
    UpdateCycle,
)


def item_record(props: dict[str, Any]) -> ItemRecord:
    """An item's stored properties (a statement's `i {...}` projection) as its read model."""
    scope = props.get("scope")
    return ItemRecord(
        id=props["id"],
        code=props.get("code"),
        name=props["name"],
        summary=text(props.get("summary")),
        status=ItemStatus(props["status"]),
        version=props.get("version") or 1,
        provider_code=props["providerCode"],
        region_code=text(props.get("regionCode")),
        storage_level=StorageLevel(props["storageLevel"]),
        category=ResourceCategory(props["category"]),
        grade=DataGrade(props["grade"]),
        format=DataFormat(props["format"]),
        format_detail=text(props.get("formatDetail")),
        share_type=ShareType(props["shareType"]),
        share_condition=text(props.get("shareCondition")),
        legal_basis=text(props.get("legalBasis")),
        share_modes=tuple(ShareMode(mode) for mode in props.get("shareModes") or ()),
        open_type=OpenType(props["openType"]),
        open_mode=OpenMode(props["openMode"]),
        update_cycle=UpdateCycle(props["updateCycle"]),
        update_cycle_note=text(props.get("updateCycleNote")),
        published_on=day(props.get("publishedOn")),
        created_at=instant(props.get("createdAt")),
        created_by=props.get("createdBy"),
        updated_at=instant(props.get("updatedAt")),
        updated_by=props.get("updatedBy"),
        editors=frozenset(strings(props.get("editors"))),
        submitted_by=props.get("submittedBy"),
        submitted_at=instant(props.get("submittedAt")),
        reviewed_at=instant(props.get("reviewedAt")),
        reviewed_by=props.get("reviewedBy"),
        data_updated_by=props.get("dataUpdatedBy"),
        platform_authorized_by=props.get("platformAuthorisedBy"),
        data_updated_at=instant(props.get("dataUpdatedAt")),
        database_code=props.get("databaseCode"),
        element_count=props.get("elementCount") or 0,
        platform_authorized_at=instant(props.get("platformAuthorisedAt")),
        review_comment=props.get("reviewComment"),
        change_reason=props.get("changeReason"),
        withdrawn_at=instant(props.get("withdrawnAt")),
        scope=None if scope is None else strings(scope),
        scope_all=bool(props.get("shareScopeAll")),
        pending_revision_id=props.get("pendingRevisionId"),
    )


def element_record(props: dict[str, Any]) -> ElementRecord:
    return ElementRecord(
        id=props["id"],
        seq=props["seq"],
        name=props["name"],
        code=props["code"],
        type=ElementType(props["type"]),
        length=props.get("length"),
        description=text(props.get("description")),
        sensitivity=Sensitivity(props["sensitivity"]),
        masking_rule=MaskingRule(props["maskingRule"]),
        verify_only=bool(props.get("verifyOnly")),
        withheld=bool(props.get("withheld")),
        source_item_id=props.get("sourceItemId"),
    )


def department_record(props: dict[str, Any], child_codes: list[str] | None = None) -> DepartmentRecord:
    return DepartmentRecord(
        code=props["code"],
        name=props["name"],
        short_name=props.get("shortName"),
        region_code=text(props.get("regionCode")),
        kind=DepartmentKind(props["kind"]),
        parent_code=props.get("parentCode"),
        responsible_unit=text(props.get("responsibleUnit")),
        is_authority=bool(props.get("isAuthority")),
        data_officer=DataOfficerRecord(
            name=text(props.get("dataOfficerName")), phone=text(props.get("dataOfficerPhone")),
            email=props.get("dataOfficerEmail"),
        ),
        child_codes=strings(child_codes),
    )


async def items_by_ids(store: GraphStore, ids: list[str]) -> dict[str, ItemRecord]:
    rows = await store.read("catalog/items_by_ids", ids=ids)
    return {row["item"]["id"]: item_record(row["item"]) for row in rows}


async def elements_by_items(store: GraphStore, ids: list[str]) -> dict[str, list[ElementRecord]]:
    rows = await store.read("catalog/elements_by_items", ids=ids)
    return {row["itemId"]: [element_record(element) for element in row["elements"]] for row in rows}


async def element_names_by_items(store: GraphStore, ids: list[str]) -> dict[str, list[str]]:
    rows = await store.read("catalog/element_names_by_items", ids=ids)
    return {row["itemId"]: list(row["names"]) for row in rows}


async def themes_by_items(store: GraphStore, ids: list[str]) -> dict[str, list[str]]:
    rows = await store.read("catalog/themes_by_items", ids=ids)
    return {row["itemId"]: sorted(row["themeCodes"]) for row in rows}


async def scope_by_items(store: GraphStore, ids: list[str]) -> dict[str, list[str]]:
    rows = await store.read("catalog/scope_by_items", ids=ids)
    return {row["itemId"]: sorted(row["departmentCodes"]) for row in rows}


async def item_id_by_code(store: GraphStore, code: str) -> str | None:
    rows = await store.read("catalog/item_id_by_code", code=code)
    return rows[0]["id"] if rows else None


async def related_items(store: GraphStore, item_id: str, limit: int) -> list[RelatedItemRecord]:
    rows = await store.read("catalog/related_items", itemId=item_id, limit=limit)
    return [
        RelatedItemRecord(item_id=row["itemId"], shared_elements=strings(row["sharedElements"]),
                          source_links=row["sourceLinks"])
        for row in rows
    ]


async def departments_by_codes(store: GraphStore, codes: list[str]) -> dict[str, DepartmentRecord]:
    rows = await store.read("departments/by_codes", codes=codes)
    return {row["department"]["code"]: department_record(row["department"], row["childCodes"]) for row in rows}


async def item_counts(store: GraphStore, codes: list[str]) -> dict[str, ItemCounts]:
    rows = await store.read("departments/item_counts", codes=codes)
    return {row["code"]: ItemCounts(own=row["ownCount"], total=row["totalCount"]) for row in rows}


async def department_page(store: GraphStore, region_code: str | None, skip: int, limit: int) -> tuple[int, list[str]]:
    """(how many top-level departments, the codes of this page) — units come as their children."""
    rows = await store.read("departments/page", regionCode=region_code, skip=skip, limit=limit)
    return (rows[0]["total"], list(rows[0]["codes"])) if rows else (0, [])
