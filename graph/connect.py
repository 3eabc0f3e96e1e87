"""Opens the configured graph engine: Neo4j when `MULU_NEO4J_URI` is set, a running FalkorDB when
`MULU_FALKORDB_URL` is set, else the embedded FalkorDB."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlsplit

from graph.store import GraphStore


class EngineSettings(Protocol):
    """What opening an engine needs (server.settings.Settings has it; graph/ does not import the server)."""

    neo4j_uri: str | None
    neo4j_user: str
    neo4j_password: str
    neo4j_database: str
    neo4j_pool_size: int
    neo4j_connect_seconds: float
    neo4j_acquire_seconds: float
    neo4j_retry_seconds: float
    falkordb_url: str | None
    falkordb_port: int | None
    data_dir: Path
    graph_name: str
    engine_timeout_seconds: float
    engine_bulk_timeout_seconds: float


@asynccontextmanager
async def open_store(settings: EngineSettings, setup_schema: bool = True, attach: bool = False) -> AsyncIterator[GraphStore]:
    """Yields a ready store (schema set up) and closes it — and stops the embedded engine — on exit.
    With `attach` (the `mulu` commands beside a server: policy, audit, workdays), an embedded data
    directory that a running server holds is reached through that server's engine (the address its
    lock file records) instead of being refused as taken."""
    if settings.neo4j_uri:
        from graph.neo4j_store import Neo4jStore

        store = Neo4jStore(
            settings.neo4j_uri, settings.neo4j_user, settings.neo4j_password, settings.neo4j_database,
            pool_size=settings.neo4j_pool_size, connect_seconds=settings.neo4j_connect_seconds,
            acquire_seconds=settings.neo4j_acquire_seconds, retry_seconds=settings.neo4j_retry_seconds,
            **_limits(settings),
        )
        async with _ready(store, setup_schema) as ready:
            yield ready
        return

    from graph.embedded import EmbeddedFalkorDB
    from graph.falkordb_store import FalkorDBStore

    if settings.falkordb_url:
        host, port, password = falkordb_address(settings.falkordb_url)
        shared = FalkorDBStore(host, port, settings.graph_name, password=password, **_limits(settings))
        async with _ready(shared, setup_schema) as ready:
            yield ready
        return

    if attach:
        from graph.falkordb_snapshot import engine_password, running_engine

        engine_dir = settings.data_dir / "falkordb"
        found = running_engine(engine_dir)
        if found is not None:
            # The running server's password, from the 0600 file beside its lock: whoever can read
            # the data directory may attach, nobody else.
            beside = FalkorDBStore(found[0], found[1], settings.graph_name, password=engine_password(engine_dir),
                                   **_limits(settings))
            async with _ready(beside, setup_schema) as ready:
                yield ready
            return

    engine = EmbeddedFalkorDB(settings.data_dir / "falkordb", port=settings.falkordb_port)
    engine.start()
    try:
        embedded = FalkorDBStore(engine.host, engine.port, settings.graph_name, embedded=engine,
                                 password=engine.password, **_limits(settings))
        async with _ready(embedded, setup_schema) as ready:
            yield ready
    finally:
        engine.stop()


def falkordb_address(url: str) -> tuple[str, int, str | None]:
    """Host, port and password of `MULU_FALKORDB_URL` (``redis://[:password@]host[:port]``); the
    password is percent-decoded, as redis-py's own `from_url` does."""
    address = urlsplit(url)
    password = unquote(address.password) if address.password else None
    return address.hostname or "127.0.0.1", address.port or 6379, password


def _limits(settings: EngineSettings) -> dict[str, float]:
    """Each statement's limit: interactive, and inside bulk work (graph/store.py)."""
    return {
        "timeout_seconds": settings.engine_timeout_seconds,
        "bulk_timeout_seconds": settings.engine_bulk_timeout_seconds,
    }


@asynccontextmanager
async def _ready(store: GraphStore, setup_schema: bool) -> AsyncIterator[GraphStore]:
    try:
        if setup_schema:
            await store.setup_schema()
        yield store
    finally:
        await store.close()
