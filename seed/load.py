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

from graph.repos import admin, reference_load
from graph.repos import seed as seed_repo
from graph.repos.lifecycle import set_code_sequences
from graph.repos.seed import BulkItem, element_id
from graph.store import GraphStore
from seed import demo
from seed.generator import generate_items
from seed.submissions import submit_demo_catalogs
from server.domain.coding import catalog_code, code_sequence_key, stable_item_id as item_id
from server.domain.models import CatalogItem, Database, Department, Region, Theme
from server.domain.records.audit import AuditAction, AuditTargetKind
from server.domain.records.lifecycle import ItemWrite
from server.domain.values import ItemStatus
from server.services import audit
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


async def load_reference(
    store: GraphStore,
    regions: list[Region],
    departments: list[Department],
    themes: list[Theme],
    databases: list[Database],
    report: LoadReport,
) -> None:
    await reference_load.upsert_regions(store, regions)
    await reference_load.link_regions(store, regions)
    await reference_load.upsert_departments(store, departments)
    await reference_load.link_departments(store, departments)
    await reference_load.upsert_themes(store, themes)
    await reference_load.link_themes(store, themes)
    await reference_load.upsert_databases(store, databases)
    report.regions, report.departments = len(regions), len(departments)
    report.themes, report.databases = len(themes), len(databases)
    await _record_bulk_load(store, "reference", regions=len(regions), departments=len(departments),
                            themes=len(themes), databases=len(databases))


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
        bulk: list[BulkItem] = []
        for count, item in enumerate(batch):
            if count % 50 == 0:
                await asyncio.sleep(0)  # let the write in flight send its next statement
            identifier = item_id(item.provider_code, item.name)
            key = (item.provider_code, item.category.value)
            sequences[key] = sequences.get(key, 0) + 1
            bulk.append(_bulk_item(item, identifier, reference, sequences[key], status))
            names: dict[str, str] = {}
            for seq, element in enumerate(item.elements, start=1):
                written_id = element_id(identifier, seq)
                names[element.name] = written_id
                names.setdefault(element.code.upper(), written_id)
                if element.source_item_code:
                    pending_sources.append((written_id, element.source_item_code, element.name, element.code.upper()))
            elements_by_item[f"{item.provider_code}/{item.name}"] = names
        if writing is not None:
            await writing
        writing = asyncio.create_task(_write_batch(store, bulk, report))
        await asyncio.sleep(0)
    if writing is not None:
        await writing

    if status is ItemStatus.PUBLISHED and sequences:
        # 第十三条: codes handed out here are never handed out again by the review step.
        await set_code_sequences(store, {
            code_sequence_key(provider, category): value for (provider, category), value in sequences.items()
        })
    source_rows = []
    for linked_id, source_key, name, code in pending_sources:
        source_elements = elements_by_item.get(source_key, {})
        source_id = source_elements.get(name) or source_elements.get(code)
        if source_id and source_id != linked_id:
            source_rows.append((linked_id, source_id))
        else:
            report.skipped_sources.append(f"{source_key}:{name}")
    for chunk in _batches(source_rows, ELEMENT_BATCH):
        await seed_repo.link_element_sources(store, chunk)
    report.sources = len(source_rows)
    await _record_bulk_load(store, "items", items=report.items, elements=report.elements, status=status.value,
                            codeSequences=len(sequences), sources=report.sources)


async def _record_bulk_load(store: GraphStore, what: str, **counts: object) -> None:
    """第三十八条: a bulk load writes outside the services, so it leaves one event for the whole load
    (who ran it, what and how many), appended once the load is in."""
    await audit.record_operation(store, audit.command_event(
        AuditAction.BULK_LOAD, AuditTargetKind.GRAPH, what, after=counts,
        reason=f"批量载入 (bulk load): {what}"))


async def _write_batch(store: GraphStore, bulk: list[BulkItem], report: LoadReport) -> None:
    report.elements += await seed_repo.write_items(store, bulk, ELEMENT_BATCH)
    report.items += len(bulk)


def _bulk_item(item: CatalogItem, identifier: str, reference: Reference, sequence: int, status: ItemStatus) -> BulkItem:
    """A generated item as the bulk write takes it: the same property builder as create, update
    and import (graph/repos/seed.py), plus its code and the dates of an item published on its 发布日期."""
    provider = reference.departments[item.provider_code]
    published = item.published_on
    stamp = datetime.combine(published, time(9, 0), SHANGHAI) if published else None
    code = catalog_code(item.provider_code, item.category, sequence) if status is ItemStatus.PUBLISHED else None
    write = ItemWrite(
        item=item, item_id=identifier, region_code=provider.region_code,
        region_level=reference.region_levels.get(provider.region_code),
        findable_by=(
            provider.name,
            *(reference.theme_names.get(theme, "") for theme in item.theme_codes),
            reference.database_names.get(item.database_code or "", ""),
            *(c for c in [code] if c),
        ),
        at=stamp,
    )
    return BulkItem(write=write, code=code, status=status)


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
    return await admin.count_items(store)
