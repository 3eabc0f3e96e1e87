"""The rules file through the running server: a new deadline takes effect without a restart for
clocks that start after the save and leaves earlier deadlines alone; a version that denies every
review or changes a cap of the regulation needs a forced reason; the lapsed rule set warns."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import AsyncIterator
from datetime import date, datetime, timezone

import httpx
import pytest

from graph.embedded import EmbeddedFalkorDB
from graph.store import GraphStore
from seed.load import item_id
from server.auth import Role
from server.domain.workdays import WorkCalendar, deadline_after
from tests.helpers import ENGINES, auth, demo_world, gql, make_settings

SETTINGS = make_settings(policy_refresh_seconds=0)
ADMIN = auth(SETTINGS, "140500-DSJ", Role.POLICY_ADMIN, user="policy-admin")
MZJ = auth(SETTINGS, "140500-MZJ", Role.DEPT_USER, user="mzj-clerk")
RSJ = auth(SETTINGS, "140500-RSJ", Role.DEPT_USER, user="rsj-clerk")
AUDITOR = auth(SETTINGS, "140500-DSJ", Role.AUDITOR, user="auditor")
SEAL = item_id("140500-GAJ", "印章刻制备案信息")
NOW = datetime(2025, 6, 4, 2, 0, tzinfo=timezone.utc)  # a Wednesday, 10:00 in Shanghai

POLICY = "{ policy { version model policy rules } }"
SAVE = ("mutation($m: String!, $p: String!, $rules: String, $r: String!, $v: Int!, $f: String) { savePolicy(input: "
        "{model: $m, policy: $p, rules: $rules, reason: $r, expectedVersion: $v, forceReason: $f}) { policyVersion { version } } }")
DRY_RUN = ("query($m: String!, $p: String!, $rules: String) { policyDryRun(model: $m, policy: $p, rules: $rules) "
           "{ valid problems warnings ruleChanges { key before after } } }")
APPLY = ("mutation($i: ApplyForAccessInput!) { applyForAccess(input: $i) { accessRequest { id reviewDueAt } } }")
REQUEST = "query($id: ID!) { node(id: $id) { ... on AccessRequest { reviewDueAt } } }"


@pytest.fixture(scope="module", params=ENGINES)
async def world(request: pytest.FixtureRequest, falkordb_engine: EmbeddedFalkorDB) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient, GraphStore]]:
    async with demo_world(request.param, falkordb_engine, "rules", SETTINGS, clock=lambda: NOW, replicas=2) as ([a, b], store):
        yield a, b, store


async def call(http: httpx.AsyncClient, query: str, headers: dict, **variables: object) -> dict:
    return (await gql(http, query, headers, variables)).json()


def _due(days: int) -> str:
    return deadline_after(NOW, days, WorkCalendar()).at.isoformat()


async def _apply(http: httpx.AsyncClient, headers: dict, purpose: str) -> dict:
    payload = {"itemId": SEAL, "elementCodes": ["DWMC"], "purpose": purpose, "scenario": "社会组织登记审查",
               "until": date(2026, 6, 1).isoformat()}
    answer = await call(http, APPLY, headers, i=payload)
    assert "errors" not in answer, answer
    return answer["data"]["applyForAccess"]["accessRequest"]


async def test_a_new_review_deadline_applies_to_requests_filed_after_it_without_a_restart(world) -> None:
    """第三十条's 2 working days changed to 3 (with its legal basis): a request filed before keeps 2,
    one filed after — on the other replica, which was not restarted — gets 3."""
    a, b, _ = world
    current = (await call(a, POLICY, ADMIN))["data"]["policy"]
    before = await _apply(b, MZJ, "核验单位印章（改规则前）")
    assert before["reviewDueAt"] == _due(2)

    three = re.sub(r"^review_working_days = 2", "review_working_days = 3", current["rules"], count=1, flags=re.MULTILINE)
    refused = await call(a, SAVE, ADMIN, m=current["model"], p=current["policy"], rules=three, r="审核期限改为3个工作日",
                         v=current["version"])
    problem = refused["errors"][0]["extensions"]["problems"][0]
    assert problem["field"] == "rules" and "requests.review_working_days" in problem["message"]  # beyond 第三十条's cap
    three += '"requests.review_working_days" = "国务院令第809号《政务数据共享条例》(the national regulation)"\n'
    dry = (await call(a, DRY_RUN, ADMIN, m=current["model"], p=current["policy"], rules=three))["data"]["policyDryRun"]
    assert dry["valid"] and {"key": "requests.review_working_days", "before": "2", "after": "3"} in dry["ruleChanges"]
    saved = await call(a, SAVE, ADMIN, m=current["model"], p=current["policy"], rules=three, r="审核期限改为3个工作日",
                       v=current["version"])
    assert "errors" not in saved, saved

    after = await _apply(b, RSJ, "核验单位印章（改规则后）")
    assert after["reviewDueAt"] == _due(3)
    assert (await call(b, REQUEST, AUDITOR, id=before["id"]))["data"]["node"]["reviewDueAt"] == _due(2)
    # The audit event of each application names the rules version its deadline came from.
    events = await call(a, "{ auditEvents(first: 50, filter: {action: REQUEST_CREATE}) { edges { node { targetId after } } } }", AUDITOR)
    versions = {edge["node"]["targetId"]: json.loads(edge["node"]["after"]).get("rulesVersion")
                for edge in events["data"]["auditEvents"]["edges"]}
    assert versions[before["id"]] == current["version"] and versions[after["id"]] == current["version"] + 1


async def test_a_policy_that_denies_every_review_is_saved_only_when_forced(world) -> None:
    a, _, _ = world
    current = (await call(a, POLICY, ADMIN))["data"]["policy"]
    no_review = "\n".join(line for line in current["policy"].splitlines() if not line.startswith("p, review,"))
    dry = (await call(a, DRY_RUN, ADMIN, m=current["model"], p=no_review))["data"]["policyDryRun"]
    assert dry["valid"] and any("review" in warning for warning in dry["warnings"])
    refused = await call(a, SAVE, ADMIN, m=current["model"], p=no_review, r="暂停审核", v=current["version"])
    assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert refused["errors"][0]["extensions"]["problems"][0]["field"] == "forceReason"
    assert (await call(a, POLICY, ADMIN))["data"]["policy"]["version"] == current["version"]
    forced = await call(a, SAVE, ADMIN, m=current["model"], p=no_review, r="暂停审核", v=current["version"],
                        f="系统迁移期间暂停受理 (paused during the migration)")
    assert forced["data"]["savePolicy"]["policyVersion"]["version"] == current["version"] + 1
    events = await call(a, "{ auditEvents(first: 5, filter: {action: POLICY_SAVE}) { edges { node { after } } } }", AUDITOR)
    assert any(json.loads(edge["node"]["after"]).get("forced") == "系统迁移期间暂停受理 (paused during the migration)"
               for edge in events["data"]["auditEvents"]["edges"])
    restored = await call(a, "mutation { restorePolicy(input: {version: 1, reason: \"恢复\"}) { policyVersion { version } } }", ADMIN)
    assert "errors" not in restored, restored


async def test_a_lapsed_rule_set_warns_at_start_up_and_in_graphiql(falkordb_engine: EmbeddedFalkorDB, caplog) -> None:
    """第四十六条: the rules lapse after 2027-02-21; the server still answers, and says so."""
    later = datetime(2027, 3, 1, 2, 0, tzinfo=timezone.utc)
    with caplog.at_level(logging.WARNING, logger="mulu"):
        async with demo_world("falkordb", falkordb_engine, "rules-lapsed", SETTINGS, clock=lambda: later) as ([http], _):
            assert (await http.get("/readyz")).status_code == 200
            page = (await http.get("/graphql", headers={"accept": "text/html"})).text
            assert "2027-02-21" in page and "第四十六条" in page
    assert any("2027-02-21" in record.getMessage() for record in caplog.records)
