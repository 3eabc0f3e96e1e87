"""Issue #12, point 11: `policyExplain` and `policyDiff` in GraphQL, and `mulu policy … --server`
through the real ASGI app (real tokens, the real enforcer, both engines). An explanation of a
stored item decides as the server does: `use` as the gateway's `authorize`, `apply` as
`applyForAccess`; a diff shows the values of the rules that change; a dry run names departments
and items in Chinese."""

from __future__ import annotations

import argparse
from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx
import pytest

from graph.embedded import EmbeddedFalkorDB
from graph.store import GraphStore
from policies import cli
from policies.enforcer import RULES_PATH
from seed.load import item_id, load_demo
from server.app import create_app
from server.auth import Role
from tests.helpers import ENGINES, NEO4J, auth, gql, make_settings, open_store_on, token_for

SETTINGS = make_settings(policy_refresh_seconds=0)
ADMIN = auth(SETTINGS, "140500-DSJ", Role.POLICY_ADMIN, user="policy-admin")
AUDITOR = auth(SETTINGS, "140500-DSJ", Role.AUDITOR, user="auditor")
CONSUMER = auth(SETTINGS, "140500-MZJ", Role.DEPT_USER, user="minzheng-clerk")
NOW = datetime(2025, 6, 2, 2, 0, tzinfo=timezone.utc)

SEAL = item_id("140500-GAJ", "印章刻制备案信息")  # 无条件共享
DEATH = item_id("140500-GAJ", "死亡注销户口信息")  # 有条件共享, 民政局 in scope
NO_RECORD = item_id("140500-GAJ", "无犯罪记录证明开具信息")  # 有条件共享, 民政局 NOT in scope
CRIMES = item_id("140500-GAJ", "违法犯罪记录信息")  # 不予共享

EXPLAIN = ("query($input: PolicyExplainInput!) { policyExplain(input: $input) "
           "{ version allowed reason message rule lines } }")
AUTHORIZE = "query($i: ID!) { authorize(itemId: $i, elementCodes: [\"GMSFHM\", \"DWMC\"]) { allowed reason grantId } }"
APPLY = "mutation($input: ApplyForAccessInput!) { applyForAccess(input: $input) { accessRequest { id status } } }"
DIFF = ("query($a: Int!, $b: Int!) { policyDiff(from: $a, to: $b) { fromVersion toVersion modelChanged modelDiff "
        "removedLines { number text } addedLines { number text } ruleChanges { key before after } problems } }")
SAVE = ("mutation($m: String!, $p: String!, $rules: String, $r: String!, $v: Int!) { savePolicy(input: {model: $m, "
        "policy: $p, rules: $rules, reason: $r, expectedVersion: $v}) { policyVersion { version } } }")
DRY_RUN = ("query($m: String!, $p: String!, $rules: String) { policyDryRun(model: $m, policy: $p, rules: $rules) { flipCount flips { kind action "
           "target afterReason departmentCode departmentName itemId itemName } } }")


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


GRANTS = [
    # 民政局 on 印章刻制备案信息: one expired long ago, one live (used ten days ago)
    {"id": "g-seal-old", "itemId": SEAL, "consumerCode": "140500-MZJ", "mode": "PLATFORM", "elements": ["DWMC"],
     "purpose": "核验", "grantedAt": "2021-01-01T00:00:00.000000Z", "expiresAt": "2024-01-01T00:00:00.000000Z",
     "lastUsedAt": "2023-12-01T00:00:00.000000Z"},
    {"id": "g-seal-live", "itemId": SEAL, "consumerCode": "140500-MZJ", "mode": "PLATFORM", "elements": ["DWMC"],
     "purpose": "核验", "grantedAt": "2025-01-02T00:00:00.000000Z", "expiresAt": "2026-12-31T15:59:59.000000Z",
     "lastUsedAt": _iso(NOW - timedelta(days=10))},
    # 民政局 on 死亡注销户口信息: unused for four months (第三十一条: idle)
    {"id": "g-death-idle", "itemId": DEATH, "consumerCode": "140500-MZJ", "mode": "DIRECT", "elements": ["GMSFHM"],
     "purpose": "核验", "grantedAt": "2024-12-01T00:00:00.000000Z", "expiresAt": "2027-11-30T15:59:59.000000Z",
     "lastUsedAt": _iso(NOW - timedelta(days=120))},
]


