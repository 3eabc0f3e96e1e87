"""Loads a catalog (the demo, or a generated one of any size) into the graph, idempotently.

* :func:`load_demo` — the Jincheng demo: the reference files of seed/demo/ (regions,
  departments, themes, databases) through the reference statements below, then every
  department's catalog file through the services a department's upload goes through: imported
  by its data officer, submitted, reviewed and published by the city authority
  (seed/submissions.py).
* :func:`load_generated` — the same reference data plus `count` generated items written
  straight through bulk statements (benchmarks: ``mulu seed --items 100000``). Every statement
  MERGEs on a key derived from the data itself (item id = uuid5 of provider and name), and rows
  go in batches through ``UNWIND``, which is what makes a 1,000,000-element load take minutes.

Either way, loading the same catalog twice changes nothing.
"""

from __future__ import annotations

import asyncio

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, time
from itertools import islice
from zoneinfo import ZoneInfo

from graph.store import GraphStore
from seed import demo
from seed.generator import generate_items
from seed.submissions import submit_demo_catalogs
from server.domain.coding import catalog_code, code_sequence_key, stable_item_id as item_id
from server.domain.instants import utc_iso
from server.domain.models import CatalogItem, Database, Department, Region, Theme
from server.domain.search_text import document_text
from server.domain.values import ItemStatus
from server.settings import Settings

SHANGHAI = ZoneInfo("Asia/Shanghai")
ITEM_BATCH = 500
ELEMENT_BATCH = 5000


@dataclass
class LoadReport:
    regions: int = 0
    departments: int = 0
    themes: int = 0
    databases: int = 0
    items: int = 0
    elements: int = 0
    sources: int = 0
    skipped_sources: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Reference:
    """Names and levels the loader denormalises onto items, for filters and search tokens."""

    departments: dict[str, Department]
    region_levels: dict[str, str]
    theme_names: dict[str, str]
    database_names: dict[str, str]

    @classmethod
    def of(
        cls, regions: list[Region], departments: list[Department], themes: list[Theme], databases: list[Database]
    ) -> "Reference":
        return cls(
            departments={d.code: d for d in departments},
            region_levels={r.code: r.level.value for r in regions},
            theme_names={t.code: t.name for t in themes},
            database_names={b.code: b.name for b in databases},
        )


def department_row(department: Department) -> dict:
    row = department.to_graph()
    officer = row.pop("dataOfficer")
    row.update(
        dataOfficerName=officer["name"],
        dataOfficerPhone=officer["phone"],
        dataOfficerEmail=officer.get("email"),
    )
    return row


async def load_reference(
    store: GraphStore,
    regions: list[Region],
    departments: list[Department],
    themes: list[Theme],
    databases: list[Database],
    report: LoadReport,
) -> None:
    region_rows = [region.to_graph() for region in regions]
    await store.write("seed/upsert_regions", rows=region_rows)
    await store.write("seed/link_regions", rows=[r for r in region_rows if r["parentCode"]])
    department_rows = [department_row(d) for d in departments]
    await store.write("seed/upsert_departments", rows=department_rows)
    await store.write("seed/link_departments", rows=[d for d in department_rows if d["parentCode"]])
    theme_rows = [theme.to_graph() for theme in themes]
    await store.write("seed/upsert_themes", rows=theme_rows)
    await store.write("seed/link_themes", rows=[t for t in theme_rows if t["parentCode"]])
    await store.write("seed/upsert_databases", rows=[b.to_graph() for b in databases])
    report.regions, report.departments = len(regions), len(departments)
    report.themes, report.databases = len(themes), len(databases)


async def load_items(
    store: GraphStore,
    items: Iterable[CatalogItem],
    reference: Reference,
    report: LoadReport,
    status: ItemStatus = ItemStatus.PUBLISHED,
) -> None:
    """Loads published items with their elements, themes, databases, scopes and sources."""
    sequences: dict[tuple[str, str], int] = {}
    # 一数一源 links are resolved after every item is in: (element id, "provider/name", element name, code).
    pending_sources: list[tuple[str, str, str, str]] = []
    elements_by_item: dict[str, dict[str, str]] = {}

    # The engine writes batch k while Python builds (tokenises) batch k+1: on two cores the two
    # halves of the work overlap instead of taking turns.
    writing: asyncio.Task | None = None
    for batch in _batches(items, ITEM_BATCH):
        item_rows, element_rows, theme_rows, database_rows, scope_rows = [], [], [], [], []
        for count, item in enumerate(batch):
            if count % 50 == 0:
                await asyncio.sleep(0)  # let the write in flight send its next statement
            identifier = item_id(item.provider_code, item.name)
            key = (item.provider_code, item.category.value)
            sequences[key] = sequences.get(key, 0) + 1
            item_rows.append({
                "id": identifier,
                "providerCode": item.provider_code,
                "props": _item_props(item, identifier, reference, sequences[key], status),
            })
            names: dict[str, str] = {}
            for seq, element in enumerate(item.elements, start=1):
                element_id = f"{identifier}:{seq}"
                row = element.to_graph()
                source = row.pop("sourceItemCode")
                row.update(id=element_id, itemId=identifier, seq=seq)
                element_rows.append(row)
                names[element.name] = element_id
                names.setdefault(element.code.upper(), element_id)
                if source:
                    pending_sources.append((element_id, source, element.name, element.code.upper()))
            elements_by_item[f"{item.provider_code}/{item.name}"] = names
            theme_rows += [{"itemId": identifier, "themeCode": code} for code in item.theme_codes]
            if item.database_code:
                database_rows.append({"itemId": identifier, "databaseCode": item.database_code})
            scope_rows += [{"itemId": identifier, "departmentCode": code} for code in item.share_scope]
        if writing is not None:
            await writing
        writing = asyncio.create_task(
            _write_batch(store, item_rows, element_rows, theme_rows, database_rows, scope_rows, report)
        )
        await asyncio.sleep(0)
    if writing is not None:
        await writing

    if status is ItemStatus.PUBLISHED and sequences:
        # 第十三条: codes handed out here are never handed out again by the review step.
        await store.write("lifecycle/set_code_sequences", rows=[
            {"key": code_sequence_key(provider, category), "value": value}
            for (provider, category), value in sequences.items()
        ])
    source_rows = []
    for element_id, source_key, name, code in pending_sources:
        source_elements = elements_by_item.get(source_key, {})
        source_id = source_elements.get(name) or source_elements.get(code)
        if source_id and source_id != element_id:
            source_rows.append({"elementId": element_id, "sourceElementId": source_id})
        else:
            report.skipped_sources.append(f"{source_key}:{name}")
    for chunk in _batches(source_rows, ELEMENT_BATCH):
        await store.write("seed/link_element_sources", rows=chunk)
    report.sources = len(source_rows)


