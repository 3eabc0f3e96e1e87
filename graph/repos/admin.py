"""What the graph holds, counted (graph/cypher/common/admin/): load reports, benchmarks, tests."""

from __future__ import annotations

from graph.store import GraphStore


async def census(store: GraphStore) -> dict[str, int]:
    """Nodes per label (each node counted under its first label)."""
    return {row["label"]: row["count"] for row in await store.read("admin/census")}


async def relationship_count(store: GraphStore) -> int:
    rows = await store.read("admin/relationship_count")
    return rows[0]["count"] if rows else 0


async def count_items(store: GraphStore) -> int:
    """Catalog items of every status (graph/cypher/common/seed/count_items)."""
    rows = await store.read("seed/count_items")
    return rows[0]["items"] if rows else 0
