"""The type of a resolver's `info`: its context is the request's `server.context.Context`."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from server.context import Context

Ctx = Info[Context, None]

# The one argument of every mutation (GitHub's API is the model): its fields are described on the input type.
INPUT = strawberry.argument(description="本操作的全部参数，各字段见输入类型 (everything the mutation takes; see the input type's fields)")
