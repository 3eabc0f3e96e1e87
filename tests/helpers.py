"""Helpers for tests: tokens and GraphQL calls over HTTP."""

from __future__ import annotations

import asyncio
import atexit
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import NoReturn

import httpx
import pytest

from graph.embedded import EmbeddedFalkorDB
from graph.falkordb_store import FalkorDBStore
from graph.store import GraphStore
from seed.load import LoadReport, load_demo
from server.app import create_app
from server.auth import Role, mint_token
from server.settings import Settings
from tests.neo4j_harness import Neo4jHarness, Neo4jUnavailable, unavailable_reason

REPO = Path(__file__).resolve().parent.parent
ENGINES = ["falkordb", "neo4j"]
REQUIRE_NEO4J = os.environ.get("MULU_REQUIRE_NEO4J", "") not in ("", "0")


def skip_or_fail_without_neo4j(reason: str) -> NoReturn:
    """Skips a Neo4j case, with the reason, where Neo4j cannot run here; fails it instead when
    `MULU_REQUIRE_NEO4J` is set (CI, whose machine has Java, Maven and Maven Central)."""
    if REQUIRE_NEO4J:
        pytest.fail(f"Neo4j unavailable: {reason} (MULU_REQUIRE_NEO4J is set)", pytrace=False)
    pytest.skip(f"Neo4j skipped: {reason}")


class Neo4jDatabase:
    """The suite's one Neo4j database and what it holds now: "demo" (the pristine demo
    catalog), or the name of the world or test that changed it."""

    def __init__(self) -> None:
        self.uri = os.environ.get("MULU_NEO4J_URI") or os.environ.get("NEO4J_URI")
        self.harness: Neo4jHarness | None = None
        self.skip_reason: str | None = None
        self.holds: str | None = None
        self.world: str | None = None  # a module's demo world, alive until its last test

    def start(self) -> None:
        if self.uri:
            return
        self.skip_reason = unavailable_reason()
        if self.skip_reason is None:
            self.harness = Neo4jHarness().start()

    def store(self) -> GraphStore:
        if not self.uri:
            if self.harness is None:
                skip_or_fail_without_neo4j(self.skip_reason or "")
            try:
                self.uri = self.harness.uri()
            except Neo4jUnavailable as exc:
                pytest.fail(f"the Neo4j test harness did not start: {exc}", pytrace=False)
        from graph.neo4j_store import Neo4jStore

        return Neo4jStore(
            self.uri,
            os.environ.get("MULU_NEO4J_USER", os.environ.get("NEO4J_USER", "neo4j")),
            os.environ.get("MULU_NEO4J_PASSWORD", os.environ.get("NEO4J_PASSWORD", "")),
            os.environ.get("MULU_NEO4J_DATABASE", "neo4j"),
        )

    async def empty(self, store: GraphStore, holder: str) -> None:
        if self.world is not None and holder != self.world:
            raise RuntimeError(f"the Neo4j database still holds the world {self.world!r}; {holder!r} cannot take it")
        await store.drop()
        await store.setup_schema()
        self.holds = holder

    async def demo(self, store: GraphStore, holder: str = "demo") -> LoadReport | None:
        """Loads a fresh demo catalog unless the database holds the pristine one already."""
        if holder == "demo" and self.holds == "demo":
            return None
        await self.empty(store, holder)
        report = await load_demo(store)
        self.holds = holder
        return report

    def describe(self) -> str:
        if self.uri:
            return self.uri
        if self.harness is not None:
            return "started, never used"
        return f"skipped: {self.skip_reason}" if self.skip_reason else "not started: no Neo4j case selected"

    def stop(self) -> None:
        if self.harness is not None:
            self.harness.stop()


NEO4J = Neo4jDatabase()


async def open_store_on(engine: str, falkordb_engine: EmbeddedFalkorDB, graph: str) -> GraphStore:
    """An empty graph with the schema set up: a graph of its own on FalkorDB; on Neo4j the
    suite's one database, emptied."""
    if engine == "neo4j":
        store = NEO4J.store()
        await NEO4J.empty(store, graph)
        return store
    store = FalkorDBStore(falkordb_engine.host, falkordb_engine.port, graph, embedded=falkordb_engine,
                          password=falkordb_engine.password)
    await store.setup_schema()
    return store



