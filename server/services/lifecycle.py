"""Compile, review and code, publish, update, withdraw (第九条 to 第十九条).

A department's data officer compiles items for the department and its subordinate units; the
authority reviews, codes and publishes them. Every save is one guarded statement on the
version the editor started from, so of two concurrent editors the second gets a conflict and
nothing is lost; a published item's previous content is kept as a version with who, when, why.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from graph.repos import catalog as catalog_repo
from graph.repos import lifecycle as repo
from graph.repos import sharing as sharing_repo
from server.context import Context
from server.domain import lifecycle as rules
from server.domain.audit import changed
from server.domain.coding import code_template, stable_item_id
from server.domain.errors import Conflict, FieldProblem, Invalid, NotFound
from server.domain.models import CatalogItem
from server.domain.records.audit import AuditAction, AuditOutcome, AuditTargetKind
from server.domain.records.catalog import DepartmentRecord, ItemFacts, ItemRecord
from server.domain.records.lifecycle import (
    AffectedItemRecord,
    ChangeEventRecord,
    ItemVersionRecord,
    ItemWrite,
    SourceHintRecord,
    WithdrawalRecord,
    WithdrawalStatus,
    parse_version_id,
)
from server.domain.values import ItemStatus
from server.domain.workdays import SHANGHAI, end_of_day, working_days_after
from server.services import audit
from server.services.authorization import allowed, require
from server.services.catalog import visible_item
from server.services.reference import jurisdiction, reference_names, region_level


@dataclass(frozen=True)
class Saved:
    """A saved item and the 一数一源 hints for what was saved (第十五条)."""

    item: ItemRecord
    hints: list[SourceHintRecord]


# ---- who compiles, and what an item is written with ---------------------------------------------


async def may_compile_for(ctx: Context, provider_code: str) -> DepartmentRecord:
    """第六条, 第九条: a data officer compiles for the department and its subordinate units."""
    provider = await ctx.loaders.departments.load(provider_code)
    if provider is None:
        raise Invalid.of("providerCode", f"部门 {provider_code} 不存在 (no such department)")
    await require(ctx, "compile", "item", item=ItemFacts(provider_code=provider_code))
    return provider


async def _references_exist(ctx: Context, item: CatalogItem) -> None:
    """Every department, theme and database the item names exists (第十一条: no wrong entries)."""
    problems: list[FieldProblem] = []
    codes = list(item.share_scope)
    for code, department in zip(codes, await ctx.loaders.departments.load_many(codes)):
        if department is None:
            problems.append(FieldProblem("shareScope", f"共享范围中的部门 {code} 不存在 (no such department)"))
    names = await reference_names(ctx)
    problems += [FieldProblem("themeCodes", f"主题 {code} 不存在 (no such theme)")
                 for code in item.theme_codes if code not in names["theme"]]
    if item.database_code and item.database_code not in names["database"]:
        problems.append(FieldProblem("databaseCode", f"基础库/主题库 {item.database_code} 不存在 (no such database)"))
    if problems:
        raise Invalid(problems)


async def findable_by(ctx: Context, item: CatalogItem, provider: DepartmentRecord) -> tuple[str, ...]:
    """What else an item is found by besides its own text: its provider, themes and database (names)."""
    names = await reference_names(ctx)
    return (
        provider.name,
        *(names["theme"].get(code, "") for code in item.theme_codes),
        names["database"].get(item.database_code or "", ""),
    )


async def item_write(ctx: Context, item: CatalogItem, item_id: str, provider: DepartmentRecord) -> ItemWrite:
    """Everything a save of `item` writes besides its content, as of this request (who, when)."""
    return ItemWrite(
        item=item, item_id=item_id, region_code=provider.region_code,
        region_level=await region_level(ctx, provider.region_code),
        findable_by=await findable_by(ctx, item, provider), at=ctx.now, by=ctx.principal.user,
        sources=await sources_of(ctx, item),
    )


async def sources_of(ctx: Context, item: CatalogItem) -> dict[str, str]:
    """第十五条 一数一源: element code → the id of the authoritative element it repeats, for the
    elements that name a source item (by catalog code or id) holding an element of that name or code."""
    sources: dict[str, str] = {}
    for element in item.elements:
        if not element.source_item_code:
            continue
        source_id = await _resolve_source(ctx, element.source_item_code)
        if source_id is None or await visible_item(ctx, source_id) is None:
            continue  # unknown, or a draft the caller may not see: no link, nothing revealed
        match = next((e for e in await ctx.loaders.elements.load(source_id)
                      if e.name == element.name or e.code.upper() == element.code.upper()), None)
        if match:
            sources[element.code.upper()] = match.id
    return sources


async def _resolve_source(ctx: Context, reference: str) -> str | None:
    """A source is named by catalog code, by item id, or as the catalog template and its export
    write it, ``<部门编码>/<目录名称>`` (an imported or seeded item's id is stable_item_id of those)."""
    by_code = await catalog_repo.item_id_by_code(ctx.store, reference)
    if by_code:
        return by_code
    if await ctx.loaders.items.load(reference):
        return reference
    provider, _, name = reference.partition("/")
    named = stable_item_id(provider, name) if name else None
    return named if named and await ctx.loaders.items.load(named) else None


async def source_hints(ctx: Context, item: CatalogItem) -> list[SourceHintRecord]:
    """第十五条: elements another department is the recorded source of, not yet linked to it."""
    unlinked = [e.name for e in item.elements if not e.source_item_code]
    return await repo.similar_elements(ctx.store, unlinked, item.provider_code) if unlinked else []


async def _load(ctx: Context, item_id: str) -> ItemRecord:
    """The item, if the caller may know of it: an unpublished item of a department the caller
    may not read is NOT_FOUND, exactly like an id that does not exist (its existence, status and
    name do not leak through an error)."""
    item = await visible_item(ctx, item_id)
    if item is None:
        raise NotFound(f"未找到目录 {item_id} (catalog item not found)")
    return item


async def _reload(ctx: Context, item_id: str) -> ItemRecord:
    """The item as this request's write left it."""
    ctx.loaders.forget_item(item_id)
    return await _load(ctx, item_id)


# ---- compile, update (第九条 to 第十一条) ------------------------------------------------------------


async def create_draft(ctx: Context, item: CatalogItem) -> Saved:
    provider = await may_compile_for(ctx, item.provider_code)
    await _references_exist(ctx, item)
    item_id = str(uuid.uuid4())
    event = audit.event(ctx, AuditAction.ITEM_CREATE, AuditTargetKind.ITEM, item_id,
                        after={"status": ItemStatus.DRAFT, "version": 1, **repo.content_snapshot(item)})
    if not await repo.create_item(ctx.store, await item_write(ctx, item, item_id, provider), event):
        # a duplicate: the department's items have unique names (the import keys items by them)
        raise Conflict(f"本部门已有名为“{item.name}”的目录，请修改该目录 "
                       f"(the department already has an item of this name: edit it instead)")
    return Saved(await _reload(ctx, item_id), await source_hints(ctx, item))


async def update_item(ctx: Context, item_id: str, expected_version: int, item: CatalogItem, reason: str) -> Saved:
    current = await _load(ctx, item_id)
    try:
        rules.check_editable(current.status)
    except rules.LifecycleError as exc:
        raise Conflict(str(exc)) from exc
    if item.provider_code != current.provider_code:
        raise Invalid.of("providerCode", "不能更改提供部门 (the provider cannot change)")
    provider = await may_compile_for(ctx, current.provider_code)
    reason = reason.strip()
    if current.status is ItemStatus.PUBLISHED and not reason:
        raise Invalid.of("reason", "修改已发布目录须说明原因 (a reason is required to change a published item)")
    await _references_exist(ctx, item)
    elements, scope = await ctx.loaders.elements.load(item_id), await ctx.loaders.item_scopes.load(item_id)
    themes = await ctx.loaders.item_themes.load(item_id)
    before, after = changed(repo.item_snapshot(current, elements, scope, themes), repo.content_snapshot(item))
    event = audit.event(ctx, AuditAction.ITEM_UPDATE, AuditTargetKind.ITEM, item_id, code=current.code, reason=reason,
                        before={"version": current.version, **before}, after={"version": current.version + 1, **after})
    version = await repo.update_item(
        ctx.store, await item_write(ctx, item, item_id, provider), current, elements, scope, themes,
        expected_version, reason, event,
    )
    if version is None:
        raise Conflict(f"该目录已被他人修改（当前版本 {current.version}），请刷新后再改 "
                       f"(the item changed meanwhile; reload version {current.version})")
    return Saved(await _reload(ctx, item_id), await source_hints(ctx, item))


# ---- submit, review and code, publish (第十三条) -----------------------------------------------------


async def submit(ctx: Context, item_id: str, expected_version: int) -> ItemRecord:
    current = await _load(ctx, item_id)
    await may_compile_for(ctx, current.provider_code)
    try:
        rules.check_submittable(current.status)
    except rules.LifecycleError as exc:
        raise Conflict(str(exc)) from exc
    event = audit.event(ctx, AuditAction.ITEM_SUBMIT, AuditTargetKind.ITEM, item_id, code=current.code,
                        before={"status": current.status}, after={"status": ItemStatus.SUBMITTED})
    if not await repo.set_status(ctx.store, item_id, current.status, ItemStatus.SUBMITTED, expected_version,
                                 ctx.now, ctx.principal.user, event):
        raise Conflict("该目录已被他人修改或提交，请刷新 (the item changed meanwhile)")
    return await _reload(ctx, item_id)


async def review(ctx: Context, item_id: str, accept: bool, comment: str) -> ItemRecord:
    """第十三条: the authority accepts (assigning the catalog code) or returns with comments."""
    current = await _load(ctx, item_id)
    await require(ctx, "review_item", "item", item=current)
    if current.status is not ItemStatus.SUBMITTED:
        raise Conflict(f"目录状态为“{current.status.label}”，不在待审核状态 (not submitted)")
    comment = comment.strip()
    if not accept:
        if not comment:
            raise Invalid.of("comment", "退回须写明修改意见 (a comment is required to return an item)")
        event = audit.event(ctx, AuditAction.ITEM_RETURN, AuditTargetKind.ITEM, item_id, reason=comment,
                            outcome=AuditOutcome.REJECTED, before={"status": ItemStatus.SUBMITTED},
                            after={"status": ItemStatus.RETURNED, "reviewComment": comment})
        done = await repo.set_status(ctx.store, item_id, ItemStatus.SUBMITTED, ItemStatus.RETURNED, None, ctx.now,
                                     ctx.principal.user, event, comment)
    else:
        template = code_template(current.provider_code, current.category, ctx.settings.catalog_code_format)
        published_on = ctx.now.astimezone(SHANGHAI).date()
        event = audit.event(ctx, AuditAction.ITEM_PUBLISH, AuditTargetKind.ITEM, item_id, reason=comment,
                            outcome=AuditOutcome.APPROVED, before={"status": ItemStatus.SUBMITTED, "code": None},
                            after={"status": ItemStatus.PUBLISHED, "publishedOn": published_on,
                                   "reviewComment": comment})  # the code is the event's target code
        done = await repo.publish(ctx.store, item_id, template, ctx.now, ctx.principal.user, comment,
                                  published_on, event)
    if not done:
        raise Conflict("该目录已被他人审核 (someone else reviewed this item first)")
    return await _reload(ctx, item_id)


# ---- history (第十三条) ------------------------------------------------------------------------------


async def _history_item(ctx: Context, item_id: str) -> ItemRecord | None:
    """The item whose history the caller may read; None when it is missing or unseen. A published
    item's history is FORBIDDEN to whoever may not read its drafts (its existence is public)."""
    item = await visible_item(ctx, item_id)
    if item is None or await allowed(ctx, "read_unpublished", "item", item=item):
        return item
    if item.status is not ItemStatus.PUBLISHED:
        return None
    await require(ctx, "read_unpublished", "item", item=item)
    return item


async def history(ctx: Context, item_id: str) -> list[ItemVersionRecord] | None:
    """第十三条: an item's earlier versions — their content, editors and reasons — are for the
    department's officers, the competent authority and audit, like its drafts; None when the
    caller may not know of the item."""
    if await _history_item(ctx, item_id) is None:
        return None
    return await repo.versions(ctx.store, item_id)


async def diff(ctx: Context, item_id: str, from_version: int, to_version: int) -> list[rules.FieldChange] | None:
    """Field-by-field differences of two versions of the item; None when the caller may not know of it."""
    current = await _history_item(ctx, item_id)
    if current is None:
        return None
    earlier = {v.version: v.snapshot for v in await repo.versions(ctx.store, item_id)}
    if current.version in (from_version, to_version):
        earlier[current.version] = repo.item_snapshot(
            current, await ctx.loaders.elements.load(item_id), await ctx.loaders.item_scopes.load(item_id),
            await ctx.loaders.item_themes.load(item_id),
        )
    for field, version in (("fromVersion", from_version), ("toVersion", to_version)):
        if version not in earlier:
            raise Invalid.of(field, f"没有版本 {version} (no version {version})")
    return rules.diff(earlier[from_version], earlier[to_version])


async def visible_item_version(ctx: Context, version_id: str) -> ItemVersionRecord | None:
    """An earlier version by its global id (`<item id>@<version>`), if the caller may read the history."""
    parsed = parse_version_id(version_id)
    if parsed is None:
        return None
    versions = await history(ctx, parsed[0])
    return next((v for v in versions or () if v.version == parsed[1]), None)


# ---- withdrawal (第十九条) ---------------------------------------------------------------------------


async def request_withdrawal(ctx: Context, item_id: str, reason: str) -> WithdrawalRecord:
    current = await _load(ctx, item_id)
    await may_compile_for(ctx, current.provider_code)
    if not reason.strip():
        raise Invalid.of("reason", "撤销发布须说明原因 (a reason is required)")
    request_id = str(uuid.uuid4())
    event = audit.event(ctx, AuditAction.WITHDRAWAL_REQUEST, AuditTargetKind.WITHDRAWAL, request_id,
                        code=current.code, reason=reason.strip(),
                        after={"status": WithdrawalStatus.PENDING, "itemId": item_id, "reason": reason.strip()})
    request = await repo.request_withdrawal(ctx.store, item_id, request_id, reason.strip(), ctx.now,
                                            ctx.principal.user, event)
    if request is None:
        raise Conflict("只有已发布且没有待审撤销申请的目录可申请撤销 (only a published item without a pending request)")
    return request


async def decide_withdrawal(ctx: Context, request_id: str, approve: bool, comment: str) -> WithdrawalRecord:
    """第十九条: the authority decides; live grants on a withdrawn item stop authorizing and its
    pending applications end (ITEM_WITHDRAWN, named in the decision's audit event)."""
    found = await repo.withdrawal_by_id(ctx.store, request_id)
    if found is None:
        raise NotFound(f"未找到撤销申请 {request_id} (withdrawal request not found)")
    request, item = found
    await require(ctx, "decide_withdrawal", "item", item=item, withdrawal=request)
    if not approve and not comment.strip():
        raise Invalid.of("comment", "不同意撤销须说明理由 (a reason is required to refuse)")
    status = WithdrawalStatus.APPROVED if approve else WithdrawalStatus.REJECTED
    closing = await sharing_repo.open_request_ids(ctx.store, request.item_id) if approve else []
    event = audit.event(ctx, AuditAction.WITHDRAWAL_DECIDE, AuditTargetKind.WITHDRAWAL, request_id,
                        reason=comment.strip(), outcome=AuditOutcome.APPROVED if approve else AuditOutcome.REJECTED,
                        before={"status": request.status, "itemStatus": ItemStatus.PUBLISHED},
                        after={"status": status, "itemId": request.item_id,
                               "itemStatus": ItemStatus.WITHDRAWN if approve else ItemStatus.PUBLISHED,
                               **({"closedRequests": closing} if closing else {})})
    decided = await repo.decide_withdrawal(ctx.store, request_id, approve, comment.strip(), ctx.now,
                                           ctx.principal.user, (await jurisdiction(ctx)).city_region, closing, event)
    if decided is None:
        raise Conflict("该撤销申请已处理或目录已不在发布状态 (already decided, or the item is not published)")
    ctx.loaders.forget_item(request.item_id)
    return decided


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


async def withdrawals(ctx: Context, status: WithdrawalStatus | None, own: bool, reported_to_city: bool | None,
                      skip: int, limit: int) -> tuple[int, list[WithdrawalRecord]]:
    """(how many, this page) of the withdrawal requests the caller may see, newest first."""
    return await repo.withdrawals(ctx.store, status, await visible_providers(ctx, own), reported_to_city, skip, limit)


async def visible_withdrawal(ctx: Context, request_id: str) -> WithdrawalRecord | None:
    """A withdrawal request, if it is of a department the caller may see (as `withdrawalRequests`)."""
    found = await repo.withdrawal_by_id(ctx.store, request_id)
    if found is None:
        return None
    providers = await visible_providers(ctx, own=False)
    return found[0] if providers is None or found[0].provider_code in providers else None


# ---- freshness (第十八条) and change events (第十二条) -----------------------------------------------


async def record_data_update(ctx: Context, item_id: str) -> ItemRecord:
    current = await _load(ctx, item_id)
    await may_compile_for(ctx, current.provider_code)
    event = audit.event(ctx, AuditAction.DATA_UPDATE, AuditTargetKind.ITEM, item_id, code=current.code,
                        before={"dataUpdatedAt": current.data_updated_at}, after={"dataUpdatedAt": ctx.now})
    if not await repo.record_data_update(ctx.store, item_id, current.provider_code, ctx.now, ctx.principal.user,
                                         event):
        raise Conflict("只有已发布目录可登记数据更新 (only a published item)")
    return await _reload(ctx, item_id)


async def stale_items(ctx: Context, provider_code: str | None, skip: int, limit: int) -> tuple[int, list[ItemRecord]]:
    """(how many, this page) of the published items whose data is older than their update cycle
    allows (第十八条), the longest unupdated first."""
    stale = sorted(
        (row for row in await repo.freshness(ctx.store, provider_code)
         if rules.is_stale(row.update_cycle, row.data_updated_at, ctx.now)),
        key=lambda row: (row.data_updated_at is not None, row.data_updated_at or ctx.now, row.item_id),
    )
    page = await ctx.loaders.items.load_many([row.item_id for row in stale[skip:skip + limit]])
    return len(stale), [item for item in page if item is not None]


async def record_change_event(ctx: Context, item_ids: list[str], description: str, published_on: date) -> ChangeEventRecord:
    if not item_ids:
        raise Invalid.of("itemIds", "请选择受影响的目录 (choose the affected items)")
    if len(description.strip()) < 4:
        raise Invalid.of("description", "请说明修订的法规或变化的职能 (describe the change)")
    item_ids = list(dict.fromkeys(item_ids))
    items = []
    for item_id in item_ids:
        item = await visible_item(ctx, item_id)
        if item is None:
            raise Invalid.of("itemIds", f"未找到目录 {item_id} (catalog item not found)")
        items.append(item)
    for item in items:
        if not await allowed(ctx, "supervise", "item", item=item):
            await may_compile_for(ctx, item.provider_code)
    due = working_days_after(published_on, rules.CHANGE_EVENT_DAYS, ctx.calendar)
    event = ChangeEventRecord(
        id=str(uuid.uuid4()), description=description.strip(), published_on=published_on, due_on=due.day,
        due_at=end_of_day(due.day), due_provisional=due.provisional, created_at=ctx.now, created_by=ctx.principal.user,
        items=tuple(AffectedItemRecord(id=i.id, name=i.name, provider_code=i.provider_code, updated=False) for i in items),
    )
    if not await repo.create_change_event(ctx.store, item_ids, event, audit.event(
        ctx, AuditAction.CHANGE_EVENT, AuditTargetKind.CHANGE_EVENT, event.id, reason=event.description,
        after={"description": event.description, "publishedOn": published_on, "dueOn": event.due_on,
               "itemIds": item_ids},
    )):
        raise Conflict("该变化已登记 (this change of law or duty is already recorded for these items)")
    return event


async def draft_providers(ctx: Context, providers: list[str] | None) -> list[str] | None:
    """Of `providers` (None: every department), those whose drafts the caller may read (the policy's
    `read_unpublished`); None when it may read every department's."""
    if await allowed(ctx, "audit", "catalog"):
        return None
    codes = providers if providers is not None else sorted((await jurisdiction(ctx)).departments)
    return [code for code in codes
            if await allowed(ctx, "read_unpublished", "item", item=ItemFacts(provider_code=code))]


async def change_events(ctx: Context, own: bool, overdue_only: bool, skip: int,
                        limit: int) -> tuple[int, list[ChangeEventRecord]]:
    """(how many, this page) of the change events with items the caller may see, soonest due first;
    an unpublished item only to those who may read its department's drafts."""
    providers = await visible_providers(ctx, own)
    return await repo.change_events(ctx.store, providers, await draft_providers(ctx, providers), ctx.now,
                                    overdue_only, skip, limit)


async def visible_change_event(ctx: Context, event_id: str) -> ChangeEventRecord | None:
    """A change event, with the affected items the caller may see; None when it has none of them."""
    providers = await visible_providers(ctx, own=False)
    _, events = await repo.change_events(ctx.store, providers, await draft_providers(ctx, providers), ctx.now,
                                         False, 0, 1, event_id=event_id)
    return events[0] if events else None