async def _write_batch(
    store: GraphStore, item_rows: list, element_rows: list, theme_rows: list, database_rows: list,
    scope_rows: list, report: LoadReport,
) -> None:
    await store.write("seed/upsert_items", rows=item_rows)
    for chunk in _batches(element_rows, ELEMENT_BATCH):
        await store.write("seed/upsert_elements", rows=chunk)
    for name, rows in (
        ("seed/link_item_themes", theme_rows),
        ("seed/link_item_databases", database_rows),
        ("seed/link_item_scope", scope_rows),
    ):
        if rows:
            await store.write(name, rows=rows)
    report.items += len(item_rows)
    report.elements += len(element_rows)


def _item_props(
    item: CatalogItem,
    identifier: str,
    reference: Reference,
    sequence: int,
    status: ItemStatus,
) -> dict:
    props = item.to_graph()
    for nested in ("elements", "shareScope"):
        props.pop(nested)
    provider = reference.departments[item.provider_code]
    published = item.published_on
    stamp = utc_iso(datetime.combine(published, time(9, 0), SHANGHAI)) if published else None
    code = catalog_code(item.provider_code, item.category, sequence) if status is ItemStatus.PUBLISHED else None
    props.update(
        id=identifier,
        code=code,
        status=status.value,
        version=1,
        regionCode=provider.region_code,
        regionLevel=reference.region_levels.get(provider.region_code),
        createdAt=stamp,
        updatedAt=stamp,
        dataUpdatedAt=stamp,
        elementCount=len(item.elements),
        requestCount=0,
        **document_text(
            item.name, item.summary, [e.name for e in item.elements],
            extra=[
                provider.name,
                *(reference.theme_names.get(theme, "") for theme in item.theme_codes),
                reference.database_names.get(item.database_code or "", ""),
                *(c for c in [code] if c),
            ],
        ),
    )
    return props


def _batches(rows: Iterable, size: int) -> Iterator[list]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


async def load_demo(store: GraphStore, settings: Settings | None = None) -> LoadReport:
    """The Jincheng demo catalog (seed/demo/), every item published through the services.

    `settings` gives the catalog code scheme the review applies (第十三条); by default the
    built-in one, which the demo's codes are written against (not the environment's)."""
    report = LoadReport()
    await _load_demo_reference(store, report)
    submitted = await submit_demo_catalogs(store, settings or Settings.model_construct())
    if submitted.published or submitted.linked_later:
        # Each item was written several times (imported, submitted, published): on FalkorDB the
        # search scores count the replaced versions until the engine's own clean-up, so the
        # full-text index is rebuilt once, now (graph/cypher/falkordb/schema/rebuild_search_index).
        await store.refresh_search_index()
    _count_demo_items(report, submitted.links)
    return report


def _count_demo_items(report: LoadReport, links: dict[str, dict[str, str | None]]) -> None:
    """The report's item, element and 一数一源 figures, from the demo's items as the graph links them now."""
    items = [item for _, _, items in demo.shared_catalogs() for item in items]
    report.items = len(items)
    report.elements = sum(len(item.elements) for item in items)
    report.sources, report.skipped_sources = 0, []
    for item in items:
        linked = links.get(item_id(item.provider_code, item.name), {})
        for element in item.elements:
            if not element.source_item_code:
                continue
            if linked.get(element.code.upper()):
                report.sources += 1
            else:
                report.skipped_sources.append(f"{element.source_item_code}:{element.name}")


async def load_generated(store: GraphStore, count: int, seed: int = 0) -> LoadReport:
    """The demo's reference data plus `count` generated items (benchmarks: `mulu seed --items 100000`)."""
    report = LoadReport()
    reference = await _load_demo_reference(store, report)
    await load_items(store, generate_items(count, seed=seed), reference, report)
    return report


async def _load_demo_reference(store: GraphStore, report: LoadReport) -> Reference:
    regions, departments = demo.demo_regions(), demo.demo_departments()
    themes, databases = demo.demo_themes(), demo.demo_databases()
    await load_reference(store, regions, departments, themes, databases, report)
    return Reference.of(regions, departments, themes, databases)


async def item_count(store: GraphStore) -> int:
    rows = await store.read("seed/count_items")
    return rows[0]["items"] if rows else 0
