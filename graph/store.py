"""The one interface the rest of the server uses to reach the graph, whichever engine holds it.

Statements are named (see `graph.queries`); rows come back as plain dicts of plain values
(str, int, float, bool, list, dict, None) on both engines, because every statement returns
map projections rather than nodes. Instants are stored as ISO-8601 UTC strings, so they
compare and sort the same way on both engines.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol

from server.domain.errors import Unavailable

Row = dict[str, Any]


class EngineUnavailable(Unavailable):
    """The graph engine cannot be reached right now; the caller gets 503 and may retry."""


class ConstraintViolation(RuntimeError):
    """A unique key already exists (e.g. a department code)."""


class GraphStore(Protocol):
    engine: str

    async def read(self, name: str, **params: Any) -> list[Row]:
        """Runs the named read-only statement."""
        ...

    async def write(self, name: str, **params: Any) -> list[Row]:
        """Runs the named statement as one atomic write; returns only once it is durable."""
        ...

    async def setup_schema(self) -> None:
        """Creates unique keys, lookup indexes and the full-text index; safe to run again."""
        ...

    async def ping(self) -> bool:
        """True when the engine answers."""
        ...

    def bulk_load(self) -> AbstractAsyncContextManager[None]:
        """Wraps a bulk load (`async with store.bulk_load(): …`): the engine's own log is quick to
        replay on restart afterwards, and is not rewritten over and over during the load."""
        ...

    async def refresh_search_index(self) -> None:
        """Rebuilds the full-text index from the graph where the engine's scores drift after many
        writes to the same nodes (FalkorDB); a no-op where they do not (Neo4j)."""
        ...

    async def drop(self) -> None:
        """Deletes the whole graph (tests and `mulu seed --reset` only)."""
        ...

    async def close(self) -> None:
        ...
