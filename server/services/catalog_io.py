"""Bulk import and export of the catalog (第九条, 第二十一条 cascade exchange).

Import: the spreadsheet is parsed and validated completely first (row, column, reason); then
every reference and permission is checked; only then is everything saved in one statement —
a file is applied whole or not at all, and the same file twice changes nothing. Export writes
the same template, so a round trip is lossless, and DCAT JSON-LD for other platforms.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.store import Row
from server.context import Context
from server.domain import catalog_template, dcat
from server.domain.coding import stable_item_id
from server.domain.instants import utc_iso
from server.domain.models import CatalogItem
from server.domain.values import ItemStatus
from server.domain.errors import DomainError
from server.services.authorization import require
from server.services.lifecycle import _element_rows, _links, _may_compile_for, findable_by, item_properties, sources_of
from server.services.reference import region_level

OVERWRITABLE = {ItemStatus.DRAFT.value, ItemStatus.RETURNED.value}


@dataclass
class ImportReport:
    items: int = 0
    saved: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)  # 「目录 第3行「共享属性」：…」


async def import_file(ctx: Context, filename: str, data: bytes) -> ImportReport:
    parsed = catalog_template.parse(filename, data)
    if not parsed.ok:
        return ImportReport(errors=[str(error) for error in parsed.errors])
    items = parsed.items
    report = ImportReport(items=len(items))
    problems = await _check(ctx, items)
    if problems:
        report.errors = problems
        return report
    departments = await ctx.row_loaders.departments.load_many(list({item.provider_code for item in items}))
    names = {row["code"]: row for row in departments if row}
    rows = [
        _import_row(ctx, item, names[item.provider_code], await region_level(ctx, names[item.provider_code]["regionCode"]),
                    await sources_of(ctx, item), await findable_by(ctx, item, names[item.provider_code]))
        for item in items
    ]
    [result] = await ctx.store.write("lifecycle/import_drafts", items=rows, now=utc_iso(ctx.now), actor=ctx.principal.user)
    saved = set(result["saved"])
    report.saved, report.unchanged = len(saved), len(items) - len(saved)
    return report


async def _check(ctx: Context, items: list[CatalogItem]) -> list[str]:
    """Everything that needs the graph: who may compile for whom, and that nothing is overwritten."""
    problems: list[str] = []
    refused: set[str] = set()
    for provider in sorted({item.provider_code for item in items}):
        try:
            await _may_compile_for(ctx, provider)
        except DomainError as exc:
            refused.add(provider)
            problems.append(f"提供部门编码 {provider}：{exc.message}")
    scope_codes = sorted({code for item in items for code in item.share_scope})
    for code, row in zip(scope_codes, await ctx.row_loaders.departments.load_many(scope_codes)):
        if row is None:
            problems.append(f"共享范围：部门 {code} 不存在 (no such department)")
    # only the caller's own departments' items: another department's item states do not leak
    ids = [stable_item_id(item.provider_code, item.name) for item in items if item.provider_code not in refused]
    states = await ctx.store.read("lifecycle/item_states", ids=ids)
    for state in states:
        if state["status"] not in OVERWRITABLE:
            problems.append(
                f"目录“{state['name']}”（{state['providerCode']}）已{ItemStatus(state['status']).label}，"
                f"不能用导入覆盖，请在系统中修改 (already {state['status']}: edit it instead of importing)"
            )
    return problems


def _import_row(ctx: Context, item: CatalogItem, provider: Row, level: str | None, sources: dict[str, str],
                extra: list[str]) -> dict:
    identifier = stable_item_id(item.provider_code, item.name)
    props = item_properties(item, identifier, provider, level, ItemStatus.DRAFT, ctx, extra)
    props.pop("status")  # a new item becomes a draft; a returned one stays returned
    return {"props": props, "elements": _element_rows(item, identifier, {}, sources), **_links(item)}


async def export_rows(ctx: Context, department_code: str | None, published_only: bool) -> list[Row]:
    statuses = [ItemStatus.PUBLISHED.value] if published_only else [s.value for s in ItemStatus if s is not ItemStatus.WITHDRAWN]
    if not published_only:  # drafts: the department's officers, the competent authority, audit
        await require(ctx, "read_unpublished", "item", item={"providerCode": department_code})
    return await ctx.store.read("lifecycle/export_items", providerCode=department_code, statuses=statuses)


def to_model(row: Row) -> CatalogItem:
    item = row["item"]
    data = {key: value for key, value in item.items() if key not in ("id", "code", "status", "updatedAt") and value is not None}
    data["shareScope"] = sorted(row["scope"])
    data["elements"] = [
        {key: element.get(key) for key in ("name", "code", "type", "length", "description", "sensitivity",
                                           "maskingRule", "verifyOnly", "withheld") if element.get(key) is not None}
        | ({"sourceItemCode": element["sourceKey"]} if element.get("sourceKey") else {})
        for element in row["elements"]
    ]
    return CatalogItem.model_validate(data)


async def export_file(ctx: Context, department_code: str | None, fmt: str, published_only: bool) -> bytes:
    items = [to_model(row) for row in await export_rows(ctx, department_code, published_only)]
    return catalog_template.WRITERS[fmt](items)


async def export_dcat(ctx: Context, department_code: str | None, base_uri: str) -> dict:
    rows = await export_rows(ctx, department_code, published_only=True)
    flat = [
        {**row["item"], "providerName": row["providerName"], "elements": row["elements"]}
        for row in rows
    ]
    return dcat.dcat_catalog(flat, base_uri)
