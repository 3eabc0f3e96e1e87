"""Policy administration through GraphQL: validate, dry-run, save, conflict, restore, replicas."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta, timezone

import httpx
import pytest

from graph.embedded import EmbeddedFalkorDB
from graph.store import GraphStore
from seed.load import item_id
from server.auth import Role
from tests.helpers import ENGINES, auth, demo_world, gql, make_settings

SETTINGS = make_settings(policy_refresh_seconds=0)
ADMIN = auth(SETTINGS, "140500-DSJ", Role.POLICY_ADMIN, user="policy-admin")
AUDITOR = auth(SETTINGS, "140500-DSJ", Role.AUDITOR, user="auditor")
CLERK = auth(SETTINGS, "140500-MZJ", Role.DEPT_USER, user="clerk")
SEAL = item_id("140500-GAJ", "印章刻制备案信息")
NOW = datetime(2025, 6, 2, 2, 0, tzinfo=timezone.utc)

POLICY = "{ policy { version author reason model policy rules } }"
DRY_RUN = ("query($m: String!, $p: String!, $rules: String) { policyDryRun(model: $m, policy: $p, rules: $rules) "
           "{ valid problems warnings ruleChanges { key before after } flipCount flips { kind action target beforeAllowed afterAllowed afterReason } } }")
SAVE = ("mutation($m: String!, $p: String!, $r: String!, $v: Int!, $rules: String) { savePolicy(input: {model: $m, policy: $p, "
        "reason: $r, expectedVersion: $v, rules: $rules}) { policyVersion { id version author reason } } }")
RESTORE = "mutation($v: Int!, $r: String!) { restorePolicy(input: {version: $v, reason: $r}) { policyVersion { version policy rules restoredFrom } } }"
AUTHORIZE = "query($i: ID!) { authorize(itemId: $i, elementCodes: [\"DWMC\"]) { allowed reason } }"


@pytest.fixture(scope="module", params=ENGINES)
async def world(request: pytest.FixtureRequest, falkordb_engine: EmbeddedFalkorDB) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient, GraphStore]]:
    """Two server instances (replicas) on one graph, and a grant last used two months ago."""
    used = (NOW - timedelta(days=61)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    async with demo_world(request.param, falkordb_engine, "policy", SETTINGS, clock=lambda: NOW, replicas=2) as ([a, b], store):
        await store.write("grants/upsert_for_import", rows=[{
            "id": "grant-two-months", "itemId": SEAL, "consumerCode": "140500-MZJ", "mode": "PLATFORM",
            "elements": ["DWMC"], "purpose": "核验", "grantedAt": "2025-01-02T00:00:00.000000Z",
            "expiresAt": "2026-12-31T15:59:59.000000Z", "lastUsedAt": used,
        }])
        yield a, b, store


async def call(http: httpx.AsyncClient, query: str, headers: dict, **variables: object) -> dict:
    return (await gql(http, query, headers, variables)).json()


async def test_policy_lifecycle(world) -> None:
    a, b, _ = world
    assert (await call(a, POLICY, CLERK))["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    current = (await call(a, POLICY, AUDITOR))["data"]["policy"]
    assert current["version"] == 1 and "grant_live" in current["policy"]
    model, policy, rules = current["model"], current["policy"], current["rules"]
    assert 'idle_limit = "P3M"' in rules

    # A broken rule is refused, naming the line; nothing changes.
    broken = policy.replace("in_scope", "in_scop", 1)
    dry = (await call(a, DRY_RUN, ADMIN, m=model, p=broken))["data"]["policyDryRun"]
    assert not dry["valid"] and any("in_scop" in problem for problem in dry["problems"])
    refused = (await call(a, SAVE, ADMIN, m=model, p=broken, r="试错", v=1))["errors"][0]
    assert refused["extensions"]["code"] == "BAD_USER_INPUT" and refused["extensions"]["problems"]
    assert (await call(a, POLICY, ADMIN))["data"]["policy"]["version"] == 1

    # A shorter idle limit (below 第三十一条's three months: only with a legal basis): the dry run
    # names the grant used two months ago, and saving flips it.
    below = rules.replace('idle_limit = "P3M"', 'idle_limit = "P1M"', 1)
    dry = (await call(a, DRY_RUN, ADMIN, m=model, p=policy, rules=below))["data"]["policyDryRun"]
    assert not dry["valid"] and any("grants.idle_limit" in problem for problem in dry["problems"])
    shorter = below + '"grants.idle_limit" = "市政府专题会议纪要〔2025〕3号 (the city\'s decision)"\n'
    dry = (await call(a, DRY_RUN, ADMIN, m=model, p=policy, rules=shorter))["data"]["policyDryRun"]
    assert dry["valid"] and dry["warnings"] == []
    assert {"key": "grants.idle_limit", "before": "P3M", "after": "P1M"} in dry["ruleChanges"]
    flipped = [f for f in dry["flips"] if f["target"] == "grant-two-months" and f["action"] == "use"]
    assert flipped and flipped[0]["beforeAllowed"] and not flipped[0]["afterAllowed"] and flipped[0]["afterReason"] == "GRANT_IDLE"
    assert (await call(a, SAVE, CLERK, m=model, p=policy, rules=shorter, r="缩短", v=1))["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    saved = (await call(a, SAVE, ADMIN, m=model, p=policy, rules=shorter, r="闲置期限调整为一个月", v=1))["data"]["savePolicy"]["policyVersion"]
    assert saved == {"id": "2", "version": 2, "author": "policy-admin", "reason": "闲置期限调整为一个月"}
    assert (await call(a, AUTHORIZE, CLERK, i=SEAL))["data"]["authorize"]["reason"] == "GRANT_IDLE"
    # The other replica picks the new version up without a restart.
    assert (await call(b, AUTHORIZE, CLERK, i=SEAL))["data"]["authorize"]["reason"] == "GRANT_IDLE"

    # Two admins editing version 1 at once: the second save conflicts.
    stale = (await call(b, SAVE, ADMIN, m=model, p=policy, r="另一人的修改", v=1))["errors"][0]
    assert stale["extensions"]["code"] == "CONFLICT"

    # Restoring version 1 makes version 3 with its text; the grant authorises again.
    restored = (await call(b, RESTORE, ADMIN, v=1, r="恢复三个月闲置期限"))["data"]["restorePolicy"]["policyVersion"]
    assert restored == {"version": 3, "policy": policy, "rules": rules, "restoredFrom": 1}
    assert (await call(a, AUTHORIZE, CLERK, i=SEAL))["data"]["authorize"]["allowed"]
    history = (await call(a, "{ policyHistory { totalCount edges { node { version restoredFrom author savedAt } } } }", AUDITOR))["data"]["policyHistory"]
    versions = [edge["node"] for edge in history["edges"]]
    assert history["totalCount"] == 3 and [v["version"] for v in versions] == [3, 2, 1] and versions[0]["restoredFrom"] == 1
    assert versions[0]["savedAt"] == "2025-06-02T02:00:00+00:00"
    assert versions[2]["savedAt"] is None  # version 1 is the shipped files: nobody saved them (was version 2's time)
    page = (await call(a, "{ policyHistory(first: 1, after: \"b2Zmc2V0OjA=\") { edges { node { version rules } } } }", AUDITOR))["data"]
    assert [edge["node"]["version"] for edge in page["policyHistory"]["edges"]] == [2]
    assert page["policyHistory"]["edges"][0]["node"]["rules"] == shorter  # a version's text is read when asked for
    one = "query($v: Int!) { policyVersion(version: $v) { id version reason } }"
    assert (await call(a, one, AUDITOR, v=2))["data"]["policyVersion"] == {"id": "2", "version": 2, "reason": "闲置期限调整为一个月"}
    assert (await call(a, one, AUDITOR, v=9))["data"]["policyVersion"] is None
    assert (await call(a, one, CLERK, v=2))["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_application_period_uses_the_policy_maximum(world) -> None:
    a, _, _ = world
    apply = "mutation($i: ApplyForAccessInput!) { applyForAccess(input: $i) { accessRequest { status } } }"
    payload = {"itemId": SEAL, "elementCodes": ["DWMC"], "purpose": "核验单位印章", "scenario": "社会组织登记审查"}
    three_years = (await call(a, apply, CLERK, i={**payload, "until": (date(2028, 6, 1)).isoformat()}))["data"]
    assert three_years["applyForAccess"]["accessRequest"]["status"] == "PENDING_REVIEW"
    fourth = (await call(a, apply, CLERK, i={**payload, "until": (date(2028, 6, 3)).isoformat()}))["errors"][0]
    assert {k: v for k, v in fourth["extensions"].items() if k != "problems"} == {"code": "BAD_USER_INPUT", "field": "until"}