@pytest.fixture(scope="module", params=ENGINES)
async def world(request: pytest.FixtureRequest, falkordb_engine: EmbeddedFalkorDB) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.ASGITransport, GraphStore]]:
    """The demo catalog with three grants of 民政局, served by the real app at a fixed instant."""
    store = await open_store_on(request.param, falkordb_engine, "policy-explain")
    await load_demo(store)
    await store.write("grants/upsert_for_import", rows=GRANTS)
    if request.param == "neo4j":
        NEO4J.world = "policy-explain"
    app = create_app(SETTINGS, store=store, clock=lambda: NOW)
    try:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://mulu.test") as http:
                yield http, transport, store
    finally:
        if request.param == "neo4j":
            NEO4J.world = None
        else:
            await store.drop()
        await store.close()


async def call(http: httpx.AsyncClient, query: str, headers: dict, **variables: object) -> dict:
    response = await gql(http, query, headers, variables)
    assert response.status_code == 200, response.text
    return response.json()


def question(item: str | None, action: str, department: str = "140500-MZJ", roles: tuple[str, ...] = ("DEPT_USER",),
             **more: object) -> dict:
    return {"department": department, "roles": list(roles), "action": action, "itemId": item, **more}


async def explain(http: httpx.AsyncClient, headers: dict = AUDITOR, **kwargs: object) -> dict:
    body = await call(http, EXPLAIN, headers, input=question(**kwargs))
    assert "errors" not in body, body
    return body["data"]["policyExplain"]


@pytest.mark.parametrize(("item", "reason"), [
    (SEAL, "ALLOWED"),  # the live grant decides, not the expired one
    (DEATH, "GRANT_IDLE"),
    (NO_RECORD, "NO_GRANT"),
])
async def test_explain_use_decides_as_the_gateway_does(world, item: str, reason: str) -> None:
    http, _, _ = world
    explained = await explain(http, item=item, action="use")
    answered = (await call(http, AUTHORIZE, CONSUMER, i=item))["data"]["authorize"]
    assert (explained["allowed"], explained["reason"]) == (answered["allowed"], answered["reason"]) \
        == (reason == "ALLOWED", reason)
    text = "\n".join(explained["lines"])
    assert "140500-MZJ 晋城市民政局" in text and "140500-GAJ 晋城市公安局" in text
    if item == SEAL:
        assert "g-seal-live" in text and "g-seal-old" in text and "← decides" in text
        assert answered["grantId"] == "g-seal-live"


@pytest.mark.parametrize(("item", "allowed", "reason"), [
    (DEATH, True, "ALLOWED"),
    (NO_RECORD, False, "OUT_OF_SCOPE"),
    (CRIMES, False, "NOT_SHARED"),
])
async def test_explain_apply_decides_as_the_server_does(world, item: str, allowed: bool, reason: str) -> None:
    http, _, _ = world
    explained = await explain(http, item=item, action="apply")
    assert (explained["allowed"], explained["reason"]) == (allowed, reason)
    text = "\n".join(explained["lines"])
    assert "有条件共享" in text or "不予共享" in text
    assert "共享属性为“?”" not in text and "class=-" not in text
    payload = {"itemId": item, "elementCodes": ["XM"] if item != DEATH else ["GMSFHM"], "purpose": "核实低保申请人家庭成员状况",
               "scenario": "最低生活保障审核确认", "until": "2026-09-30"}
    applied = await call(http, APPLY, CONSUMER, input=payload)
    if allowed:
        assert "errors" not in applied, applied
    else:
        assert applied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        assert applied["errors"][0]["extensions"]["reason"] == reason


