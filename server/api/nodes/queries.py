"""The `node(id:)` query: the service finds the object if the caller may see it; this maps its read
model to the GraphQL type once."""

from __future__ import annotations

from typing import Annotated

import strawberry

from server.api.catalog.types import CatalogItem, DataElement, Department
from server.api.core.info import Ctx
from server.api.core.node import Node
from server.api.lifecycle.types import ChangeEvent, ItemVersion, WithdrawalRequest
from server.api.policy.types import PolicyVersion
from server.api.sharing.types import AccessRequest, FeedbackReport, Grant
from server.domain.records.catalog import DepartmentRecord, ElementRecord, ItemRecord
from server.domain.records.lifecycle import ChangeEventRecord, ItemVersionRecord, WithdrawalRecord
from server.domain.records.policy import PolicyVersionRecord
from server.domain.records.sharing import FeedbackRecord, GrantRecord, RequestRecord
from server.services import nodes


def as_node(record: object, ctx: Ctx) -> Node | None:
    match record:
        case ItemRecord():
            return CatalogItem.of(record)
        case ElementRecord():
            return DataElement.of(record)
        case DepartmentRecord():
            return Department.of(record)
        case RequestRecord():
            return AccessRequest.of(record)
        case GrantRecord():
            return Grant.of(record)
        case FeedbackRecord():
            return FeedbackReport.of(record)
        case WithdrawalRecord():
            return WithdrawalRequest.of(record)
        case ChangeEventRecord():
            return ChangeEvent.of(record, ctx.context.now)
        case ItemVersionRecord():
            return ItemVersion.of(record)
        case PolicyVersionRecord():
            return PolicyVersion.of(record)
    return None


@strawberry.type
class NodeQuery:
    @strawberry.field(description="按全局 id 取任一对象；不存在或无权查看时为空 (any object by its global id; null if missing or not visible)")
    async def node(
        self, info: Ctx, id: Annotated[strawberry.ID, strawberry.argument(description="全局唯一 id (global id)")]
    ) -> Node | None:
        return as_node(await nodes.node(info.context, str(id)), info)
