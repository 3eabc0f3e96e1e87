"""Shared fixtures: real engines, real tokens, the real ASGI app.

Every repository and API test runs on each reachable engine: the embedded FalkorDB
always, Neo4j when `MULU_NEO4J_URI` (or `NEO4J_URI`) is set — otherwise the Neo4j case is
skipped and pytest's summary shows why.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from graph.embedded import EmbeddedFalkorDB
from graph.falkordb_store import FalkorDBStore
from graph.store import GraphStore
from seed.load import load_demo
from server.app import create_app
from server.settings import Settings
from tests.helpers import make_settings

NEO4J_URI = os.environ.get("MULU_NEO4J_URI") or os.environ.get("NEO4J_URI")
ENGINES = ["falkordb", "neo4j"]


@pytest.fixture(scope="session")
def falkordb_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedFalkorDB]:
    engine = EmbeddedFalkorDB(tmp_path_factory.mktemp("falkordb"))
    engine.start()
    yield engine
    engine.stop()


def _neo4j_store() -> GraphStore:
    if not NEO4J_URI:
        pytest.skip("Neo4j not configured: set MULU_NEO4J_URI (and MULU_NEO4J_USER/MULU_NEO4J_PASSWORD) to run on Neo4j")
    from graph.neo4j_store import Neo4jStore

    return Neo4jStore(
        NEO4J_URI,
        os.environ.get("MULU_NEO4J_USER", os.environ.get("NEO4J_USER", "neo4j")),
        os.environ.get("MULU_NEO4J_PASSWORD", os.environ.get("NEO4J_PASSWORD", "")),
        os.environ.get("MULU_NEO4J_DATABASE", "neo4j"),
    )


async def _open(engine_name: str, falkordb_engine: EmbeddedFalkorDB, graph_name: str) -> GraphStore:
    if engine_name == "neo4j":
        store = _neo4j_store()
        await store.drop()
    else:
        store = FalkorDBStore(falkordb_engine.host, falkordb_engine.port, graph_name, embedded=falkordb_engine)
    await store.setup_schema()
    return store


@pytest.fixture(scope="session", params=ENGINES)
async def demo_store(request: pytest.FixtureRequest, falkordb_engine: EmbeddedFalkorDB) -> AsyncIterator[GraphStore]:
    """The demo catalog, loaded once per engine; tests must not change it."""
    store = await _open(request.param, falkordb_engine, "demo")
    store.load_report = await load_demo(store)  # type: ignore[attr-defined]
    yield store
    await store.close()


@pytest.fixture(params=ENGINES)
async def empty_store(request: pytest.FixtureRequest, falkordb_engine: EmbeddedFalkorDB) -> AsyncIterator[GraphStore]:
    """A fresh, empty graph with the schema set up, for tests that write.

    FalkorDB gives each test its own graph. Neo4j has one database, shared with the demo
    graph, so the test empties it and the demo catalog is loaded again afterwards.
    """
    store = await _open(request.param, falkordb_engine, f"t-{uuid.uuid4().hex[:12]}")
    yield store
    await store.drop()
    if request.param == "neo4j":
        await store.setup_schema()
        await load_demo(store)
    await store.close()


@pytest.fixture(scope="session")
def settings() -> Settings:
    return make_settings()


@pytest.fixture(scope="session")
async def client(demo_store: GraphStore, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """HTTP through the real ASGI app (lifespan included) over the demo catalog."""
    app = create_app(settings, store=demo_store)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://mulu.test") as http:
            yield http


