"""Bulk import and export of the catalog (第九条, 第二十一条 cascade exchange).

Import: the spreadsheet is parsed and validated completely first (row, column, reason); then
every reference and permission is checked; only then is everything saved in one statement —
a file is applied whole or not at all, and the same file twice changes nothing. Export writes
the same template, so a round trip is lossless, and DCAT JSON-LD for other platforms.

An import never stalls the server: whether the caller may import at all is asked before the
file is read (`may_import`); parsing and validation are linear in the rows and run in a worker
thread, one file at a time, so the event loop keeps answering (/healthz within 100 ms while
20,000 element rows are read); a file over MULU_MAX_IMPORT_ROWS or MULU_MAX_IMPORT_BYTES is
refused whole (ImportTooLarge, HTTP 413).
"""

from __future__ import annotations

import asyncio

from dataclasses import dataclass, field
from functools import partial
from typing import Any

import anyio.to_thread

from graph.repos import lifecycle as repo
from server.context import Context
from server.heap import few_full_collections
from server.domain import catalog_template, dcat
from server.domain.audit import changed
from server.domain.coding import stable_item_id
from server.domain.grading import grading_problems
from server.domain.errors import DomainError
from server.domain.instants import utc_iso
from server.domain.models import CatalogItem
from server.domain.records.audit import AuditAction, AuditEvent, AuditTargetKind
from server.domain.records.catalog import DepartmentRecord, ItemFacts
from server.domain.records.lifecycle import ExportedItem
from server.domain.values import ItemStatus
from server.services import audit
from server.services.authorization import require
from server.services.lifecycle import may_compile_for, item_write

OVERWRITABLE = (ItemStatus.DRAFT, ItemStatus.RETURNED)


@dataclass
class ImportReport:
    items: int = 0
    saved: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)  # 「目录 第3行「共享属性」：…」


# Parsing is CPU-bound: in a worker thread the event loop still gets the GIL every few
# milliseconds, but two files parsed at once would share it three ways. One at a time; the
# next waits off the loop.
_PARSING = anyio.CapacityLimiter(1)


async def may_import(ctx: Context) -> None:
    """第六条, 第九条: importing compiles drafts, so only who may compile imports. Asked of the
    policy for the caller's own department (whoever compiles for a unit compiles for the
    department it belongs to: `own_or_unit`) before the file is read; every provider named in
    the file is checked again once it is parsed (may_compile_for)."""
    await require(ctx, "compile", "item", item=ItemFacts(provider_code=ctx.principal.department_code))


async def parse_file(ctx: Context, filename: str, data: bytes) -> catalog_template.ParseResult:
    """The file's items or its errors, read in a worker thread within this deployment's limits;
    raises ImportTooLarge over them."""
    limits = catalog_template.ImportLimits(rows=ctx.settings.max_import_rows, bytes=ctx.settings.max_import_bytes)
    return await anyio.to_thread.run_sync(partial(catalog_template.parse, filename, data, limits), limiter=_PARSING)


async def import_file(ctx: Context, filename: str, data: bytes) -> ImportReport:
    await may_import(ctx)  # here too, so every caller (the edge, the seed) passes the one check first
    with few_full_collections():  # the server keeps answering meanwhile (server/heap.py)
        return await _import_file(ctx, filename, data)


async def _import_file(ctx: Context, filename: str, data: bytes) -> ImportReport:
    parsed = await parse_file(ctx, filename, data)
    items = parsed.items
    report = ImportReport(items=len(items))
    # The graph's problems are looked for even when cells are wrong: every problem at once (第十一条).
    problems, providers = await _check(ctx, parsed.named, parsed.scope_codes)
    problems += [f"目录“{item.name}”（{item.provider_code}）{problem.field}：{problem.message}"
                 for item in items for problem in grading_problems(item, ctx.rules.grading)]  # 第三十五条
    if parsed.errors or problems:
        report.errors = [str(error) for error in parsed.errors] + problems
        return report
    writes = [
        await item_write(ctx, item, stable_item_id(item.provider_code, item.name), providers[item.provider_code])
        for item in items
    ]
    existing = await _imported_over(ctx, [write.item_id for write in writes])
    audits = await asyncio.to_thread(  # a whole file's contents: off the event loop (issue 11, point 7)
        lambda: [_import_event(ctx, filename, write.item, write.item_id, existing.get(write.item_id)) for write in writes])
    saved = await repo.import_drafts(ctx.store, writes, ctx.now, ctx.principal.user, existing, audits)
    for identifier in saved:
        ctx.loaders.forget_item(identifier)
    report.saved, report.unchanged = len(saved), len(items) - len(saved)
    return report


