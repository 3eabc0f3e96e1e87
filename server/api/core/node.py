"""The Node interface: every object with a globally unique id (GitHub's API is the model)."""

from __future__ import annotations

import strawberry


@strawberry.interface(description="全局唯一标识的对象 (an object with a globally unique id)")
class Node:
    id: strawberry.ID = strawberry.field(description="全局唯一 id (globally unique id)")
