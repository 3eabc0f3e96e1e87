"""Compile, review and code, publish, update, withdraw (第九条 to 第十九条).

A department's data officer compiles items for the department and its subordinate units; the
authority reviews, codes and publishes them. Every save is one guarded statement on the
version the editor started from, so of two concurrent editors the second gets a conflict and
nothing is lost; a published item's previous content is kept as a version with who, when, why.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from graph.store import Row
from server.context import Context
from server.domain import lifecycle as rules
from server.domain.coding import code_template, stable_item_id
from server.domain.instants import parse_iso, utc_iso
from server.domain.models import CatalogItem
from server.domain.search_text import document_text
from server.domain.values import ItemStatus, ResourceCategory, UpdateCycle
from server.domain.workdays import SHANGHAI, end_of_day, working_days_after
from server.domain.errors import Conflict, Invalid, NotFound
from server.services.authorization import allowed, require
from server.services.catalog import find_item
from server.services.reference import jurisdiction, reference_names, region_level


@dataclass(frozen=True)
class SourceHint:
    """第十五条: the element being described is another department's recorded datum."""

    element_name: str
    source_item_id: str
    source_item_code: str | None
    source_item_name: str
    provider_code: str


@dataclass(frozen=True)
class Saved:
    item_id: str
    version: int
    hints: list[SourceHint]


async def _may_compile_for(ctx: Context, provider_code: str) -> None:
    """第六条, 第九条: a data officer compiles for the department and its subordinate units."""
    if await ctx.row_loaders.departments.load(provider_code) is None:
        raise Invalid.of("providerCode", f"部门 {provider_code} 不存在 (no such department)")
    await require(ctx, "compile", "item", item={"providerCode": provider_code})


async def _references_exist(ctx: Context, item: CatalogItem) -> None:
    codes = [*item.share_scope]
    rows = await ctx.row_loaders.departments.load_many(codes)
    for code, row in zip(codes, rows):
        if row is None:
            raise Invalid.of("shareScope", f"共享范围中的部门 {code} 不存在 (no such department)")


async def findable_by(ctx: Context, item: CatalogItem, provider: Row) -> list[str]:
    """What else an item is found by besides its own text: its provider, themes and database (names)."""
    names = await reference_names(ctx)
    return [
        provider["name"],
        *(names["theme"].get(code, "") for code in item.theme_codes),
        names["database"].get(item.database_code or "", ""),
    ]


def item_properties(item: CatalogItem, item_id: str, provider: Row, region_level: str | None, status: ItemStatus,
                    ctx: Context, findable_by: list[str]) -> dict:
    """The graph properties of a catalog item as compiled, updated or imported: the one place they
    are made, so the three paths cannot drift apart (an imported item once lacked its level)."""
    props = item.to_graph()
    for nested in ("elements", "shareScope"):
        props.pop(nested)
    if props.get("publishedOn") is None:
        props.pop("publishedOn")  # 发布日期 is set when the authority publishes; an edit keeps it
    content = item.to_graph()
    props.update(
        id=item_id, status=status.value, providerCode=item.provider_code, regionCode=provider["regionCode"],
        regionLevel=region_level,  # 第二十七条 省市级联: the cascade column filters on it
        updatedAt=utc_iso(ctx.now), updatedBy=ctx.principal.user, contentHash=rules.content_hash(content),
        shareScope=item.share_scope, elementCount=len(item.elements),
        **document_text(item.name, item.summary, [e.name for e in item.elements], extra=findable_by),
    )
    return props


def _element_rows(item: CatalogItem, item_id: str, existing: dict[str, str], sources: dict[str, str]) -> list[dict]:
    """Each element's properties and the element it is sourced from (第十五条), if resolved."""
    rows = []
    for seq, element in enumerate(item.elements, start=1):
        props = element.to_graph()
        props.pop("sourceItemCode")
        code = element.code.upper()
        props.update(id=existing.get(code) or f"{item_id}:{code}", itemId=item_id, seq=seq)
        rows.append({"props": props, "sourceElementId": sources.get(code)})
    return rows


