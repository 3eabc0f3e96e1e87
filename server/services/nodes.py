"""`node(id:)`: any object by its global id, if the caller may see it (GitHub's Node interface).

One lookup says what the id names; the object then comes through its own domain's visibility
rule (`visible_*`), so an id never reveals more than the object's own query would: a draft of
another department, a request between two other departments, a grant the caller may not read
are all simply null.
"""

from __future__ import annotations

from graph.repos import nodes as repo
from server.context import Context
from server.domain.errors import Forbidden, NotFound
from server.domain.records.catalog import DepartmentRecord, ElementRecord, ItemRecord
from server.domain.records.lifecycle import ChangeEventRecord, ItemVersionRecord, WithdrawalRecord
from server.domain.records.nodes import NodeKind
from server.domain.records.policy import PolicyVersionRecord
from server.domain.records.sharing import FeedbackRecord, GrantRecord, RequestRecord
from server.services import catalog, lifecycle, policy, reference, sharing

NodeRecord = (ItemRecord | ElementRecord | DepartmentRecord | RequestRecord | GrantRecord | FeedbackRecord
              | WithdrawalRecord | ChangeEventRecord | ItemVersionRecord | PolicyVersionRecord)


async def node(ctx: Context, node_id: str) -> NodeRecord | None:
    """The object, or None when it does not exist or the caller may not see it (never an error
    that would tell the two apart)."""
    try:
        return await _node(ctx, node_id)
    except (Forbidden, NotFound):
        return None


async def _node(ctx: Context, node_id: str) -> NodeRecord | None:
    if "@" in node_id:  # `<item id>@<version>`: a kept version of an item
        return await lifecycle.visible_item_version(ctx, node_id)
    if node_id.isascii() and node_id.isdigit():  # a policy version's number
        return await policy.visible_policy_version(ctx, node_id)
    ref = await repo.kind(ctx.store, node_id)
    if ref is None:
        return None
    match ref.kind:
        case NodeKind.CATALOG_ITEM:
            return await catalog.visible_item(ctx, node_id)
        case NodeKind.DATA_ELEMENT:
            if await catalog.visible_item(ctx, ref.owner_id) is None:
                return None
            elements = await ctx.loaders.elements.load(ref.owner_id)
            return next((element for element in elements if element.id == node_id), None)
        case NodeKind.DEPARTMENT:
            return await reference.visible_department(ctx, node_id)
        case NodeKind.ACCESS_REQUEST:
            return await sharing.visible_request(ctx, node_id)
        case NodeKind.GRANT:
            return await sharing.visible_grant(ctx, node_id)
        case NodeKind.FEEDBACK:
            return await sharing.visible_feedback(ctx, node_id)
        case NodeKind.WITHDRAWAL_REQUEST:
            return await lifecycle.visible_withdrawal(ctx, node_id)
        case NodeKind.CHANGE_EVENT:
            return await lifecycle.visible_change_event(ctx, node_id)
    return None
