"""Repository contract: the same behaviour on both engines (the embedded FalkorDB and a real Neo4j)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph import queries
from graph.falkordb_store import UNIQUE_KEYS
from graph.store import ConstraintViolation, GraphStore
from seed import demo
from graph.repos import admin, reference_load
from seed.load import LoadReport, item_count, item_id, load_demo, load_reference


async def test_schema_setup_is_idempotent(empty_store: GraphStore) -> None:
    await empty_store.setup_schema()
    await empty_store.setup_schema()
    assert await empty_store.ping()


async def test_unique_keys_are_enforced(empty_store: GraphStore) -> None:
    departments = demo.demo_departments()[:1]
    report = LoadReport()
    await load_reference(empty_store, demo.demo_regions(), departments, [], [], report)
    # MERGE on the key never duplicates; a raw CREATE of the same key is refused by the constraint.
    with pytest.raises(ConstraintViolation):
        await reference_load.create_department(empty_store, departments[0])


def test_falkordb_unique_keys_match_neo4j_constraints() -> None:
    text = queries.load("schema/constraints", "neo4j")
    declared = set(re.findall(r"FOR \(\w+:(\w+)\) REQUIRE \w+\.(\w+) IS UNIQUE", text))
    assert declared == set(UNIQUE_KEYS)


async def test_demo_catalog_is_loaded_completely(demo_store: GraphStore) -> None:
    report: LoadReport = demo_store.load_report  # type: ignore[attr-defined]
    assert report.departments >= 40
    assert report.items >= 300 and report.elements >= 3000
    assert report.sources > 0 and not report.skipped_sources
    assert await item_count(demo_store) == report.items


async def test_loading_twice_changes_nothing(empty_store: GraphStore) -> None:
    first = await load_demo(empty_store)
    before = await _census(empty_store)
    events = (await admin.census(empty_store))["AuditEvent"]
    second = await load_demo(empty_store)
    assert (first.items, first.elements) == (second.items, second.elements)
    assert await _census(empty_store) == before
    # 第三十八条: the second load is on record all the same — one BULK_LOAD event for its reference
    # data; the catalog's items were unchanged, so they left none.
    assert (await admin.census(empty_store))["AuditEvent"] == events + 1
    async with empty_store.bulk_load():  # rewriting the engine's log changes nothing either
        pass
    assert await _census(empty_store) == before


async def _census(store: GraphStore) -> dict:
    """Nodes per label but the audit log's, and relationships."""
    census = {label: count for label, count in (await admin.census(store)).items() if label not in ("AuditEvent", "AuditLog")}
    return census | {"relationships": await admin.relationship_count(store)}


async def test_item_projection_and_elements(demo_store: GraphStore) -> None:
    identifier = item_id("140500-GAJ", "居民身份证信息")
    [row] = await demo_store.read("catalog/items_by_ids", ids=[identifier])
    item = row["item"]
    assert item["name"] == "居民身份证信息" and item["status"] == "PUBLISHED"
    assert item["code"].startswith("140500-GAJ/")
    assert "searchName" not in item
    [elements] = await demo_store.read("catalog/elements_by_items", ids=[identifier])
    names = [e["name"] for e in elements["elements"]]
    assert "公民身份号码" in names and "姓名" in names


async def test_one_source_links_point_to_the_authoritative_item(demo_store: GraphStore) -> None:
    source = item_id("140500-GAJ", "居民身份证信息")
    rows = await demo_store.read("catalog/elements_sourced_from_item", itemId=source)
    assert rows, "other departments' 公民身份号码 point at 市公安局's item"
    assert all(row["providerCode"] != "140500-GAJ" for row in rows)


async def test_department_page_and_counts(demo_store: GraphStore) -> None:
    [page] = await demo_store.read("departments/page", regionCode="140500", skip=0, limit=10)
    assert page["total"] >= 30 and len(page["codes"]) == 10
    counts = await demo_store.read("departments/item_counts", codes=page["codes"])
    assert {row["code"] for row in counts} == set(page["codes"])
    assert all(row["totalCount"] >= row["ownCount"] >= 0 for row in counts)


def test_docker_compose_runs_the_neo4j_the_tests_run() -> None:
    """Production (docker-compose.yml) and the tests (tools/neo4j/pom.xml) pin one Neo4j version."""
    repo = Path(__file__).resolve().parent.parent
    tested = re.search(r"<neo4j.version>([\d.]+)</neo4j.version>", (repo / "tools/neo4j/pom.xml").read_text())
    deployed = re.search(r"image: neo4j:([\d.]+)-community", (repo / "docker-compose.yml").read_text())
    assert tested and deployed and tested.group(1) == deployed.group(1)
    assert tested.group(1).startswith("5.26."), "Neo4j 5 LTS, as DESIGN.md and the README say"


async def test_a_global_id_names_one_kind_of_object(demo_store: GraphStore) -> None:
    """node(id:): the kind and owner of an id, from one statement of unique-key lookups."""
    from graph.repos import catalog, nodes
    from server.domain.records.nodes import NodeKind

    seal = item_id("140500-GAJ", "印章刻制备案信息")
    assert await nodes.kind(demo_store, seal) == nodes.NodeRef(NodeKind.CATALOG_ITEM, seal, seal)
    element = (await catalog.elements_by_items(demo_store, [seal]))[seal][0]
    assert await nodes.kind(demo_store, element.id) == nodes.NodeRef(NodeKind.DATA_ELEMENT, element.id, seal)
    assert (await nodes.kind(demo_store, "140500-GAJ")).kind is NodeKind.DEPARTMENT  # type: ignore[union-attr]
    assert await nodes.kind(demo_store, "no-such-id") is None
