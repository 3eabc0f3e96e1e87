"""Faults: the engine killed mid-write loses no acknowledged write; an engine that is down gives 503
(and tests/test_sick_engine.py: killed under load, hung, slow)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from graph.embedded import EmbeddedFalkorDB
from graph.falkordb_store import FalkorDBStore
from graph.store import EngineUnavailable, GraphStore
from seed import demo
from seed.load import LoadReport, load_reference
from server.app import create_app
from server.settings import Settings
from tests.helpers import REPO, auth, gql, make_settings, skip_or_fail_without_neo4j
from tests.neo4j_harness import Neo4jHarness, Neo4jUnavailable, unavailable_reason


async def test_sigkill_during_writes_loses_no_acknowledged_write(tmp_path: Path) -> None:
    engine = EmbeddedFalkorDB(tmp_path / "engine")
    engine.start()
    store = FalkorDBStore(engine.host, engine.port, "faults", embedded=engine, password=engine.password)
    await store.setup_schema()
    acknowledged: set[str] = set()
    failed = 0
    killed = False
    try:
        for n in range(3000):
            code = f"K{n:05d}"
            if n == 1500:
                os.kill(engine.pid, signal.SIGKILL)  # mid-stream, no warning
                killed = True
            try:
                await store.write("seed/upsert_themes", rows=[{"code": code, "name": f"主题{n}", "parentCode": None}])
                acknowledged.add(code)
            except EngineUnavailable:
                failed += 1  # not acknowledged: the caller was told, and may retry
        assert killed and engine.is_alive(), "the store brought the engine back by itself"
        stored = {row["theme"]["code"] for row in await store.read("reference/themes")}
        assert acknowledged <= stored, f"lost {len(acknowledged - stored)} acknowledged writes"
        assert len(acknowledged) >= 2990, f"only {len(acknowledged)} writes acknowledged, {failed} failed"
    finally:
        await store.close()
        engine.stop()


async def test_engine_down_gives_503_and_recovers(tmp_path: Path) -> None:
    """An engine the server does not manage (like an external one) goes away and comes back."""
    engine = EmbeddedFalkorDB(tmp_path / "external")
    engine.start()
    port = engine.port
    store = FalkorDBStore(engine.host, port, "outage", password=engine.password)  # no embedded handle: the server cannot restart it
    await store.setup_schema()
    await load_reference(store, demo.demo_regions(), demo.demo_departments(), [], [], LoadReport())  # the token's department
    settings = make_settings()
    app = create_app(settings, store=store)
    try:
        async with app.router.lifespan_context(app):
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
                assert (await gql(http, "{ regions { code } }", auth(settings))).status_code == 200
                engine.stop()
                down = await gql(http, "{ regions { code } }", auth(settings))
                assert down.status_code == 503
                error = down.json()["errors"][0]
                assert error["extensions"]["code"] == "ENGINE_UNAVAILABLE"
                assert "图数据库暂时不可用" in error["message"]
                assert (await http.get("/readyz")).status_code == 503

                restarted = EmbeddedFalkorDB(tmp_path / "external", port=port)
                restarted.start()
                try:
                    for _ in range(50):
                        response = await gql(http, "{ regions { code } }", auth(settings))
                        if response.status_code == 200:
                            break
                        await asyncio.sleep(0.1)
                    assert response.status_code == 200, response.text
                    assert (await http.get("/readyz")).status_code == 200
                finally:
                    restarted.stop()
    finally:
        await store.close()
        engine.stop()


def _neo4j_store(uri: str) -> GraphStore:
    from graph.neo4j_store import Neo4jStore

    return Neo4jStore(uri, "neo4j", "", retry_seconds=1.0, timeout_seconds=NEO4J_LIMIT)


NEO4J_LIMIT = 2.0  # the statement limit of the Neo4j store below (MULU_ENGINE_TIMEOUT_SECONDS)


async def test_neo4j_down_gives_503_and_recovers(tmp_path: Path) -> None:
    """A Neo4j of its own (not the suite's) first hangs (SIGSTOP: /readyz 503 within 2 s, a request
    503 within the statement limit, both fine again after SIGCONT), then stops in the middle of
    serving and a new one starts on the same port: 503 ENGINE_UNAVAILABLE with Retry-After while
    it is gone, answers again once it is back."""
    first = Neo4jHarness(tmp_path / "neo4j")
    try:
        first.start()
    except Neo4jUnavailable as exc:
        skip_or_fail_without_neo4j(str(exc))
    uri = first.uri()
    store = _neo4j_store(uri)
    await store.setup_schema()
    await load_reference(store, demo.demo_regions(), demo.demo_departments(), [], [], LoadReport())
    settings = make_settings()
    app = create_app(settings, store=store)
    second: Neo4jHarness | None = None
    try:
        async with app.router.lifespan_context(app):
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
                await _answers(http, settings)  # a cold JVM plans each new statement slowly: warm it up
                await _hang_and_recover(http, settings, first.pid)
                first.stop()
                started = time.monotonic()
                down = await gql(http, "{ regions { code } }", auth(settings))
                assert down.status_code == 503, down.text
                assert down.headers["retry-after"].isdigit()
                assert time.monotonic() - started < 15, "the driver's retries are bounded by retry_seconds"
                error = down.json()["errors"][0]
                assert error["extensions"]["code"] == "ENGINE_UNAVAILABLE"
                assert "图数据库暂时不可用" in error["message"]
                assert (await http.get("/readyz")).status_code == 503

                second = Neo4jHarness(tmp_path / "neo4j-again", port=int(uri.rsplit(":", 1)[1])).start()
                second.uri()
                response = None
                for _ in range(100):
                    response = await gql(http, "{ regions { code } }", auth(settings))
                    if response.status_code == 200:
                        break
                    await asyncio.sleep(0.2)
                assert response is not None and response.status_code == 200, response.text
                assert (await http.get("/readyz")).status_code == 200
    finally:
        await store.close()
        first.stop()
        if second is not None:
            second.stop()


async def _hang_and_recover(http: httpx.AsyncClient, settings: Settings, pid: int | None) -> None:
    """SIGSTOP the Neo4j JVM: readiness and a request fail fast (503); SIGCONT: both answer again."""
    assert pid is not None
    os.kill(pid, signal.SIGSTOP)
    try:
        started = time.monotonic()
        ready = await asyncio.wait_for(http.get("/readyz"), 10)
        assert ready.status_code == 503 and ready.headers["retry-after"].isdigit()
        assert time.monotonic() - started < 2.0
        started = time.monotonic()
        hung = await asyncio.wait_for(gql(http, "{ regions { code } }", auth(settings)), 15)
        assert hung.status_code == 503 and hung.headers["retry-after"].isdigit(), hung.text
        assert hung.json()["errors"][0]["extensions"]["code"] == "ENGINE_UNAVAILABLE"
        assert time.monotonic() - started < NEO4J_LIMIT + 1.5, "fails within the statement limit"
    finally:
        os.kill(pid, signal.SIGCONT)
    await _answers(http, settings)


async def _answers(http: httpx.AsyncClient, settings: Settings) -> None:
    """Asks until the server answers 200 (for up to ~10 s)."""
    response = None
    for _ in range(50):
        response = await gql(http, "{ regions { code } }", auth(settings))
        if response.status_code == 200:
            break
        await asyncio.sleep(0.2)
    assert response is not None and response.status_code == 200, response.text
    assert (await http.get("/readyz")).status_code == 200


def test_the_neo4j_launcher_leaves_no_orphan(tmp_path: Path) -> None:
    """The JVM stops by itself when the process that started it is SIGKILLed (its stdin closes)."""
    if unavailable_reason():
        skip_or_fail_without_neo4j(unavailable_reason() or "")
    parent = subprocess.Popen(
        [sys.executable, "-c", (
            "import sys, time; sys.path.insert(0, sys.argv[1]);"
            "from tests.neo4j_harness import Neo4jHarness;"
            "h = Neo4jHarness().start(); h.uri(); print(h.pid, flush=True); time.sleep(600)"
        ), str(REPO)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert parent.stdout is not None
        jvm = int(parent.stdout.readline())
        assert _alive(jvm)
    finally:
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 30
    while _alive(jvm) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(jvm), "the Neo4j JVM outlived the process that started it"


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ", 1)[1][0] != "Z"
    except FileNotFoundError:
        return False
