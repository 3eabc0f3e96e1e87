"""FalkorDBStore decodes the engine's compact replies itself (graph/falkordb_store.py `_value`):
every value type our statements return must come back as the same plain Python value the
client's own parser gives, and graph entities still go through the client's parser."""

from __future__ import annotations

import uuid

from graph.embedded import EmbeddedFalkorDB
from graph.falkordb_store import FalkorDBStore

async def _store(engine: EmbeddedFalkorDB) -> FalkorDBStore:
    store = FalkorDBStore(engine.host, engine.port, f"replies-{uuid.uuid4().hex[:8]}", password=engine.password)
    await store.setup_schema()  # creates the graph: a read-only query on a missing graph is an error
    return store


async def test_scalars_lists_and_maps_decode_like_the_client(falkordb_engine: EmbeddedFalkorDB) -> None:
    store = await _store(falkordb_engine)
    try:
        statement = (
            "RETURN $text AS text, 42 AS whole, -7 AS negative, 2.5 AS real, true AS yes, false AS no, null AS nothing, "
            "[1, '二', null, [true]] AS list, {`名称`: '人口', n: 3, inner: {ok: false, items: []}} AS map, [] AS empty"
        )
        [row] = await store._run(statement, {"text": "公民身份号码 \"quoted\" ` back"}, read_only=True)
        expected = await store._graph.ro_query(statement, {"text": "公民身份号码 \"quoted\" ` back"})
        assert row == dict(zip([c[1].decode() for c in expected.header], expected.result_set[0]))
        assert row == {
            "text": "公民身份号码 \"quoted\" ` back", "whole": 42, "negative": -7, "real": 2.5, "yes": True, "no": False,
            "nothing": None, "list": [1, "二", None, [True]], "map": {"名称": "人口", "n": 3, "inner": {"ok": False, "items": []}},
            "empty": [],
        }
        assert type(row["map"]) is dict
    finally:
        await store.drop()
        await store.close()


async def test_nodes_fall_back_to_the_client_parser(falkordb_engine: EmbeddedFalkorDB) -> None:
    store = await _store(falkordb_engine)
    try:
        await store._run("CREATE (:Probe {name: '节点'})", {}, read_only=False)
        [row] = await store._run("MATCH (n:Probe) RETURN n, n.name AS name", {}, read_only=True)
        assert row["name"] == "节点"
        assert row["n"].labels == ["Probe"] and row["n"].properties == {"name": "节点"}
    finally:
        await store.drop()
        await store.close()


async def test_no_rows_and_no_return_give_empty_lists(falkordb_engine: EmbeddedFalkorDB) -> None:
    store = await _store(falkordb_engine)
    try:
        assert await store._run("MATCH (n:Nothing) RETURN n.name AS name", {}, read_only=True) == []
        assert await store._run("CREATE (:Probe {name: 'x'})", {}, read_only=False) == []
    finally:
        await store.drop()
        await store.close()


async def test_bulk_load_pauses_automatic_rewrites_then_compacts(falkordb_engine: EmbeddedFalkorDB, tmp_path) -> None:
    """graph/falkordb_store.py `bulk_load`: no AOF rewrite forks during the load, one at the end,
    and the engine's own rewrite threshold back afterwards (an engine of its own: the session
    engine's log is shared with every other test)."""
    engine = EmbeddedFalkorDB(tmp_path / "engine")
    engine.start()
    store = FalkorDBStore(engine.host, engine.port, "bulk", password=engine.password)
    try:
        await store.setup_schema()
        connection = store._db.connection
        rewrites_before = (await connection.info("persistence"))["aof_rewrites"]
        async with store.bulk_load():
            assert (await connection.config_get("auto-aof-rewrite-percentage"))["auto-aof-rewrite-percentage"] == "0"
            await store._run("UNWIND range(1, 20000) AS n CREATE (:Probe {name: 'item-' + toString(n), n: n})", {}, read_only=False)
        info = await connection.info("persistence")
        assert info["aof_rewrites"] == rewrites_before + 1 and not info["aof_rewrite_in_progress"]
        assert (await connection.config_get("auto-aof-rewrite-percentage"))["auto-aof-rewrite-percentage"] == "100"
        [row] = await store._run("MATCH (n:Probe) RETURN count(n) AS probes", {}, read_only=True)
        assert row["probes"] == 20000
    finally:
        await store.close()
        engine.stop()
