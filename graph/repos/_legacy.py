"""TEMPORARY (issue 10 migration): turns the untyped rows callers still pass to the policy into
the read models `policies.enforcer.Resource` takes. Deleted once every service reads records."""

from __future__ import annotations

from typing import Any

from graph.repos._values import instant, strings
from graph.repos.lifecycle import withdrawal_record
from graph.repos.sharing import grant_record, request_record
from server.domain.records.catalog import ItemFacts
from server.domain.values import ItemStatus, ShareType


def item_facts(props: Any) -> Any:
    if props is None or not isinstance(props, dict):
        return props
    names = {*(props.get("editors") or ()), props.get("createdBy"), props.get("updatedBy"), props.get("submittedBy")}
    scope = props.get("scope")
    return ItemFacts(
        provider_code=props.get("providerCode") or "", id=props.get("id"),
        share_type=ShareType(props["shareType"]) if props.get("shareType") else None,
        status=ItemStatus(props["status"]) if props.get("status") else None,
        scope=None if scope is None else strings(scope),
        compilers=frozenset(name for name in names if name), withdrawn_at=instant(props.get("withdrawnAt")),
        name=props.get("name") or "",
    )


def typed_facts(**facts: Any) -> dict[str, Any]:
    out = dict(facts)
    if "item" in out:
        out["item"] = item_facts(out["item"])
    if isinstance(out.get("grant"), dict):
        out["grant"] = grant_record(out["grant"])
    if isinstance(out.get("request"), dict):
        out["request"] = request_record(out["request"])
    if isinstance(out.get("withdrawal"), dict):
        out["withdrawal"] = withdrawal_record(out["withdrawal"])
    return out