def _links(item: CatalogItem) -> dict[str, Any]:
    """The item's themes, database and sharing scope, written in the same statement as the item."""
    return {"themeCodes": item.theme_codes, "databaseCode": item.database_code, "scope": item.share_scope}


async def create_draft(ctx: Context, item: CatalogItem) -> Saved:
    await _may_compile_for(ctx, item.provider_code)
    await _references_exist(ctx, item)
    provider = await ctx.row_loaders.departments.load(item.provider_code)
    item_id = str(uuid.uuid4())
    props = item_properties(item, item_id, provider, await region_level(ctx, provider["regionCode"]), ItemStatus.DRAFT, ctx,
                            await findable_by(ctx, item, provider))
    props.update(version=1, createdAt=utc_iso(ctx.now), createdBy=ctx.principal.user, requestCount=0)
    await ctx.store.write("lifecycle/create_item", providerCode=item.provider_code, props=props, actor=ctx.principal.user,
                          elements=_element_rows(item, item_id, {}, await sources_of(ctx, item)), **_links(item))
    return Saved(item_id, 1, await source_hints(ctx, item))


async def update_item(ctx: Context, item_id: str, expected_version: int, item: CatalogItem, reason: str) -> Saved:
    current = await _load(ctx, item_id)
    status = ItemStatus(current["status"])
    try:
        rules.check_editable(status)
    except rules.LifecycleError as exc:
        raise Conflict(str(exc)) from exc
    if item.provider_code != current["providerCode"]:
        raise Invalid.of("providerCode", "不能更改提供部门 (the provider cannot change)")
    await _may_compile_for(ctx, current["providerCode"])
    if status is ItemStatus.PUBLISHED and not reason.strip():
        raise Invalid.of("reason", "修改已发布目录须说明原因 (a reason is required to change a published item)")
    await _references_exist(ctx, item)
    provider = await ctx.row_loaders.departments.load(item.provider_code)
    elements = await ctx.row_loaders.elements.load(item_id)
    existing = {e["code"].upper(): e["id"] for e in elements}
    previous = {
        "itemId": item_id, "version": current["version"], "status": current["status"],
        "savedAt": current.get("updatedAt"), "savedBy": current.get("updatedBy"),
        "replacedAt": utc_iso(ctx.now), "replacedBy": ctx.principal.user, "reason": reason.strip(),
        "snapshot": json.dumps(await _current_snapshot(ctx, current, elements), ensure_ascii=False),
    }
    props = item_properties(item, item_id, provider, await region_level(ctx, provider["regionCode"]), status, ctx,
                            await findable_by(ctx, item, provider))
    if status is ItemStatus.PUBLISHED:
        props.update(changeReason=reason.strip())
    rows = await ctx.store.write(
        "lifecycle/update_item", id=item_id, expectedVersion=expected_version, now=utc_iso(ctx.now), actor=ctx.principal.user,
        previous=previous, props=props, elements=_element_rows(item, item_id, existing, await sources_of(ctx, item)),
        **_links(item),
    )
    if not rows:
        raise Conflict(f"该目录已被他人修改（当前版本 {current['version']}），请刷新后再改 "
                                  f"(the item changed meanwhile; reload version {current['version']})")
    return Saved(item_id, rows[0]["version"], await source_hints(ctx, item))


async def _current_snapshot(ctx: Context, row: Row, elements: list[Row]) -> dict[str, Any]:
    scope = await ctx.row_loaders.item_scopes.load(row["id"])
    themes = await ctx.row_loaders.item_themes.load(row["id"])
    fields = {key: row.get(key) for key in SNAPSHOT_FIELDS}
    fields.update(shareScope=scope, themeCodes=themes)
    fields["elements"] = [
        {key: element.get(key) for key in ELEMENT_FIELDS} for element in elements
    ]
    return fields


