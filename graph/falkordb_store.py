"""GraphStore on FalkorDB, through its official asyncio client over the Redis protocol.

With an `EmbeddedFalkorDB` the store also brings the engine back: a query that fails
because the connection is gone starts one restart in the background (if the process died),
and waits for it only briefly (`RESTART_WAIT_SECONDS`), so while the engine is down or still
loading its data every request answers 503 at once instead of queueing behind the restart.
Only reads are retried; a write whose connection broke may or may not have been applied, so
it is reported as unavailable and the caller decides (every write we make is guarded by its
own WHERE/MERGE, so a client retry is safe).

Limits. Each statement has one: `timeout_seconds` within an interactive request (5 s by default;
the HTTP edge marks requests, see graph/store.py), `bulk_timeout_seconds` for everything else and
inside `bulk_work()` / `bulk_load()`. It is kept by the event loop
(`asyncio.timeout` around taking a connection and the command), not by the socket: a hung
engine (SIGSTOP, a stuck disk) fails the request within the limit, and the one connection
whose reply never came is closed by redis-py — nothing else. Reads also carry the engine's own
`TIMEOUT` (a little shorter), so a slow read is stopped inside the engine, which answers
"Query timed out" on a connection that stays usable. A timeout never restarts the engine
nor drops other requests' connections. That was the reconnect storm the earlier 300 s socket
timeout was there to avoid (bench/README.md, finding 7): redis-py's default 5 s socket timeout
counted a slow query as a lost connection, and that error path disconnected every pooled
connection, in-flight ones included. Now no error path drops another request's connection,
and the socket timeout is only the last resort for commands outside `_run` (schema set-up,
AOF rewrites), at the bulk limit.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import redis.asyncio as aioredis
from falkordb.asyncio import FalkorDB
from falkordb.asyncio.query_result import parse_scalar
from falkordb.helpers import stringify_param_value
from redis.exceptions import BusyLoadingError, RedisError, ResponseError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from graph import queries
from graph.embedded import EmbeddedFalkorDB
from graph.store import (
    BULK_SECONDS, INTERACTIVE_SECONDS, PING_SECONDS, ConstraintViolation, EngineTimeout, EngineUnavailable, Row,
    bulk_work, in_bulk_work,
)

log = logging.getLogger(__name__)

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
    ("AuditLog", "key"),  # 第三十八条: the one log node whose lock numbers the events
    ("AuditEvent", "seq"),  # 第三十八条: no two events share a sequence number
)
_ALREADY = ("already indexed", "already exists")
_DISCONNECTED = (RedisConnectionError, ConnectionError, OSError)
#: How long a request waits for a restart under way before it answers 503: a small graph's
#: engine is back in a fraction of a second (the request then just succeeds); one replaying a
#: large log takes longer, and the caller is told to retry rather than kept waiting.
RESTART_WAIT_SECONDS = 1.0
#: The engine's own TIMEOUT for a read, as a share of the statement's limit: it answers
#: "Query timed out" before the client gives up, so the connection stays usable.
ENGINE_TIMEOUT_SHARE = 0.8


class FalkorDBStore:
    engine = "falkordb"

    def __init__(
        self,
        host: str,
        port: int,
        graph_name: str = "mulu",
        embedded: EmbeddedFalkorDB | None = None,
        max_connections: int = 64,
        *,
        password: str | None = None,
        timeout_seconds: float = INTERACTIVE_SECONDS,
        bulk_timeout_seconds: float = BULK_SECONDS,
    ) -> None:
        """`password`: the engine's (`requirepass`); with `embedded` and no password, the embedded
        engine's own. Every connection, the statements' and the pings', authenticates with it."""
        if password is None and embedded is not None:
            password = embedded.password
        self._embedded = embedded
        self._timeout = timeout_seconds
        self._bulk_timeout = max(bulk_timeout_seconds, timeout_seconds)
        self._pool = aioredis.BlockingConnectionPool(
            host=host, port=port, password=password, max_connections=max_connections,
            timeout=None,  # waiting for a free connection counts against the statement's limit (_run)
            socket_timeout=self._bulk_timeout + 5, socket_connect_timeout=2, health_check_interval=0,
        )
        # Pings have connections of their own: a pool full of slow requests does not make a
        # healthy engine look down to /readyz.
        self._pings = aioredis.Redis(connection_pool=aioredis.ConnectionPool(
            host=host, port=port, password=password, max_connections=4,
            socket_timeout=PING_SECONDS, socket_connect_timeout=PING_SECONDS,
        ))
        self._db = FalkorDB(connection_pool=self._pool)
        self._graph = self._db.select_graph(graph_name)
        self._connection = self._db.connection
        self._revival: asyncio.Task[bool] | None = None
        self.graph_name = graph_name

    async def read(self, name: str, **params: Any) -> list[Row]:
        return await self._run(queries.load(name, self.engine), params, read_only=True)

    async def write(self, name: str, **params: Any) -> list[Row]:
        return await self._run(queries.load(name, self.engine), params, read_only=False)

    async def _run(self, statement: str, params: dict[str, Any], read_only: bool) -> list[Row]:
        bulk = in_bulk_work()
        limit = self._bulk_timeout if bulk else self._timeout
        # A bulk statement's parameters (a whole imported file) take a while to quote as text: in a
        # worker thread, so the server keeps answering meanwhile (issue 11, point 7).
        text = await asyncio.to_thread(_with_params, statement, params) if bulk else _with_params(statement, params)
        command: list[Any] = ["GRAPH.RO_QUERY" if read_only else "GRAPH.QUERY", self.graph_name, text, "--compact"]
        if read_only:  # the engine ignores TIMEOUT on writes, which run to the end or not at all
            command += ["TIMEOUT", max(1, int(limit * 1000 * ENGINE_TIMEOUT_SHARE))]
        try:
            async with asyncio.timeout(limit):
                return await self._attempt(command, read_only)
        except (TimeoutError, RedisTimeoutError) as exc:
            raise EngineTimeout(f"FalkorDB did not answer within {limit:g} s") from exc

    async def _attempt(self, command: list[Any], read_only: bool) -> list[Row]:
        # One short wait for a restart per statement, however it is spent (RESTART_WAIT_SECONDS).
        waited_until = asyncio.get_running_loop().time() + RESTART_WAIT_SECONDS
        await self._restart_done(waited_until)
        for attempt in (1, 2):
            try:
                return await self._rows(await self._connection.execute_command(*command))
            except BusyLoadingError as exc:  # up, replaying its log: not dead, not ready
                raise EngineUnavailable(f"FalkorDB is loading its data: {exc}") from exc
            except _DISCONNECTED as exc:
                revival = self._revive_soon()
                if attempt == 2 or not read_only or not await self._back(revival, waited_until):
                    raise EngineUnavailable(f"FalkorDB unreachable: {exc}") from exc
            except ResponseError as exc:
                text = str(exc).lower()
                if "unique constraint" in text:
                    raise ConstraintViolation(str(exc)) from exc
                if "loading" in text:
                    raise EngineUnavailable(f"FalkorDB is loading its data: {exc}") from exc
                if "timed out" in text:  # the engine's own TIMEOUT: a slow read, the engine is fine
                    raise EngineTimeout(f"FalkorDB stopped a slow read: {exc}") from exc
                raise
        raise AssertionError("unreachable")

    async def _restart_done(self, until: float) -> None:
        """A restart under way: wait for it briefly, or answer 503 (the caller retries later)."""
        revival = self._revival
        if revival is not None and not revival.done() and not await _finished(revival, until):
            raise EngineUnavailable("FalkorDB is restarting")

    async def _back(self, revival: asyncio.Task[bool] | None, until: float) -> bool:
        """Whether a read that lost its connection may try once more: the restart finished (or
        there was nothing to restart) within the short wait; or, for an engine this server does
        not manage, it answers a ping."""
        if revival is None:
            return await self.ping()
        return await _finished(revival, until)

    def _revive_soon(self) -> asyncio.Task[bool] | None:
        """Starts one restart of a dead embedded engine in the background (or joins the one under
        way); None when the engine is not ours to restart."""
        if self._embedded is None:
            return None
        if self._revival is None or self._revival.done():
            self._revival = asyncio.get_running_loop().create_task(self._revive(), name="mulu-falkordb-restart")
        return self._revival

    async def _revive(self) -> bool:
        """Restarts a dead embedded engine (in a thread: it waits for the process to come up).
        Connections of other requests are left alone: one on a dead engine fails by itself, and
        the pool replaces a closed idle one when it is next taken."""
        assert self._embedded is not None
        try:
            return await asyncio.to_thread(self._embedded.ensure_running)
        except Exception:  # noqa: BLE001 - e.g. killed again while starting: the next failure retries
            log.exception("could not restart the embedded FalkorDB engine")
            return False

    async def setup_schema(self) -> None:
        with bulk_work():  # an index over a large graph may take a while to create
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
        indexes it creates, so it can take minutes; a compact file loads in seconds. Statements
        inside take the bulk limit."""
        connection = self._db.connection
        with bulk_work():
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
        with bulk_work():
            for statement in queries.split_statements(queries.load("schema/rebuild_search_index", self.engine)):
                await self._graph.query(statement)
            for _ in range(3000):
                rows = await self.read("schema/search_index_status")
                if all(row["status"] == "OPERATIONAL" for row in rows):
                    return
                await asyncio.sleep(0.01)
        raise EngineUnavailable("FalkorDB did not finish rebuilding the full-text index within 30 s")

    async def ping(self) -> bool:
        """True when the engine answers within PING_SECONDS. A dead embedded engine is restarted
        (in the background), so a readiness probe heals it even when no request comes."""
        try:
            async with asyncio.timeout(PING_SECONDS):
                return bool(await self._pings.ping())
        except BusyLoadingError:
            return False
        except _DISCONNECTED:
            self._revive_soon()
            return False
        except (TimeoutError, RedisError):
            return False

    async def drop(self) -> None:
        """Deletes the whole graph (tests and `mulu seed --reset` only)."""
        try:
            await self._graph.delete()
        except ResponseError:
            pass

    async def close(self) -> None:
        if self._revival is not None and not self._revival.done():
            await asyncio.wait({self._revival}, timeout=RESTART_WAIT_SECONDS)
        await self._pool.disconnect()
        await self._pings.aclose(close_connection_pool=True)

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


async def _finished(task: asyncio.Task[bool], until: float) -> bool:
    """Waits for `task` until the loop's clock reads `until`; whether it finished. The task goes
    on either way: other requests share it."""
    if not task.done():
        await asyncio.wait({task}, timeout=max(0.0, until - asyncio.get_running_loop().time()))
    return task.done()


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
