"""The catalog's lifecycle: compile, update, review, publish, withdraw, change events
(graph/cypher/common/lifecycle/)."""

from __future__ import annotations

from typing import Any

from graph.repos._values import instant, text
from server.domain.records.lifecycle import WithdrawalRecord, WithdrawalStatus


def withdrawal_record(props: dict[str, Any]) -> WithdrawalRecord:
    return WithdrawalRecord(
        id=props["id"], item_id=props["itemId"], item_name=text(props.get("itemName")),
        provider_code=props["providerCode"], region_code=text(props.get("regionCode")), reason=text(props.get("reason")),
        status=WithdrawalStatus(props["status"]), requested_at=instant(props["requestedAt"]),  # type: ignore[arg-type]
        requested_by=text(props.get("requestedBy")), decided_at=instant(props.get("decidedAt")),
        decided_by=props.get("decidedBy"), comment=props.get("comment"),
        reported_to_city_at=instant(props.get("reportedToCityAt")),
    )
