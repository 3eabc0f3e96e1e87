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
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from neo4j import AsyncGraphDatabase, NotificationMinimumSeverity, RoutingControl
from neo4j.exceptions import ConstraintError, ServiceUnavailable, SessionExpired

from graph import queries
from graph.store import ConstraintViolation, EngineUnavailable, Row


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
    ) -> None:
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
        try:
            records, _, _ = await self._driver.execute_query(
                statement, params, routing_=routing, database_=self._database
            )
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            raise EngineUnavailable(f"Neo4j unreachable: {exc}") from exc
        except ConstraintError as exc:
            raise ConstraintViolation(str(exc)) from exc
        return [record.data() for record in records]

    async def setup_schema(self) -> None:
        for name in ("schema/constraints", "schema/indexes"):
            for statement in queries.split_statements(queries.load(name, self.engine)):
                await self._run(statement, {}, RoutingControl.WRITE)

    @asynccontextmanager
    async def bulk_load(self) -> AsyncIterator[None]:
        """Nothing to do: Neo4j manages its own transaction log."""
        yield

    async def refresh_search_index(self) -> None:
        """Nothing to do: Lucene counts a replaced document in a term's document frequency and
        in the document count alike until its segments merge, so scores keep their proportions."""

    async def ping(self) -> bool:
        try:
            await self._driver.verify_connectivity()
            return True
        except Exception:
            return False

    async def drop(self) -> None:
        """Deletes every node (tests and `mulu seed --reset` only)."""
        await self.write("admin/drop_all")

    async def close(self) -> None:
        await self._driver.close()
