"""The type of a resolver's `info`: its context is the request's `server.context.Context`."""

from __future__ import annotations

from strawberry.types import Info

from server.context import Context

Ctx = Info[Context, None]
