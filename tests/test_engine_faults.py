"""Faults: the engine killed mid-write loses no acknowledged write; an engine that is down gives 503."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

import httpx

from graph.embedded import EmbeddedFalkorDB
from graph.falkordb_store import FalkorDBStore
from graph.store import EngineUnavailable
from server.app import create_app
from tests.helpers import auth, gql, make_settings


async def test_sigkill_during_writes_loses_no_acknowledged_write(tmp_path: Path) -> None:
    engine = EmbeddedFalkorDB(tmp_path / "engine")
    engine.start()
    store = FalkorDBStore(engine.host, engine.port, "faults", embedded=engine)
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
    store = FalkorDBStore(engine.host, port, "outage")  # no embedded handle: the server cannot restart it
    await store.setup_schema()
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
