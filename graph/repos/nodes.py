"""Global ids: which kind of object an id names (graph/cypher/common/nodes/)."""

from __future__ import annotations

from graph.store import GraphStore
from server.domain.records.nodes import NodeKind, NodeRef

__all__ = ["NodeKind", "NodeRef", "kind"]


async def kind(store: GraphStore, node_id: str) -> NodeRef | None:
    rows = await store.read("nodes/kind", id=node_id)
    return NodeRef(kind=NodeKind(rows[0]["kind"]), id=node_id, owner_id=rows[0]["ownerId"]) if rows else None
