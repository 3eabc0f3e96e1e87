"""Compile, review and code, publish, update, withdraw (第九条 to 第十九条).

A department's data officer compiles items for the department and its subordinate units; the
authority reviews, codes and publishes them. Every save is one guarded statement on the
version the editor started from, so of two concurrent editors the second gets a conflict and
nothing is lost; a published item's previous content is kept as a version with who, when, why.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from graph.repos import catalog as catalog_repo
from graph.repos import lifecycle as repo
from graph.repos import sharing as sharing_repo
from server.context import Context
from server.domain import lifecycle as rules
from server.domain.audit import changed
from server.domain.coding import code_template, stable_item_id
from server.domain.errors import Conflict, FieldProblem, Invalid, NotFound
from server.domain.models import CatalogItem, ItemCheck, check_item, invalid_item
from server.domain.records.audit import AuditAction, AuditOutcome, AuditTargetKind
from server.domain.records.catalog import DepartmentRecord, ItemFacts, ItemRecord
from server.domain.records.lifecycle import (
    AffectedItemRecord,
    ChangeEventRecord,
    ItemVersionRecord,
    ItemWrite,
    RevisionRecord,
    RevisionStatus,
    SourceHintRecord,
    WithdrawalRecord,
    WithdrawalStatus,
    parse_version_id,
)
from server.domain.grading import grading_problems
from server.domain.sharing import scope_covers
from server.domain.values import ItemStatus
from server.domain.workdays import SHANGHAI, end_of_day, working_days_after
from server.services import audit
from server.services.authorization import allowed, require
from server.services.catalog import visible_item
from server.services.reference import database_by_code, jurisdiction, reference_names, region_level


#: At most this many pending revisions are read for the authority's work list (then filtered by
#: what the caller may review; the list says how many it found).
REVIEW_LIST_ROWS = 2000


@dataclass(frozen=True)
class Saved:
    """A saved item and the 一数一源 hints for what was saved (第十五条); for an edit of a published
    item, the pending revision it became (第十三条) while the item itself is unchanged."""

    item: ItemRecord
    hints: list[SourceHintRecord]
    revision: RevisionRecord | None = None


# ---- who compiles, and what an item is written with ---------------------------------------------


async def may_compile_for(ctx: Context, provider_code: str) -> DepartmentRecord:
    """第六条, 第九条: a data officer compiles for the department and its subordinate units."""
    provider = await ctx.loaders.departments.load(provider_code)
    if provider is None:
        raise Invalid.of("providerCode", f"部门 {provider_code} 不存在 (no such department)")
    await require(ctx, "compile", "item", item=ItemFacts(provider_code=provider_code))
    return provider


async def _reference_problems(ctx: Context, check: ItemCheck) -> list[FieldProblem]:
    """Every department, theme and database the item names that does not exist (第十一条: no
    wrong entries) — of the codes that are valid on their own, so these come in the same answer
    as the content's own problems — and, for valid content, how it breaks the grading rules of the
    rule set in force (第三十五条, rules.toml [grading])."""
    problems: list[FieldProblem] = grading_problems(check.item, ctx.rules.grading) if check.item else []
    codes = list(check.value("share_scope") or ())
    for code, department in zip(codes, await ctx.loaders.departments.load_many(codes)):
        if department is None:
            problems.append(FieldProblem("shareScope", f"共享范围中的部门 {code} 不存在 (no such department)"))
    names = await reference_names(ctx)
    problems += [FieldProblem("themeCodes", f"主题 {code} 不存在 (no such theme)")
                 for code in check.value("theme_codes") or () if code not in names["theme"]]
    database_code = check.value("database_code")
    if database_code and database_code not in names["database"]:
        problems.append(FieldProblem("databaseCode", f"基础库/主题库 {database_code} 不存在 (no such database)"))
    return problems


async def _compiled(ctx: Context, content: CatalogItem | Mapping[str, Any]) -> tuple[CatalogItem, DepartmentRecord]:
    """第九条, 第十一条: new content, with every problem at once — its fields, the rules between
    them, and the departments, themes and database it names — or FORBIDDEN first for whoever
    may not compile for its provider (nothing more is said to them)."""
    check = check_item(content)
    provider_code = check.value("provider_code")
    problems = list(check.problems)
    provider: DepartmentRecord | None = None
    if provider_code is None:  # no department to ask the policy about: may the caller compile at all?
        await require(ctx, "compile", "item", item=ItemFacts(provider_code=ctx.principal.department_code))
    else:
        try:
            provider = await may_compile_for(ctx, provider_code)
        except Invalid as exc:  # no such department: one problem among the others
            problems += exc.problems
    problems += await _reference_problems(ctx, check)
    if problems:
        raise invalid_item(problems)
    assert check.item is not None and provider is not None
    return check.item, provider


async def findable_by(ctx: Context, item: CatalogItem, provider: DepartmentRecord) -> tuple[str, ...]:
    """What else an item is found by besides its own text: its provider, themes and database (names)."""
    names = await reference_names(ctx)
    return (
        provider.name,
        *(names["theme"].get(code, "") for code in item.theme_codes),
        names["database"].get(item.database_code or "", ""),
    )


async def catalogued_by_lead(ctx: Context, item: CatalogItem, provider: DepartmentRecord, fresh: bool = False) -> None:
    """第十四条: 基础库、主题库由牵头部门负责编目 — only a database's lead department places items in
    it; a contributing department's own items stay in its own catalog. Raises naming `databaseCode`.
    The statements that save an item refuse the same (their WHERE), so this holds without a race;
    `fresh` reads the graph instead of the minute-old reference snapshot (a refused save's reason)."""
    if not item.database_code:
        return
    database = await database_by_code(ctx, item.database_code, fresh=fresh)
    if database is None:  # create and update said so already (_reference_problems); an import did not
        raise Invalid.of("databaseCode", f"基础库/主题库 {item.database_code} 不存在 (no such database)")
    if database.lead_department_code == item.provider_code:
        return
    lead = await ctx.loaders.departments.load(database.lead_department_code)
    lead_name = lead.name if lead else database.lead_department_code
    raise Invalid.of("databaseCode", (
        f"{database.name}由{lead_name}牵头编目，{provider.name}不能将目录“{item.name}”编入该库；"
        f"共建部门的目录留在本部门目录中，请清空所属数据库编码（第十四条）"
        f"(only the lead department, {database.lead_department_code}, catalogues items into {database.code}; "
        f"a contributing department's items stay in its own catalog: leave databaseCode empty)"
    ))


async def item_write(ctx: Context, item: CatalogItem, item_id: str, provider: DepartmentRecord) -> ItemWrite:
    """Everything a save of `item` writes besides its content, as of this request (who, when).
    Every save passes here — compile, update and import — so here the save's database is checked
    against its lead department first (第十四条)."""
    await catalogued_by_lead(ctx, item, provider)
    return ItemWrite(
        item=item, item_id=item_id, region_code=provider.region_code,
        region_level=await region_level(ctx, provider.region_code),
        findable_by=await findable_by(ctx, item, provider), at=ctx.now, by=ctx.principal.user,
        sources=await sources_of(ctx, item),
    )


async def sources_of(ctx: Context, item: CatalogItem) -> dict[str, str]:
    """第十五条 一数一源: element code → the id of the authoritative element it repeats, for the
    elements that name a source item (by catalog code or id) holding an element of that name or code."""
    return {code: element_id for code, (_, element_id) in (await _sources(ctx, item)).items()}


async def _sources(ctx: Context, item: CatalogItem) -> dict[str, tuple[str, str]]:
    """Element code → (source item id, source element id), as `sources_of` resolves them."""
    sources: dict[str, tuple[str, str]] = {}
    for element in item.elements:
        if not element.source_item_code:
            continue
        source_id = await _resolve_source(ctx, element.source_item_code)
        if source_id is None or await visible_item(ctx, source_id) is None:
            continue  # unknown, or a draft the caller may not see: no link, nothing revealed
        match = next((e for e in await ctx.loaders.elements.load(source_id)
                      if e.name == element.name or e.code.upper() == element.code.upper()), None)
        if match:
            sources[element.code.upper()] = (source_id, match.id)
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


async def create_draft(ctx: Context, content: CatalogItem | Mapping[str, Any]) -> Saved:
    """A new draft of `content` (a valid item, or GraphQL's input as plain values: validated here whole)."""
    item, provider = await _compiled(ctx, content)
    item_id = str(uuid.uuid4())
    event = audit.event(ctx, AuditAction.ITEM_CREATE, AuditTargetKind.ITEM, item_id,
                        after={"status": ItemStatus.DRAFT, "version": 1, **repo.content_snapshot(item)})
    if not await repo.create_item(ctx.store, await item_write(ctx, item, item_id, provider), event):
        # the database's lead changed since the snapshot was read (the statement's guard), or
        await catalogued_by_lead(ctx, item, provider, fresh=True)
        # a duplicate: the department's items have unique names (the import keys items by them)
        raise Conflict(f"本部门已有名为“{item.name}”的目录，请修改该目录 "
                       f"(the department already has an item of this name: edit it instead)")
    return Saved(await _reload(ctx, item_id), await source_hints(ctx, item))


async def update_item(ctx: Context, item_id: str, expected_version: int, content: CatalogItem | Mapping[str, Any],
                      reason: str) -> Saved:
    """The item's new content (validated whole, as create_draft's), every problem at once — the
    content's, the provider's and the reason's."""
    current = await _load(ctx, item_id)
    try:
        rules.check_editable(current.status)
    except rules.LifecycleError as exc:
        raise Conflict(str(exc)) from exc
    provider = await may_compile_for(ctx, current.provider_code)
    check = check_item(content)
    problems = list(check.problems)
    if check.value("provider_code") not in (None, current.provider_code):
        problems.append(FieldProblem("providerCode", "不能更改提供部门 (the provider cannot change)"))
    reason = reason.strip()
    if current.status is ItemStatus.PUBLISHED and not reason:
        problems.append(FieldProblem("reason", "修改已发布目录须说明原因 (a reason is required to change a published item)"))
    problems += await _reference_problems(ctx, check)
    if check.item is not None:
        problems += await _name_problems(ctx, check.item, item_id)
    if problems:
        raise invalid_item(problems)
    assert check.item is not None
    item = check.item
    if current.status is ItemStatus.PUBLISHED:
        return await _propose_revision(ctx, current, item, provider, expected_version, reason)
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
        await catalogued_by_lead(ctx, item, provider, fresh=True)  # the statement's guard (第十四条), or
        raise Conflict(f"该目录已被他人修改（当前版本 {current.version}），请刷新后再改 "
                       f"(the item changed meanwhile; reload version {current.version})")
    return Saved(await _reload(ctx, item_id), await source_hints(ctx, item))


# ---- an edit of a published item is reviewed first (第十三条) ------------------------------------------


async def _name_problems(ctx: Context, item: CatalogItem, item_id: str) -> list[FieldProblem]:
    """第十一条: an edit may not give the item the name of another item of its department."""
    if await repo.namesake(ctx.store, item.provider_code, item.name, item_id) is None:
        return []
    return [FieldProblem("name", f"本部门已有名为“{item.name}”的目录，名称不能重复（第十一条） "
                                 f"(another item of the department has this name)")]


async def _propose_revision(ctx: Context, current: ItemRecord, item: CatalogItem, provider: DepartmentRecord,
                            expected_version: int, reason: str) -> Saved:
    """第十三条: an edit of a published item becomes a pending revision; the published version stays in
    force for search, detail and authorize until the city authority accepts it."""
    await catalogued_by_lead(ctx, item, provider)  # 第十四条, said now rather than at acceptance
    elements, scope = await ctx.loaders.elements.load(current.id), await ctx.loaders.item_scopes.load(current.id)
    themes = await ctx.loaders.item_themes.load(current.id)
    before, after = changed(repo.item_snapshot(current, elements, scope, themes), repo.content_snapshot(item))
    linked = {element.code.upper(): element.source_item_id for element in elements}
    relinked = sorted(code for code, (source_item, _) in (await _sources(ctx, item)).items()
                      if linked.get(code) != source_item)  # 第十五条: a source named now that is not linked yet
    if not before and not after and not relinked:  # nothing changed: nothing to review
        return Saved(current, await source_hints(ctx, item))
    revision = RevisionRecord(
        id=str(uuid.uuid4()), item_id=current.id, base_version=current.version, status=RevisionStatus.PENDING,
        reason=reason, submitted_at=ctx.now, submitted_by=ctx.principal.user,
        content=item.model_dump(mode="json", by_alias=True), snapshot=repo.content_snapshot(item),
    )
    event = audit.event(ctx, AuditAction.ITEM_REVISE, AuditTargetKind.ITEM, current.id, code=current.code, reason=reason,
                        before={"version": current.version, **before},
                        after={"revisionId": revision.id, "status": RevisionStatus.PENDING, **after,
                               **({"linksSources": relinked} if relinked else {})})
    if not await repo.propose_revision(ctx.store, revision, expected_version, event):
        fresh = await _reload(ctx, current.id)
        if fresh.pending_revision_id:
            raise Conflict("该目录已有一项修改待主管部门审核，请待审核或退回后再改（第十三条） "
                           "(an edit of this item already awaits the authority's review)")
        raise Conflict(f"该目录已被他人修改（当前版本 {fresh.version}），请刷新后再改 "
                       f"(the item changed meanwhile; reload version {fresh.version})")
    return Saved(await _reload(ctx, current.id), await source_hints(ctx, item), revision)


async def pending_revision(ctx: Context, item: ItemRecord) -> RevisionRecord | None:
    """The item's edit awaiting review, for whoever may read its drafts (provider, authority, audit)."""
    if not item.pending_revision_id or not await allowed(ctx, "read_unpublished", "item", item=item):
        return None
    return (await repo.revisions_by_ids(ctx.store, [item.pending_revision_id])).get(item.pending_revision_id)


async def revision_changes(ctx: Context, revision: RevisionRecord) -> list[rules.FieldChange]:
    """第十三条: what the revision changes against the version in force, field by field."""
    current = await _load(ctx, revision.item_id)
    elements, scope = await ctx.loaders.elements.load(current.id), await ctx.loaders.item_scopes.load(current.id)
    themes = await ctx.loaders.item_themes.load(current.id)
    return rules.diff(repo.item_snapshot(current, elements, scope, themes), revision.snapshot)


async def pending_revisions(ctx: Context, skip: int, limit: int) -> tuple[int, list[RevisionRecord]]:
    """The city authority's work list (第十三条): edits of published items awaiting review, oldest first,
    of the items the caller may review."""
    ids = await repo.pending_revision_ids(ctx.store, REVIEW_LIST_ROWS)
    found = await repo.revisions_by_ids(ctx.store, ids)
    items = {item.id: item for item in await ctx.loaders.items.load_many([r.item_id for r in found.values()]) if item}
    auditor = await allowed(ctx, "audit", "catalog")  # auditors read every case (第三十八条)
    reviewable = [revision for revision_id in ids if (revision := found.get(revision_id)) and revision.item_id in items
                  and (auditor or await allowed(ctx, "review_item", "item",
                                                item=_with_editor(items[revision.item_id], revision)))]
    return len(reviewable), reviewable[skip:skip + limit]


def _with_editor(item: ItemRecord, revision: RevisionRecord) -> ItemRecord:
    """The item as the review rule sees it: whoever proposed the revision edited it (第十三条: nobody
    reviews an edit of their own)."""
    return dataclasses.replace(item, editors=item.editors | {revision.submitted_by})


async def review_revision(ctx: Context, item_id: str, accept: bool, comment: str) -> tuple[ItemRecord, RevisionRecord]:
    """第十三条: the city authority accepts a published item's pending revision — it becomes the new
    version, and grants its class or scope no longer covers are suspended in the same write — or
    returns it with comments (the published version stays)."""
    current = await _load(ctx, item_id)
    revision = await pending_revision(ctx, current)
    if revision is None:
        raise Conflict("该目录没有待审核的修改 (no edit of this item awaits review)")
    await require(ctx, "review_item", "item", item=_with_editor(current, revision))
    comment = comment.strip()
    if not accept:
        if not comment:
            raise Invalid.of("comment", "退回须写明修改意见 (a comment is required to return an edit)")
        event = audit.event(ctx, AuditAction.ITEM_REVISION_RETURN, AuditTargetKind.ITEM, item_id, code=current.code,
                            reason=comment, outcome=AuditOutcome.REJECTED,
                            before={"revisionId": revision.id, "status": RevisionStatus.PENDING},
                            after={"status": RevisionStatus.RETURNED, "reviewComment": comment})
        if not await repo.return_revision(ctx.store, item_id, revision.id, ctx.now, ctx.principal.user, comment, event):
            raise Conflict("该修改已被他人审核 (someone else reviewed this edit first)")
    else:
        await _accept_revision(ctx, current, revision, comment)
    revisions = await repo.revisions_by_ids(ctx.store, [revision.id])
    return await _reload(ctx, item_id), revisions[revision.id]


async def _accept_revision(ctx: Context, current: ItemRecord, revision: RevisionRecord, comment: str) -> None:
    """The revision's content, checked again by the rules in force now, written as the new version."""
    check = check_item(revision.content)
    problems = list(check.problems) + await _reference_problems(ctx, check)
    if check.item is not None:
        problems += await _name_problems(ctx, check.item, current.id)
    if problems:
        raise invalid_item(problems)
    assert check.item is not None
    item = check.item
    provider = await ctx.loaders.departments.load(current.provider_code)
    assert provider is not None
    elements, scope = await ctx.loaders.elements.load(current.id), await ctx.loaders.item_scopes.load(current.id)
    themes = await ctx.loaders.item_themes.load(current.id)
    before, after = changed(repo.item_snapshot(current, elements, scope, themes), repo.content_snapshot(item))
    held = await sharing_repo.grants_on_item(ctx.store, current.id)
    uncovered = sorted(grant.id for grant in held if grant.suspended_at is None and grant.expires_at > ctx.now
                       and not scope_covers(item.share_type, item.share_scope, item.share_scope_all, grant.consumer_code))
    closing = tuple(sorted(request_id for request_id, consumer in (await sharing_repo.open_requests(ctx.store, current.id)).items()
                           if not scope_covers(item.share_type, item.share_scope, item.share_scope_all, consumer)))
    event = audit.event(ctx, AuditAction.ITEM_REVISION_ACCEPT, AuditTargetKind.ITEM, current.id, code=current.code,
                        reason=comment or revision.reason, outcome=AuditOutcome.APPROVED,
                        before={"version": current.version, **before},
                        after={"version": current.version + 1, "revisionId": revision.id,
                               "proposedBy": revision.submitted_by, "suspendedGrants": uncovered,
                               **({"closedRequests": list(closing)} if closing else {}), **after})
    write = dataclasses.replace(await item_write(ctx, item, current.id, provider), by=revision.submitted_by)
    accepted = repo.AcceptedRevision(revision.id, ctx.principal.user, comment, len(held), closing)
    version = await repo.update_item(ctx.store, write, current, elements, scope, themes, current.version,
                                     revision.reason, event, accepted)
    if version is None:
        if await repo.namesake(ctx.store, item.provider_code, item.name, current.id):
            raise invalid_item(await _name_problems(ctx, item, current.id))
        raise Conflict("该修改已被他人审核，或目录及其授权已变化，请刷新后重新审核 "
                       "(someone else reviewed this edit first, or the item or its grants changed: review again)")


# ---- submit, review and code, publish (第十三条) -----------------------------------------------------


async def submit(ctx: Context, item_id: str, expected_version: int) -> ItemRecord:
    current = await _load(ctx, item_id)
    await may_compile_for(ctx, current.provider_code)
    try:
        rules.check_submittable(current.status)
    except rules.LifecycleError as exc:
        raise Conflict(str(exc)) from exc
    await _submittable(ctx, current)
    event = audit.event(ctx, AuditAction.ITEM_SUBMIT, AuditTargetKind.ITEM, item_id, code=current.code,
                        before={"status": current.status}, after={"status": ItemStatus.SUBMITTED})
    if not await repo.set_status(ctx.store, item_id, current.status, ItemStatus.SUBMITTED, expected_version,
                                 ctx.now, ctx.principal.user, event):
        raise Conflict("该目录已被他人修改或提交，请刷新 (the item changed meanwhile)")
    return await _reload(ctx, item_id)


async def _submittable(ctx: Context, current: ItemRecord) -> None:
    """第十一条, 第十三条: what goes to review is complete and accurate by the rules in force now.
    A draft saved under an earlier rule set (or written by a migration) is stopped here with every
    problem at once, named by field as on save, not passed on for the authority to return."""
    elements = await ctx.loaders.elements.load(current.id)
    scope, themes = await ctx.loaders.item_scopes.load(current.id), await ctx.loaders.item_themes.load(current.id)
    check = check_item(repo.item_snapshot(current, elements, scope, themes))
    problems = check.problems + await _reference_problems(ctx, check)
    if problems:
        raise invalid_item(problems)


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
    current = await ctx.loaders.items.load(request.item_id)
    revision = current.pending_revision_id if current else None  # 第十三条: an edit awaiting review ends too
    event = audit.event(ctx, AuditAction.WITHDRAWAL_DECIDE, AuditTargetKind.WITHDRAWAL, request_id,
                        reason=comment.strip(), outcome=AuditOutcome.APPROVED if approve else AuditOutcome.REJECTED,
                        before={"status": request.status, "itemStatus": ItemStatus.PUBLISHED},
                        after={"status": status, "itemId": request.item_id,
                               "itemStatus": ItemStatus.WITHDRAWN if approve else ItemStatus.PUBLISHED,
                               **({"closedRequests": closing} if closing else {}),
                               **({"closedRevision": revision} if approve and revision else {})})
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
         if rules.is_stale(row.update_cycle, row.data_updated_at, ctx.now, ctx.rules.staleness)),
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
    due = working_days_after(published_on, ctx.rules.catalog.change_event_working_days, ctx.calendar)  # 第十二条
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
