"""GraphStore on Neo4j 5, through the official async driver (production, clustered sites).

Reads are routed to readers and writes to the leader (`neo4j://` URIs); the driver's own
retry covers leader changes. Writes use `execute_query`, which commits before returning,
so an acknowledged write is durable by Neo4j's transaction log.

Read-your-own-writes: every `execute_query` of one driver shares the driver's bookmark
manager, so a read routed to a follower waits until that follower has the writes this
process made before it — a request that writes and then reads sees its write, on a cluster too.

While Neo4j is unreachable a statement fails with `EngineUnavailable` (the API answers 503)
once the driver's retries have run for `retry_seconds`; no request waits longer than that
for a connection to come back.

Limits. Each statement has one: `timeout_seconds` within an interactive request (the HTTP edge
marks requests, see graph/store.py), `bulk_timeout_seconds` for everything else and inside
`bulk_work()` / `bulk_load()`. The event loop keeps it (`asyncio.timeout`), for a server that
does not answer at all (a stopped JVM, a long GC pause) as for a slow statement: the driver
closes that one connection, nothing else is touched, and the next statement just takes another.
Neo4j is given it as the transaction timeout as well (a little shorter), so the server stops
and rolls back what nobody waits for any more — at its next check (every 2 s by default), so
the client's limit often comes first; when the server's comes first it is the same 503.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from neo4j import AsyncGraphDatabase, NotificationMinimumSeverity, Query, RoutingControl
from neo4j.exceptions import ConstraintError, Neo4jError, ServiceUnavailable, SessionExpired

from graph import queries
from graph.store import (
    BULK_SECONDS, INTERACTIVE_SECONDS, PING_SECONDS, ConstraintViolation, EngineTimeout, EngineUnavailable, Row,
    bulk_work, in_bulk_work,
)

#: Neo4j's transaction timeout as a share of the statement's limit: the server gives up first.
ENGINE_TIMEOUT_SHARE = 0.8


class Neo4jStore:
    engine = "neo4j"

    def __init__(
        self,
        uri: str,
        user: str,
        password: str,
        database: str = "neo4j",
        *,
        pool_size: int = 100,
        connect_seconds: float = 5.0,
        acquire_seconds: float = 10.0,
        retry_seconds: float = 5.0,
        timeout_seconds: float = INTERACTIVE_SECONDS,
        bulk_timeout_seconds: float = BULK_SECONDS,
    ) -> None:
        self._timeout = timeout_seconds
        self._bulk_timeout = max(bulk_timeout_seconds, timeout_seconds)
        self._driver = AsyncGraphDatabase.driver(
            uri,
            auth=(user, password),
            max_connection_pool_size=pool_size,
            connection_timeout=connect_seconds,
            connection_acquisition_timeout=acquire_seconds,
            max_transaction_retry_time=retry_seconds,
            # The linter in the tests reads every statement; the server's own notifications (e.g.
            # "property key does not exist" on a young graph) would only flood the log.
            notifications_min_severity=NotificationMinimumSeverity.OFF,
        )
        self._database = database

    async def read(self, name: str, **params: Any) -> list[Row]:
        return await self._run(queries.load(name, self.engine), params, RoutingControl.READ)

    async def write(self, name: str, **params: Any) -> list[Row]:
        return await self._run(queries.load(name, self.engine), params, RoutingControl.WRITE)

    async def _run(self, statement: str, params: dict[str, Any], routing: RoutingControl) -> list[Row]:
        limit = self._bulk_timeout if in_bulk_work() else self._timeout
        query = Query(statement, timeout=limit * ENGINE_TIMEOUT_SHARE)  # type: ignore[arg-type]
        try:
            async with asyncio.timeout(limit):
                records, _, _ = await self._driver.execute_query(
                    query, params, routing_=routing, database_=self._database
                )
        except TimeoutError as exc:
            raise EngineTimeout(f"Neo4j did not answer within {limit:g} s") from exc
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            raise EngineUnavailable(f"Neo4j unreachable: {exc}") from exc
        except ConstraintError as exc:
            raise ConstraintViolation(str(exc)) from exc
        except Neo4jError as exc:
            if "TransactionTimedOut" in (exc.code or ""):  # the transaction timeout: a slow statement
                raise EngineTimeout(f"Neo4j stopped a slow statement: {exc.message}") from exc
            raise
        return [record.data() for record in records]

    async def setup_schema(self) -> None:
        with bulk_work():  # an index over a large graph may take a while to populate
            for name in ("schema/constraints", "schema/indexes"):
                for statement in queries.split_statements(queries.load(name, self.engine)):
                    await self._run(statement, {}, RoutingControl.WRITE)

    @asynccontextmanager
    async def bulk_load(self) -> AsyncIterator[None]:
        """Only the longer limit: Neo4j manages its own transaction log."""
        with bulk_work():
            yield

    async def refresh_search_index(self) -> None:
        """Nothing to do: Lucene counts a replaced document in a term's document frequency and
        in the document count alike until its segments merge, so scores keep their proportions."""

    async def ping(self) -> bool:
        """True when Neo4j answers a statement within PING_SECONDS. A statement, because the
        driver's `verify_connectivity` is content with a pooled connection and asks nothing of a
        server that hangs; the time limit, because its retries would hold a probe for seconds."""
        try:
            async with asyncio.timeout(PING_SECONDS):
                await self._driver.execute_query("RETURN 1", routing_=RoutingControl.READ, database_=self._database)
            return True
        except Exception:  # noqa: BLE001 - a probe answers yes or no, never an error
            return False

    async def drop(self) -> None:
        """Deletes every node (tests and `mulu seed --reset` only)."""
        with bulk_work():
            await self.write("admin/drop_all")

    async def close(self) -> None:
        await self._driver.close()