SNAPSHOT_FIELDS = (
    "name", "summary", "providerCode", "storageLevel", "category", "grade", "format", "formatDetail", "shareType",
    "shareCondition", "legalBasis", "shareModes", "openType", "openMode", "updateCycle", "updateCycleNote",
    "publishedOn", "databaseCode",
)
ELEMENT_FIELDS = ("name", "code", "type", "length", "description", "sensitivity", "maskingRule", "verifyOnly", "withheld")


async def sources_of(ctx: Context, item: CatalogItem) -> dict[str, str]:
    """第十五条 一数一源: element code → the id of the authoritative element it repeats, for the
    elements that name a source item (by catalog code or id) holding an element of that name or code."""
    sources: dict[str, str] = {}
    for element in item.elements:
        if element.source_item_code:
            source_id = await _resolve_source(ctx, element.source_item_code)
            if source_id is None or await find_item(ctx, source_id, None) is None:
                continue  # unknown, or a draft the caller may not see: no link, nothing revealed
            source_elements = await ctx.row_loaders.elements.load(source_id)
            match = next((e for e in source_elements if e["name"] == element.name or e["code"].upper() == element.code.upper()), None)
            if match:
                sources[element.code.upper()] = match["id"]
    return sources


async def _resolve_source(ctx: Context, reference: str) -> str | None:
    """A source is named by catalog code, by item id, or as the catalog template and its export
    write it, ``<部门编码>/<目录名称>`` (an imported or seeded item's id is stable_item_id of those)."""
    rows = await ctx.store.read("catalog/item_id_by_code", code=reference)
    if rows:
        return rows[0]["id"]
    if await ctx.row_loaders.items.load(reference):
        return reference
    provider, _, name = reference.partition("/")
    named = stable_item_id(provider, name) if name else None
    return named if named and await ctx.row_loaders.items.load(named) else None


async def source_hints(ctx: Context, item: CatalogItem) -> list[SourceHint]:
    """第十五条: elements another department is the recorded source of, not yet linked to it."""
    unlinked = [e.name for e in item.elements if not e.source_item_code]
    if not unlinked:
        return []
    rows = await ctx.store.read("lifecycle/similar_elements", names=unlinked, providerCode=item.provider_code)
    return [
        SourceHint(row["name"], row["itemId"], row["itemCode"], row["itemName"], row["providerCode"]) for row in rows
    ]


async def _load(ctx: Context, item_id: str) -> Row:
    """The item, if the caller may know of it: an unpublished item of a department the caller
    may not read is NOT_FOUND, exactly like an id that does not exist (its existence, status and
    name do not leak through an error)."""
    row = await find_item(ctx, item_id, None)
    if row is None:
        raise NotFound(f"未找到目录 {item_id} (catalog item not found)")
    return row


async def submit(ctx: Context, item_id: str, expected_version: int) -> Row:
    current = await _load(ctx, item_id)
    await _may_compile_for(ctx, current["providerCode"])
    try:
        rules.check_submittable(ItemStatus(current["status"]))
    except rules.LifecycleError as exc:
        raise Conflict(str(exc)) from exc
    rows = await ctx.store.write(
        "lifecycle/set_status", id=item_id, now=utc_iso(ctx.now), fromStatus=current["status"],
        toStatus=ItemStatus.SUBMITTED.value, expectedVersion=expected_version,
        changes={"submittedAt": utc_iso(ctx.now), "submittedBy": ctx.principal.user},
    )
    if not rows:
        raise Conflict("该目录已被他人修改或提交，请刷新 (the item changed meanwhile)")
    return await _reload(ctx, item_id)


