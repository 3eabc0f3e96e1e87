"""Shared fixtures: real engines, real tokens, the real ASGI app.

Every repository and API test runs on both engines: the embedded FalkorDB, and a real Neo4j —
Neo4j's own test harness, started here from `tools/neo4j/` (which `scripts/test` builds from
Maven Central), or the Neo4j that `MULU_NEO4J_URI` names. Where Java, Maven or Maven Central is
missing the Neo4j cases are skipped with the reason, unless `MULU_REQUIRE_NEO4J=1` (CI) makes
that a failure. pytest's summary says which engines ran.

Clean graphs: FalkorDB gives every world its own named graph. Neo4j serves one database, so
`NEO4J` below remembers what it holds: a fixture that needs the pristine demo catalog reloads
it only when a writing test left the database changed, and a writing fixture empties it or
loads a fresh demo world and marks it changed.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from graph.embedded import EmbeddedFalkorDB
from graph.falkordb_store import FalkorDBStore
from graph.store import GraphStore
from seed.load import load_demo
from server.app import create_app
from server.settings import Settings
from tests.helpers import ENGINES, NEO4J, make_settings, open_store_on

_ENGINE_COUNTS: Counter[str] = Counter()


def pytest_collection_finish(session: pytest.Session) -> None:
    if any("neo4j" in item.nodeid for item in session.items):
        NEO4J.start()  # the JVM starts while the first (FalkorDB) tests run


def pytest_unconfigure(config: pytest.Config) -> None:
    NEO4J.stop()


_MODULE_SECONDS: Counter[str] = Counter()


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    _MODULE_SECONDS[report.nodeid.split("::")[0]] += report.duration  # setup, call and teardown
    if report.when == "call" and report.passed:
        for engine in ENGINES:
            if f"[{engine}" in report.nodeid or f"-{engine}]" in report.nodeid or f"-{engine}-" in report.nodeid:
                _ENGINE_COUNTS[engine] += 1


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    ran = ", ".join(f"{engine} {_ENGINE_COUNTS[engine]} passed" for engine in ENGINES)
    terminalreporter.write_line(f"graph engines: {ran} (Neo4j: {NEO4J.describe()})")
    # Where the suite's time goes (CI has ~10 minutes): the slowest test files, setup included.
    slowest = ", ".join(f"{name.removeprefix('tests/')} {seconds:.0f} s" for name, seconds in _MODULE_SECONDS.most_common(12))
    terminalreporter.write_line(f"slowest files: {slowest}")


@pytest.fixture(scope="session")
def falkordb_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedFalkorDB]:
    engine = EmbeddedFalkorDB(tmp_path_factory.mktemp("falkordb"))
    engine.start()
    yield engine
    engine.stop()


async def _open_store(engine_name: str, falkordb_engine: EmbeddedFalkorDB, graph_name: str) -> GraphStore:
    """A store on `engine_name` with the schema set up; on Neo4j the database is emptied first."""
    return await open_store_on(engine_name, falkordb_engine, graph_name)


@pytest.fixture(scope="session", params=ENGINES)
async def demo_store(request: pytest.FixtureRequest, falkordb_engine: EmbeddedFalkorDB) -> AsyncIterator[GraphStore]:
    """The demo catalog, loaded once per engine; tests must not change it."""
    if request.param == "neo4j":
        store = NEO4J.store()
        await store.setup_schema()
        NEO4J.holds = None
        store.load_report = await NEO4J.demo(store)  # type: ignore[attr-defined]
    else:
        store = await _open_store("falkordb", falkordb_engine, "demo")
        store.load_report = await load_demo(store)  # type: ignore[attr-defined]
    yield store
    await store.close()


@pytest.fixture(autouse=True)
async def _neo4j_holds_the_demo(request: pytest.FixtureRequest) -> None:
    """A test over the Neo4j demo catalog after a test that changed the database: reload it."""
    callspec = getattr(request.node, "callspec", None)
    if callspec is not None and callspec.params.get("demo_store") == "neo4j" and NEO4J.holds != "demo":
        await NEO4J.demo(request.getfixturevalue("demo_store"))


@pytest.fixture(params=ENGINES)
async def empty_store(request: pytest.FixtureRequest, falkordb_engine: EmbeddedFalkorDB) -> AsyncIterator[GraphStore]:
    """A fresh, empty graph with the schema set up, for tests that write."""
    store = await _open_store(request.param, falkordb_engine, f"t-{uuid.uuid4().hex[:12]}")
    yield store
    if request.param == "falkordb":
        await store.drop()
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
