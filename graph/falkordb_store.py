"""GraphStore on FalkorDB, through its official asyncio client over the Redis protocol.

With an `EmbeddedFalkorDB` the store also brings the engine back: a query that fails
because the connection is gone asks the engine to restart (if its process died) and tries
once more. Only reads are retried; a write whose connection broke may or may not have been
applied, so it is reported as unavailable and the caller decides (every write we make is
guarded by its own WHERE/MERGE, so a client retry is safe).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import redis.asyncio as aioredis
from falkordb.asyncio import FalkorDB
from falkordb.asyncio.query_result import parse_scalar
from falkordb.helpers import stringify_param_value
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError, TimeoutError as RedisTimeoutError

from graph import queries
from graph.embedded import EmbeddedFalkorDB
from graph.store import ConstraintViolation, EngineUnavailable, Row

# Unique keys; the same list as graph/cypher/neo4j/schema/constraints.cypher (a test compares them).
UNIQUE_KEYS: tuple[tuple[str, str], ...] = (
    ("Region", "code"),
    ("Department", "code"),
    ("Theme", "code"),
    ("Database", "code"),
    ("CatalogItem", "id"),
    ("DataElement", "id"),
    ("AccessRequest", "id"),
    ("Grant", "id"),
    ("Feedback", "id"),
    ("WithdrawalRequest", "id"),
    ("ChangeEvent", "id"),
    ("PolicyVersion", "version"),  # policies/admin.py: two admins saving at once cannot both make N+1
)
_ALREADY = ("already indexed", "already exists")
_DISCONNECTED = (RedisConnectionError, ConnectionError, OSError)
QUERY_TIMEOUT_SECONDS = 300


class FalkorDBStore:
    engine = "falkordb"

    def __init__(
        self,
        host: str,
        port: int,
        graph_name: str = "mulu",
        embedded: EmbeddedFalkorDB | None = None,
        max_connections: int = 64,
    ) -> None:
        self._embedded = embedded
        self._pool = aioredis.BlockingConnectionPool(
            host=host, port=port, max_connections=max_connections, timeout=10,
            # redis-py's default 5 s read timeout would turn a slow query into a 503 and (through
            # _revive) drop every other request's connection; only a refused connection means down.
            socket_timeout=QUERY_TIMEOUT_SECONDS, socket_connect_timeout=2, health_check_interval=0,
        )
        self._db = FalkorDB(connection_pool=self._pool)
        self._graph = self._db.select_graph(graph_name)
        self._connection = self._db.connection
        self.graph_name = graph_name

    async def read(self, name: str, **params: Any) -> list[Row]:
        return await self._run(queries.load(name, self.engine), params, read_only=True)

    async def write(self, name: str, **params: Any) -> list[Row]:
        return await self._run(queries.load(name, self.engine), params, read_only=False)

    async def _run(self, statement: str, params: dict[str, Any], read_only: bool) -> list[Row]:
        for attempt in (1, 2):
            try:
                reply = await self._connection.execute_command(
                    "GRAPH.RO_QUERY" if read_only else "GRAPH.QUERY",
                    self.graph_name, _with_params(statement, params), "--compact",
                )
                return await self._rows(reply)
            except _DISCONNECTED as exc:
                restarted = await self._revive()
                if attempt == 2 or not read_only or not restarted and not await self.ping():
                    raise EngineUnavailable(f"FalkorDB unreachable: {exc}") from exc
            except RedisTimeoutError as exc:
                raise EngineUnavailable(f"FalkorDB did not answer within {QUERY_TIMEOUT_SECONDS} s: {exc}") from exc
            except ResponseError as exc:
                if "unique constraint" in str(exc).lower():
                    raise ConstraintViolation(str(exc)) from exc
                if "loading" in str(exc).lower():
                    raise EngineUnavailable(f"FalkorDB is loading its data: {exc}") from exc
                raise
        raise AssertionError("unreachable")

    async def _revive(self) -> bool:
        """Restarts a dead embedded engine (in a thread: it waits for the process to come up)."""
        if self._embedded is None:
            return False
        await self._pool.disconnect(inuse_connections=True)
        return await asyncio.to_thread(self._embedded.ensure_running)

    async def setup_schema(self) -> None:
        for statement in queries.split_statements(queries.load("schema/indexes", self.engine)):
            await self._tolerate_existing(self._graph.query(statement))
        for label, prop in UNIQUE_KEYS:
            await self._tolerate_existing(self._graph.create_node_unique_constraint(label, prop))

    @staticmethod
    async def _tolerate_existing(call: Any) -> None:
        try:
            await call
        except ResponseError as exc:
            if not any(text in str(exc) for text in _ALREADY):
                raise

    @asynccontextmanager
    async def bulk_load(self) -> AsyncIterator[None]:
        """Pauses the engine's automatic AOF rewrites during a bulk load — each one forks and
        writes the whole graph again, 29–41 s of engine CPU in a 100,000-item import — and
        compacts once at the end: replaying a long incremental log on restart does not use the
        indexes it creates, so it can take minutes; a compact file loads in seconds."""
        connection = self._db.connection
        await connection.config_set("auto-aof-rewrite-percentage", 0)
        try:
            yield
        finally:
            await connection.config_set("auto-aof-rewrite-percentage", 100)
            await self._compact()

    async def _compact(self) -> None:
        """BGREWRITEAOF and wait for it; an automatic rewrite already running is waited for first
        (it may have started before the load), then the rewrite runs so the base holds everything."""
        connection = self._db.connection
        while True:
            try:
                await connection.bgrewriteaof()
                break
            except ResponseError as exc:
                if "already in progress" not in str(exc):
                    raise
                await self._rewrite_done()
        await self._rewrite_done()

    async def _rewrite_done(self) -> None:
        while True:
            info = await self._db.connection.info("persistence")
            if not info.get("aof_rewrite_in_progress") and not info.get("aof_rewrite_scheduled"):
                return
            await asyncio.sleep(0.1)

    async def refresh_search_index(self) -> None:
        """Rebuilds the full-text index after many writes to the same items (see the statement
        schema/rebuild_search_index: until then the engine's scores count replaced documents);
        returns once the index is built again (~0.1 s for the demo catalog)."""
        for statement in queries.split_statements(queries.load("schema/rebuild_search_index", self.engine)):
            await self._graph.query(statement)
        for _ in range(3000):
            rows = await self.read("schema/search_index_status")
            if all(row["status"] == "OPERATIONAL" for row in rows):
                return
            await asyncio.sleep(0.01)
        raise EngineUnavailable("FalkorDB did not finish rebuilding the full-text index within 30 s")

    async def ping(self) -> bool:
        try:
            return bool(await self._db.connection.ping())
        except _DISCONNECTED:
            return False

    async def drop(self) -> None:
        """Deletes the whole graph (tests and `mulu seed --reset` only)."""
        try:
            await self._graph.delete()
        except ResponseError:
            pass

    async def close(self) -> None:
        await self._pool.disconnect()


    async def _rows(self, reply: list[Any]) -> list[Row]:
        """Turns a compact GRAPH.QUERY reply into rows of plain values. Our statements return
        scalars, lists and maps, which `_value` decodes synchronously; the client's own parser
        awaits a coroutine per value, which was a quarter of the server's CPU on large replies.
        A reply holding nodes, edges or paths goes through the client's parser instead."""
        if reply and isinstance(reply[0], ResponseError):
            raise reply[0]
        if isinstance(reply[-1], ResponseError):
            raise reply[-1]
        if len(reply) < 3:
            return []
        names = [column[1].decode() if isinstance(column[1], bytes) else column[1] for column in reply[0]]
        try:
            return [dict(zip(names, map(_value, row))) for row in reply[1]]
        except _GraphEntity:
            return [
                dict(zip(names, [await parse_scalar(cell, self._graph) for cell in row])) for row in reply[1]
            ]


class _GraphEntity(Exception):
    """A node, edge or path in a reply: left to the client's parser (it resolves label names)."""


def _value(cell: list[Any]) -> Any:
    """One compact-format value: [type, payload] (types from the FalkorDB result-set spec)."""
    kind, payload = cell
    if kind == 2:  # string
        return payload.decode() if isinstance(payload, bytes) else payload
    if kind == 1:  # null
        return None
    if kind == 3:  # integer
        return int(payload)
    if kind == 6:  # array
        return [_value(item) for item in payload]
    if kind == 10:  # map: key, [type, value], key, …
        return {
            (payload[i].decode() if isinstance(payload[i], bytes) else payload[i]): _value(payload[i + 1])
            for i in range(0, len(payload), 2)
        }
    if kind == 4:  # boolean
        return payload in (b"true", "true")
    if kind == 5:  # double
        return float(payload)
    if kind == 12:  # vector
        return [float(item) for item in payload]
    if kind == 11:  # point
        return {"latitude": float(payload[0]), "longitude": float(payload[1])}
    raise _GraphEntity(kind)


def _with_params(statement: str, params: dict[str, Any]) -> str:
    """FalkorDB takes parameters in a `CYPHER name=value …` prefix; the client's encoder quotes them."""
    if not params:
        return statement
    return "CYPHER " + " ".join(f"`{key}`={stringify_param_value(value)}" for key, value in params.items()) + " " + statement