async def review(ctx: Context, item_id: str, accept: bool, comment: str) -> Row:
    """第十三条: the authority accepts (assigning the catalog code) or returns with comments."""
    current = await _load(ctx, item_id)
    await require(ctx, "review_item", "item", item=current)
    if current["status"] != ItemStatus.SUBMITTED.value:
        raise Conflict(f"目录状态为“{ItemStatus(current['status']).label}”，不在待审核状态 (not submitted)")
    now = utc_iso(ctx.now)
    if not accept:
        if not comment.strip():
            raise Invalid.of("comment", "退回须写明修改意见 (a comment is required to return an item)")
        rows = await ctx.store.write(
            "lifecycle/set_status", id=item_id, now=now, fromStatus="SUBMITTED", toStatus="RETURNED",
            expectedVersion=None, changes={"reviewComment": comment.strip(), "reviewedAt": now, "reviewedBy": ctx.principal.user},
        )
    else:
        template = code_template(current["providerCode"], ResourceCategory(current["category"]),
                                 ctx.settings.catalog_code_format)
        rows = await ctx.store.write(
            "lifecycle/publish", id=item_id, now=now, sequenceKey=template.key, codePrefix=template.prefix,
            codeWidth=template.width, codeSuffix=template.suffix,
            changes={"reviewComment": comment.strip(), "reviewedAt": now, "reviewedBy": ctx.principal.user,
                     "publishedOn": ctx.now.astimezone(SHANGHAI).date().isoformat(), "dataUpdatedAt": now},
        )
    if not rows:
        raise Conflict("该目录已被他人审核 (someone else reviewed this item first)")
    return await _reload(ctx, item_id)


async def _reload(ctx: Context, item_id: str) -> Row:
    ctx.row_loaders.forget_item(item_id)
    return await _load(ctx, item_id)


async def _may_read_history(ctx: Context, item: Row) -> None:
    """FORBIDDEN for a published item's history; an unpublished item the caller may not read
    does not exist for them (NOT_FOUND), so its name and content do not leak."""
    if await allowed(ctx, "read_unpublished", "item", item=item):
        return
    if item["status"] != ItemStatus.PUBLISHED.value:
        raise NotFound(f"未找到目录 {item['id']} (catalog item not found)")
    await require(ctx, "read_unpublished", "item", item=item)


async def history(ctx: Context, item_id: str) -> list[Row]:
    """第十三条: an item's earlier versions — their content, editors and reasons — are for the
    department's officers, the competent authority and audit, like its drafts."""
    await _may_read_history(ctx, await _load(ctx, item_id))
    rows = await ctx.store.read("lifecycle/versions", id=item_id)
    return [row["version"] for row in rows]


async def version_snapshot(ctx: Context, item_id: str, version: int) -> dict[str, Any]:
    current = await _load(ctx, item_id)
    await _may_read_history(ctx, current)
    if version == current["version"]:
        return await _current_snapshot(ctx, current, await ctx.row_loaders.elements.load(item_id))
    for row in await history(ctx, item_id):
        if row["version"] == version:
            return json.loads(row["snapshot"])
    raise Invalid.of("version", f"没有版本 {version} (no version {version})")


# ---- withdrawal (第十九条) --------------------------------------------------------------------

async def request_withdrawal(ctx: Context, item_id: str, reason: str) -> str:
    current = await _load(ctx, item_id)
    await _may_compile_for(ctx, current["providerCode"])
    if not reason.strip():
        raise Invalid.of("reason", "撤销发布须说明原因 (a reason is required)")
    request_id = str(uuid.uuid4())
    rows = await ctx.store.write("lifecycle/request_withdrawal", itemId=item_id, now=utc_iso(ctx.now), request={
        "id": request_id, "itemId": item_id, "reason": reason.strip(),
        "requestedAt": utc_iso(ctx.now), "requestedBy": ctx.principal.user,
    })
    if not rows:
        raise Conflict("只有已发布且没有待审撤销申请的目录可申请撤销 (only a published item without a pending request)")
    return request_id


async def decide_withdrawal(ctx: Context, request_id: str, approve: bool, comment: str) -> Row:
    """第十九条: the authority decides; live grants on a withdrawn item stop authorising."""
    rows = await ctx.store.read("lifecycle/withdrawal_by_id", id=request_id)
    if not rows:
        raise NotFound(f"未找到撤销申请 {request_id} (withdrawal request not found)")
    await require(ctx, "decide_withdrawal", "item", item=rows[0]["item"], withdrawal=rows[0]["request"])
    if not approve and not comment.strip():
        raise Invalid.of("comment", "不同意撤销须说明理由 (a reason is required to refuse)")
    rows = await ctx.store.write(
        "lifecycle/decide_withdrawal", id=request_id, approve=approve, comment=comment.strip(),
        now=utc_iso(ctx.now), actor=ctx.principal.user, cityCode=(await jurisdiction(ctx)).city_region,
    )
    if not rows:
        raise Conflict("该撤销申请已处理或目录已不在发布状态 (already decided, or the item is not published)")
    return rows[0]["request"]


