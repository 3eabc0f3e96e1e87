"""The one interface the rest of the server uses to reach the graph, whichever engine holds it.

Statements are named (see `graph.queries`); rows come back as plain dicts of plain values
(str, int, float, bool, list, dict, None) on both engines, because every statement returns
map projections rather than nodes. Instants are stored as ISO-8601 UTC strings, so they
compare and sort the same way on both engines.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractAsyncContextManager, contextmanager
from contextvars import ContextVar
from typing import Any, Protocol

from server.domain.errors import Unavailable

Row = dict[str, Any]


#: How long a statement of an interactive request may take (MULU_ENGINE_TIMEOUT_SECONDS): a hung
#: engine fails the request after this, instead of holding it for as long as the engine hangs.
INTERACTIVE_SECONDS = 5.0
#: The limit of everything else — bulk work (imports, bulk loads, backups, schema set-up), the
#: command line, start-up: one statement may rightly take minutes there
#: (MULU_ENGINE_BULK_TIMEOUT_SECONDS).
BULK_SECONDS = 300.0
#: `ping()` answers within this, whatever the engine does, so `/readyz` answers within 2 s.
PING_SECONDS = 1.0

# Which limit the statements of this task (and of the tasks and threads it starts) take: the HTTP
# edge marks each request `interactive()`, bulk work inside one marks itself `bulk_work()`; a
# statement run outside any request (start-up, CLI, seed loads, background work) takes the bulk one.
_INTERACTIVE: ContextVar[bool] = ContextVar("mulu_interactive", default=False)


class EngineUnavailable(Unavailable):
    """The graph engine cannot be reached right now; the caller gets 503 and may retry."""


class EngineTimeout(EngineUnavailable):
    """A statement did not finish within its limit: the engine is hung, or the statement is slow.
    Either way this request ends (503); the engine is not restarted and no other request's
    connection is touched, so a slow statement never turns into an outage."""


class ConstraintViolation(RuntimeError):
    """A unique key already exists (e.g. a department code)."""


@contextmanager
def interactive() -> Iterator[None]:
    """Statements run inside take the interactive limit: someone is waiting for the answer."""
    token = _INTERACTIVE.set(True)
    try:
        yield
    finally:
        _INTERACTIVE.reset(token)


@contextmanager
def bulk_work() -> Iterator[None]:
    """Statements run inside take the bulk limit, even within an interactive request (an import
    posted over HTTP): `with bulk_work(): await repo.import_drafts(…)`. `store.bulk_load()` enters
    it too. Only the wait changes: the statements are the same."""
    token = _INTERACTIVE.set(False)
    try:
        yield
    finally:
        _INTERACTIVE.reset(token)


def in_bulk_work() -> bool:
    """Whether a statement run now takes the bulk limit."""
    return not _INTERACTIVE.get()


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
        """True when the engine answers within `PING_SECONDS`; never raises."""
        ...

    def bulk_load(self) -> AbstractAsyncContextManager[None]:
        """Wraps a bulk load (`async with store.bulk_load(): …`): the engine's own log is quick to
        replay on restart afterwards, and is not rewritten over and over during the load; the
        statements inside take the bulk limit (see `bulk_work`)."""
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