SUITE_DATA_DIR = Path(tempfile.mkdtemp(prefix="mulu-suite-data-"))  # decision logs etc., never the checkout's ./data
atexit.register(shutil.rmtree, SUITE_DATA_DIR, ignore_errors=True)


class Clock:
    """A settable clock for an app (`create_app(clock=…)`): tests move `now` between steps."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def make_settings(**overrides: object) -> Settings:
    base: dict = {"jwt_secret": "test-secret-for-the-suite-0123456789abcdef", "environment": "development",
                  "data_dir": SUITE_DATA_DIR}
    base.update(overrides)
    return Settings(_env_file=None, **base)


def token_for(settings: Settings, department: str = "140500-MZJ", *roles: Role, user: str = "tester", ttl: int = 3600) -> str:
    return mint_token(settings, user, department, list(roles) or [Role.DEPT_USER], ttl)


def auth(settings: Settings, department: str = "140500-MZJ", *roles: Role, user: str = "tester") -> dict[str, str]:
    return {"Authorization": f"Bearer {token_for(settings, department, *roles, user=user)}"}


async def gql(
    http: httpx.AsyncClient, query: str, headers: dict[str, str], variables: dict | None = None
) -> httpx.Response:
    return await http.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers)


@asynccontextmanager
async def demo_world(
    engine: str, falkordb_engine: EmbeddedFalkorDB, graph: str, settings: Settings,
    clock: Callable[[], datetime] | None = None, replicas: int = 1,
) -> AsyncIterator[tuple[list[httpx.AsyncClient], GraphStore]]:
    """A fresh graph on `engine` with the demo catalog, served by `replicas` app instances
    (each its own policy holder, as separate server processes would be). On Neo4j the world
    holds the suite's one database until it ends."""
    store = await open_store_on(engine, falkordb_engine, graph)
    await load_demo(store)
    if engine == "neo4j":
        NEO4J.world = graph
    apps = [create_app(settings, store=store, **({"clock": clock} if clock else {})) for _ in range(replicas)]
    try:
        async with AsyncExitStack() as stack:  # the apps stop (their audit chainers too) before the graph goes
            clients = []
            for index, app in enumerate(apps):
                await stack.enter_async_context(app.router.lifespan_context(app))
                transport = httpx.ASGITransport(app=app)
                clients.append(await stack.enter_async_context(httpx.AsyncClient(transport=transport, base_url=f"http://replica{index}.test")))
            yield clients, store
    finally:
        if engine == "neo4j":
            NEO4J.world = None
        else:
            await store.drop()
        await store.close()


class ReadsTogether:
    """The real store, but the first `parties` reads of `statement` wait for one another, so
    that many concurrent requests all see the same state before any of them writes — the
    interleaving real clients on separate connections produce, made certain."""

    def __init__(self, store: GraphStore, statement: str, parties: int) -> None:
        self._store, self._statement = store, statement
        self._barrier = asyncio.Barrier(parties)
        self.engine = store.engine

    async def read(self, name: str, **params: object) -> list:
        rows = await self._store.read(name, **params)
        if name == self._statement and self._barrier.n_waiting < self._barrier.parties and not self._barrier.broken:
            try:
                await asyncio.wait_for(self._barrier.wait(), timeout=5)
            except (TimeoutError, asyncio.BrokenBarrierError):
                pass
        return rows

    def __getattr__(self, name: str) -> object:
        return getattr(self._store, name)


# ---- a served server (`mulu serve` in its own process) ------------------------------------------------


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_ready(server: subprocess.Popen, base: str, log_path: Path, timeout: float = 180) -> None:
    """Until `base`/readyz answers 200; fails with the server's log when it exits or takes too long."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"mulu serve exited with {server.returncode}:\n{log_path.read_text()[-3000:]}")
        try:
            if httpx.get(base + "/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    pytest.fail(f"mulu serve not ready in {timeout} s:\n{log_path.read_text()[-3000:]}")
