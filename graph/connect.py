"""Opens the configured graph engine: Neo4j when `MULU_NEO4J_URI` is set, else the embedded FalkorDB."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from graph.store import GraphStore
from server.settings import Settings


@asynccontextmanager
async def open_store(settings: Settings, setup_schema: bool = True) -> AsyncIterator[GraphStore]:
    """Yields a ready store (schema set up) and closes it — and stops the embedded engine — on exit."""
    if settings.neo4j_uri:
        from graph.neo4j_store import Neo4jStore

        store: GraphStore = Neo4jStore(
            settings.neo4j_uri, settings.neo4j_user, settings.neo4j_password, settings.neo4j_database
        )
        try:
            if setup_schema:
                await store.setup_schema()
            yield store
        finally:
            await store.close()
        return

    from graph.embedded import EmbeddedFalkorDB
    from graph.falkordb_store import FalkorDBStore

    engine = EmbeddedFalkorDB(settings.data_dir / "falkordb", port=settings.falkordb_port)
    engine.start()
    try:
        store = FalkorDBStore(engine.host, engine.port, settings.graph_name, embedded=engine)
        try:
            if setup_schema:
                await store.setup_schema()
            yield store
        finally:
            await store.close()
    finally:
        engine.stop()