async def visible_providers(ctx: Context, own: bool) -> list[str] | None:
    """The departments whose catalog matters (withdrawals, change events) the caller may see:
    its own (and its units'); an authority those of its jurisdiction — the city authority and
    audit every department (None)."""
    competent = await jurisdiction(ctx)
    me = ctx.principal.department_code
    if not own and await allowed(ctx, "audit", "catalog"):
        return None
    if not own and await allowed(ctx, "authority_queue", "department"):
        if competent.is_city_authority(me):
            return None
        region = competent.of(me).region_code if competent.of(me) else None
        return sorted(code for code in competent.departments if competent.own_level_region(code) == region)
    return sorted(code for code in competent.departments if competent.is_own_or_unit(me, code))


async def withdrawals(ctx: Context, status: str | None, own: bool, reported_to_city: bool | None) -> list[Row]:
    rows = await ctx.store.read(
        "lifecycle/withdrawals", status=status, providerCodes=await visible_providers(ctx, own),
        reportedToCity=reported_to_city, limit=ctx.settings.max_page_size,
    )
    return [row["request"] for row in rows]


# ---- freshness (第十八条) and change events (第十二条) -------------------------------------------


async def record_data_update(ctx: Context, item_id: str) -> Row:
    current = await _load(ctx, item_id)
    await _may_compile_for(ctx, current["providerCode"])
    rows = await ctx.store.write("lifecycle/record_data_update", itemId=item_id, providerCode=current["providerCode"],
                                 at=utc_iso(ctx.now), actor=ctx.principal.user)
    if not rows:
        raise Conflict("只有已发布目录可登记数据更新 (only a published item)")
    return await _reload(ctx, item_id)


async def stale_item_ids(ctx: Context, provider_code: str | None) -> list[str]:
    rows = await ctx.store.read("lifecycle/freshness", providerCode=provider_code)
    return [
        row["id"] for row in rows
        if rules.is_stale(UpdateCycle(row["updateCycle"]), parse_iso(row["dataUpdatedAt"]) if row["dataUpdatedAt"] else None, ctx.now)
    ]


async def record_change_event(ctx: Context, item_ids: list[str], description: str, published_on: date) -> str:
    if not item_ids:
        raise Invalid.of("itemIds", "请选择受影响的目录 (choose the affected items)")
    if len(description.strip()) < 4:
        raise Invalid.of("description", "请说明修订的法规或变化的职能 (describe the change)")
    items = await ctx.row_loaders.items.load_many(item_ids)
    for item_id, row in zip(item_ids, items):
        if row is None:
            raise Invalid.of("itemIds", f"未找到目录 {item_id} (catalog item not found)")
    for row in items:
        if not await allowed(ctx, "supervise", "item", item=row):
            await _may_compile_for(ctx, row["providerCode"])
    due = working_days_after(published_on, rules.CHANGE_EVENT_DAYS, ctx.calendar)
    event_id = str(uuid.uuid4())
    await ctx.store.write("lifecycle/create_change_event", itemIds=item_ids, event={
        "id": event_id, "description": description.strip(), "publishedOn": published_on.isoformat(),
        "dueOn": due.day.isoformat(), "dueAt": utc_iso(end_of_day(due.day)), "dueProvisional": due.provisional,
        "createdAt": utc_iso(ctx.now), "createdBy": ctx.principal.user,
    })
    return event_id


async def change_events(ctx: Context, own: bool) -> list[Row]:
    return await ctx.store.read("lifecycle/change_events", providerCodes=await visible_providers(ctx, own),
                                limit=ctx.settings.max_page_size)
