"""Bulk writes of generated catalogs and the demo's backdating (graph/cypher/common/seed/).

A generated item goes through the same property builder as create, update and import
(`graph.repos.lifecycle.item_properties`); a bulk load adds what it sets at once — the code of an
item loaded as published, its first version and its dates. Statements MERGE on keys derived from
the data, so loading twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from graph.repos.lifecycle import item_properties
from graph.store import GraphStore
from server.domain.instants import utc_iso
from server.domain.records.lifecycle import ItemWrite
from server.domain.values import ItemStatus


@dataclass(frozen=True, slots=True)
class BulkItem:
    """One generated item: its write (content, id, region, names it is found by, when), its code
    when loaded as published, and its status."""

    write: ItemWrite
    code: str | None
    status: ItemStatus


def element_id(item_id: str, seq: int) -> str:
    return f"{item_id}:{seq}"


async def write_items(store: GraphStore, items: Sequence[BulkItem], element_batch: int) -> int:
    """Writes a batch of items with their elements, themes, database and scope; returns how many
    elements were written."""
    item_rows, element_rows, theme_rows, database_rows, scope_rows = [], [], [], [], []
    for bulk in items:
        item, identifier = bulk.write.item, bulk.write.item_id
        props = item_properties(bulk.write, bulk.status)
        props.update(code=bulk.code, version=1, createdAt=props["updatedAt"], dataUpdatedAt=props["updatedAt"],
                     requestCount=0)
        item_rows.append({"id": identifier, "providerCode": item.provider_code, "props": props})
        for seq, element in enumerate(item.elements, start=1):
            row = element.to_graph()
            row.pop("sourceItemCode")
            row.update(id=element_id(identifier, seq), itemId=identifier, seq=seq)
            element_rows.append(row)
        theme_rows += [{"itemId": identifier, "themeCode": code} for code in item.theme_codes]
        if item.database_code:
            database_rows.append({"itemId": identifier, "databaseCode": item.database_code})
        scope_rows += [{"itemId": identifier, "departmentCode": code} for code in item.share_scope]
    await store.write("seed/upsert_items", rows=item_rows)
    for start in range(0, len(element_rows), element_batch):
        await store.write("seed/upsert_elements", rows=element_rows[start:start + element_batch])
    if theme_rows:
        await store.write("seed/link_item_themes", rows=theme_rows)
    if database_rows:
        await store.write("seed/link_item_databases", rows=database_rows)
    if scope_rows:
        await store.write("seed/link_item_scope", rows=scope_rows)
    return len(element_rows)


async def link_element_sources(store: GraphStore, links: Sequence[tuple[str, str]]) -> None:
    """第十五条 一数一源: (element id, id of the authoritative element) pairs."""
    await store.write("seed/link_element_sources",
                      rows=[{"elementId": element, "sourceElementId": source} for element, source in links])


async def backdate_items(store: GraphStore, stamps: Sequence[tuple[str, str, datetime]]) -> None:
    """(item id, provider code, instant): the item was created, submitted and last saved then."""
    rows = []
    for item_id, provider_code, at in stamps:
        stamp = utc_iso(at)
        rows.append({"id": item_id, "providerCode": provider_code,
                     "props": {"createdAt": stamp, "submittedAt": stamp, "updatedAt": stamp}})
    await store.write("seed/upsert_items", rows=rows)