async def test_explain_is_for_policy_admins_and_auditors(world) -> None:
    http, _, _ = world
    refused = await call(http, EXPLAIN, CONSUMER, input=question(SEAL, "use"))
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await explain(http, ADMIN, item=SEAL, action="use"))["allowed"]
    missing = await call(http, EXPLAIN, AUDITOR, input=question("no-such-item", "apply"))
    assert missing["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    unknown = await call(http, EXPLAIN, AUDITOR, input=question(SEAL, "fly"))
    assert unknown["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_diff_shows_the_rules_values_that_change(world) -> None:
    http, _, _ = world
    current = (await call(http, "{ policy { version model policy rules } }", ADMIN))["data"]["policy"]
    rules = current["rules"].replace("review_working_days = 2 ", "review_working_days = 1 ", 1)
    policy = current["policy"].replace("p, read_policy, AUDITOR, *, always\n", "")
    assert rules != current["rules"] and policy != current["policy"]
    saved = await call(http, SAVE, ADMIN, m=current["model"], p=policy, rules=rules, r="审核时限缩短", v=current["version"])
    assert "errors" not in saved, saved
    new = saved["data"]["savePolicy"]["policyVersion"]["version"]
    try:
        diff = (await call(http, DIFF, ADMIN, a=current["version"], b=new))["data"]["policyDiff"]
        assert diff["fromVersion"] == current["version"] and diff["toVersion"] == new
        assert diff["ruleChanges"] == [{"key": "requests.review_working_days", "before": "2", "after": "1"}]
        assert [line["text"] for line in diff["removedLines"]] == ["p, read_policy, AUDITOR, *, always"]
        assert diff["addedLines"] == [] and not diff["modelChanged"] and diff["problems"] == []
        missing = await call(http, DIFF, ADMIN, a=1, b=99)
        assert missing["errors"][0]["extensions"]["code"] == "NOT_FOUND"
        assert (await call(http, DIFF, CONSUMER, a=1, b=new))["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    finally:  # the version in force again gives auditors their reads
        restored = await call(http, "mutation($v: Int!) { restorePolicy(input: {version: $v, reason: \"回滚\"}) "
                                    "{ policyVersion { version } } }", ADMIN, v=current["version"])
        assert "errors" not in restored, restored


async def test_dry_run_flips_name_departments_and_items(world) -> None:
    http, _, _ = world
    current = (await call(http, "{ policy { model policy rules } }", ADMIN))["data"]["policy"]
    longer = current["rules"].replace('idle_limit = "P3M"', 'idle_limit = "P6M"', 1)
    found = (await call(http, DRY_RUN, ADMIN, m=current["model"], p=current["policy"], rules=longer))["data"]["policyDryRun"]
    flips = [f for f in found["flips"] if f["target"] == "g-death-idle"]
    assert [f["action"] for f in flips] == ["use"]  # feedback: still within the report window either way
    for flip in flips:
        assert (flip["kind"], flip["departmentCode"], flip["departmentName"]) == ("GRANT", "140500-MZJ", "晋城市民政局")
        assert (flip["itemId"], flip["itemName"], flip["afterReason"]) == (DEATH, "死亡注销户口信息", "ALLOWED")


# ---- mulu policy … --server, through the same app ------------------------------------------------


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="mulu")
    cli.add_parser(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(["policy", *argv])


def remote(*argv: str, role: Role = Role.AUDITOR) -> argparse.Namespace:
    token = token_for(SETTINGS, "140500-DSJ", role, user="cli-" + role.value.lower())
    return parse(*argv, "--server", "http://mulu.test", "--token", token)


async def test_cli_explain_item_through_the_server(world, capsys) -> None:
    _, transport, _ = world
    args = remote("explain", "--item-id", NO_RECORD, "--department", "140500-MZJ", "--role", "DEPT_USER", "--action", "apply")
    assert await cli.run_async(args, None, transport=transport) == 1
    out = capsys.readouterr().out
    assert "decision: DENY OUT_OF_SCOPE" in out and "无犯罪记录证明开具信息" in out and "140500-MZJ 晋城市民政局" in out
    args = remote("explain", "--item-id", SEAL, "--department", "140500-MZJ", "--role", "DEPT_USER", "--action", "use")
    assert await cli.run_async(args, None, transport=transport) == 0
    assert "decision: ALLOW ALLOWED" in capsys.readouterr().out


async def test_cli_diff_and_dry_run_through_the_server(world, tmp_path: Path, capsys) -> None:
    _, transport, _ = world
    rules = tmp_path / "rules.toml"
    rules.write_text(RULES_PATH.read_text(encoding="utf-8").replace("review_working_days = 2 ", "review_working_days = 1 ", 1)
                     .replace('idle_limit = "P3M"', 'idle_limit = "P6M"', 1), encoding="utf-8")
    assert await cli.run_async(remote("diff", "1", "files", "--rules", str(rules)), None, transport=transport) == 0
    out = capsys.readouterr().out
    assert "requests.review_working_days: 2 → 1" in out and "grants.idle_limit: P3M → P6M" in out
    assert "(no change 无变化)" in out  # the model and the policy lines
    args = remote("dry-run", "--rules", str(rules), role=Role.POLICY_ADMIN)
    assert await cli.run_async(args, None, transport=transport) == 0
    captured = capsys.readouterr()
    assert "rules.toml requests.review_working_days: 2 → 1" in captured.out
    assert (f"grant g-death-idle on {DEATH} 死亡注销户口信息: 140500-MZJ 晋城市民政局 (DEPT_USER) use: "
            "DENY GRANT_IDLE → ALLOW ALLOWED") in captured.out
    assert "decision(s) would change" in captured.err


async def test_cli_server_refusal_is_one_line(world, capsys) -> None:
    _, transport, _ = world
    token = token_for(SETTINGS, "140500-MZJ", Role.DEPT_USER)
    args = parse("history", "--server", "http://mulu.test", "--token", token)
    assert await cli.run_async(args, None, transport=transport) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "FORBIDDEN" in err and "Traceback" not in err