async def _imported_over(ctx: Context, ids: list[str]) -> dict[str, repo.ImportedOver]:
    """The drafts an import replaces, as they are now: kept as earlier versions (第十三条) and
    compared with the file for the audit events (第三十八条)."""
    current = [item for item in await ctx.loaders.items.load_many(ids) if item is not None]
    found = [item.id for item in current]
    elements = await ctx.loaders.elements.load_many(found)
    scopes = await ctx.loaders.item_scopes.load_many(found)
    themes = await ctx.loaders.item_themes.load_many(found)
    return {item.id: repo.ImportedOver(item, e, s, t) for item, e, s, t in zip(current, elements, scopes, themes)}


def _import_event(ctx: Context, filename: str, item: CatalogItem, item_id: str,
                  over: repo.ImportedOver | None) -> AuditEvent:
    """One imported item's event: its whole content when new, the changed fields over a draft."""
    content = repo.content_snapshot(item)
    if over is None:
        before, after = {}, {"status": ItemStatus.DRAFT, **content}
    else:
        before, after = changed(repo.item_snapshot(over.current, over.elements, over.scope, over.themes), content)
        before, after = {"version": over.current.version, **before}, {"version": over.current.version + 1, **after}
    return audit.event(ctx, AuditAction.ITEM_IMPORT, AuditTargetKind.ITEM, item_id, code=over.current.code if over else None,
                       reason=f"导入文件 (imported from) {filename}", before=before, after=after)


async def _check(ctx: Context, named: list[tuple[str, str]],
                 scope_codes: list[str]) -> tuple[list[str], dict[str, DepartmentRecord]]:
    """Everything that needs the graph, for the items the file names (provider code, name) and
    the departments of their share scopes: who may compile for whom, that every department
    exists, and that nothing is overwritten; the problems, and the providers the caller may
    compile for."""
    problems: list[str] = []
    providers: dict[str, DepartmentRecord] = {}
    for code in sorted({provider for provider, _ in named}):
        try:
            providers[code] = await may_compile_for(ctx, code)
        except DomainError as exc:
            problems.append(f"提供部门编码 {code}：{exc.message}")
    for code, department in zip(scope_codes, await ctx.loaders.departments.load_many(scope_codes)):
        if department is None:
            problems.append(f"共享范围：部门 {code} 不存在 (no such department)")
    # only the caller's own departments' items: another department's item states do not leak
    ids = [stable_item_id(provider, name) for provider, name in named if provider in providers]
    for state in await repo.item_states(ctx.store, ids):
        if state.status not in OVERWRITABLE:
            problems.append(_not_overwritable(state.name, state.provider_code, state.status))
    return problems, providers


def _not_overwritable(name: str, provider_code: str, status: ItemStatus) -> str:
    """Why an import does not replace an item under review or published: the status is named
    by its label as it is (“已发布”, “待审核”) — never put after a 已 of the sentence's own, which
    read “已已发布” and “已待审核”."""
    return (f"目录“{name}”（{provider_code}）当前状态为“{status.label}”，不能用导入覆盖，请在系统中修改 "
            f"(the item is {status.value}: edit it instead of importing)")


async def export_items(ctx: Context, department_code: str | None, published_only: bool) -> list[ExportedItem]:
    """Published items for anyone; drafts and items under review only for the department's
    officers, the competent authority and audit (第十三条)."""
    statuses = [ItemStatus.PUBLISHED] if published_only else [s for s in ItemStatus if s is not ItemStatus.WITHDRAWN]
    if not published_only:
        await require(ctx, "read_unpublished", "item", item=ItemFacts(provider_code=department_code or ""))
    return await repo.export_items(ctx.store, department_code, statuses)


async def export_file(ctx: Context, department_code: str | None, fmt: str, published_only: bool) -> bytes:
    items = [exported.item for exported in await export_items(ctx, department_code, published_only)]
    return catalog_template.WRITERS[fmt](items)


def _dcat_entry(exported: ExportedItem) -> dict[str, Any]:
    """An item in the form `dcat.dcat_catalog` reads: the domain model's fields by their names,
    and what an export adds (id, code, status, when the entry last changed, the provider's name)."""
    return {
        **exported.item.to_graph(), "id": exported.id, "code": exported.code, "status": exported.status.value,
        "updatedAt": utc_iso(exported.updated_at) if exported.updated_at else None,
        "providerName": exported.provider_name,
    }


async def export_dcat(ctx: Context, department_code: str | None, base_uri: str) -> dict:
    items = await export_items(ctx, department_code, published_only=True)
    return dcat.dcat_catalog([_dcat_entry(exported) for exported in items], base_uri)
