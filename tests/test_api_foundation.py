"""The GraphQL server end to end: real tokens, real HTTP through the ASGI app, the demo catalog."""

from __future__ import annotations

import time
from datetime import date, datetime, timezone

import httpx
import jwt
import pytest

from server.api.schema import build_schema
from server.app import create_app
from server.auth import Role
from tests.helpers import REPO, auth, gql, make_settings, token_for


# ---- authentication -------------------------------------------------------------------------


async def test_graphiql_page_loads_without_token(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "text/html" in response.headers["content-type"]
    assert "GraphiQL" in response.text


@pytest.mark.parametrize(
    "header, fragment",
    [
        (None, "缺少身份令牌"),
        ("Token abc", "格式错误"),
        ("Bearer not-a-jwt", "身份令牌无效"),
    ],
)
async def test_operation_without_valid_token_is_401(client: httpx.AsyncClient, header: str | None, fragment: str) -> None:
    headers = {"Authorization": header} if header else {}
    response = await gql(client, "{ me { user } }", headers)
    assert response.status_code == 401
    body = response.json()
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert fragment in body["errors"][0]["message"]
    assert response.headers["www-authenticate"].startswith("Bearer")


async def test_get_query_without_token_is_401(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", params={"query": "{ me { user } }"})
    assert response.status_code == 401


async def test_forged_and_expired_tokens_are_refused(client: httpx.AsyncClient, settings) -> None:
    forged = token_for(make_settings(jwt_secret="another-secret-entirely-0123456789abcdef"), "140500-GAJ")
    response = await gql(client, "{ me { user } }", {"Authorization": f"Bearer {forged}"})
    assert response.status_code == 401 and "无效" in response.json()["errors"][0]["message"]

    expired = jwt.encode(
        {"sub": "u", "dept": "140500-GAJ", "roles": ["DEPT_USER"], "iss": settings.jwt_issuer,
         "aud": settings.jwt_audience, "exp": int(time.time()) - 60},
        settings.jwt_secret, algorithm="HS256",
    )
    response = await gql(client, "{ me { user } }", {"Authorization": f"Bearer {expired}"})
    assert response.status_code == 401 and "过期" in response.json()["errors"][0]["message"]

    unknown_role = jwt.encode(
        {"sub": "u", "dept": "140500-GAJ", "roles": ["GOD"], "iss": settings.jwt_issuer,
         "aud": settings.jwt_audience, "exp": int(time.time()) + 60},
        settings.jwt_secret, algorithm="HS256",
    )
    response = await gql(client, "{ me { user } }", {"Authorization": f"Bearer {unknown_role}"})
    assert response.status_code == 401 and "未知角色" in response.json()["errors"][0]["message"]


async def test_me_names_the_department(client: httpx.AsyncClient, settings) -> None:
    headers = auth(settings, "140500-GAJ", Role.DEPT_DATA_OFFICER, user="zhangsan")
    response = await gql(client, "{ me { user departmentCode roles expiresAt roleLabels { label } department { id code name dataOfficer { name } } } }", headers)
    me = response.json()["data"]["me"]
    assert me["user"] == "zhangsan"
    assert datetime.fromisoformat(me["expiresAt"]) > datetime.now(timezone.utc)
    assert me["roles"] == ["DEPT_DATA_OFFICER"]
    assert me["roleLabels"] == [{"label": "部门数据管理员"}]
    assert me["department"]["name"] == "晋城市公安局" and me["department"]["id"] == me["department"]["code"] == "140500-GAJ"
    assert me["department"]["dataOfficer"]["name"]


# ---- catalog reads --------------------------------------------------------------------------

ITEM_FIELDS = """
  id code name summary status version providerCode storageLevel category grade format formatDetail
  shareType shareCondition legalBasis shareModes openType openMode updateCycle publishedOn elementCount
  createdAt updatedAt dataUpdatedAt platformAuthorizedAt
  themeCodes shareScope { code }
  provider { code name responsibleUnit dataOfficer { name phone } }
  elements { seq name code type length sensitivity maskingRule verifyOnly sourceItemId }
"""


async def test_departments_tree_with_item_counts(client: httpx.AsyncClient, settings) -> None:
    query = "query($after: String) { departments(first: 50, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { code name itemCount ownItemCount children { code name itemCount } } } } }"
    seen: list[dict] = []
    after = None
    while True:
        page = (await gql(client, query, auth(settings), {"after": after})).json()["data"]["departments"]
        seen += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == page["totalCount"] >= 40
    assert len({d["code"] for d in seen}) == len(seen)
    police = next(d for d in seen if d["code"] == "140500-GAJ")
    assert police["children"], "市公安局 has subordinate units"
    assert police["itemCount"] == police["ownItemCount"] + sum(c["itemCount"] for c in police["children"])
    assert sum(d["itemCount"] for d in seen) >= 300


async def test_page_size_is_capped(client: httpx.AsyncClient, settings) -> None:
    response = await gql(client, "{ departments(first: 1000) { totalCount } }", auth(settings))
    error = response.json()["errors"][0]
    assert {k: v for k, v in error["extensions"].items() if k != "problems"} == {"code": "BAD_USER_INPUT", "field": "first"}


async def test_bad_cursor_names_the_field(client: httpx.AsyncClient, settings) -> None:
    response = await gql(client, '{ departments(after: "!!") { totalCount } }', auth(settings))
    assert response.json()["errors"][0]["extensions"]["field"] == "after"


async def test_catalog_item_by_code_and_id(client: httpx.AsyncClient, settings) -> None:
    demo = await _an_item(client, settings)
    by_code = (await gql(client, f"query($c: String) {{ catalogItem(code: $c) {{ {ITEM_FIELDS} }} }}", auth(settings), {"c": demo["code"]})).json()
    item = by_code["data"]["catalogItem"]
    by_id = (await gql(client, f"query($i: ID) {{ catalogItem(id: $i) {{ {ITEM_FIELDS} }} }}", auth(settings), {"i": item["id"]})).json()
    assert by_id["data"]["catalogItem"] == item
    assert item["status"] == "PUBLISHED"
    assert date.fromisoformat(item["publishedOn"])  # Date: YYYY-MM-DD
    for instant in ("createdAt", "updatedAt", "dataUpdatedAt"):  # DateTime: ISO 8601 with its offset
        assert datetime.fromisoformat(item[instant]).utcoffset() is not None, instant
    assert item["elements"] and [e["seq"] for e in item["elements"]] == sorted(e["seq"] for e in item["elements"])
    assert item["provider"]["dataOfficer"]["name"]


async def test_unknown_item_and_department_are_null(client: httpx.AsyncClient, settings) -> None:
    response = await gql(client, '{ catalogItem(code: "999999-XX/100001") { name } department(code: "999999-XX") { name } }',
                         auth(settings))
    assert response.json() == {"data": {"catalogItem": None, "department": None}}
    response = await gql(client, '{ catalogItem(id: "no-such-item") { name } }', auth(settings))
    assert response.json() == {"data": {"catalogItem": None}}
    response = await gql(client, "{ catalogItem { name } }", auth(settings))
    assert {k: v for k, v in response.json()["errors"][0]["extensions"].items() if k != "problems"} == {"code": "BAD_USER_INPUT", "field": "id"}


async def _an_item(client: httpx.AsyncClient, settings) -> dict:
    """The first item of 市公安局 named 居民身份证信息, found through the graph's own code."""
    from seed.load import item_id

    response = await gql(client, "query($i: ID) { catalogItem(id: $i) { id code name } }", auth(settings),
                         {"i": item_id("140500-GAJ", "居民身份证信息")})
    return response.json()["data"]["catalogItem"]


async def test_regions_themes_databases(client: httpx.AsyncClient, settings) -> None:
    body = (await gql(client, "{ regions { code name level parentCode departmentCount } themes { code name itemCount children { code name itemCount } } databases { code name kind leadDepartmentCode contributorCodes } }", auth(settings))).json()["data"]
    regions = {r["code"]: r for r in body["regions"]}
    assert regions["140500"]["name"] == "晋城市" and regions["140500"]["level"] == "CITY"
    for code in ("140502", "140521", "140522", "140524", "140525", "140581"):
        assert regions[code]["level"] == "COUNTY" and regions[code]["parentCode"] == "140500"
    assert any(r["level"] == "ZONE" for r in regions.values())
    assert all(theme["children"] for theme in body["themes"])
    kinds = {d["kind"] for d in body["databases"]}
    assert kinds == {"BASIC", "THEMATIC"}
    basic_names = {d["name"] for d in body["databases"] if d["kind"] == "BASIC"}
    for word in ("人口", "法人", "自然资源", "电子证照", "社会信用"):
        assert any(word in name for name in basic_names), word


async def test_value_lists_carry_chinese_labels(client: httpx.AsyncClient, settings) -> None:
    lists = (await gql(client, "{ valueLists { name values { value label } } }", auth(settings))).json()["data"]["valueLists"]
    share = next(item for item in lists if item["name"] == "ShareType")
    assert [v["label"] for v in share["values"]] == ["无条件共享", "有条件共享", "不予共享"]


# ---- limits -----------------------------------------------------------------------------------


async def test_depth_limit(client: httpx.AsyncClient, settings) -> None:
    nested = "children { " * 15 + "code" + " }" * 15
    response = await gql(client, f"{{ departments {{ edges {{ node {{ {nested} }} }} }} }}", auth(settings))
    error = response.json()["errors"][0]
    assert "depth" in error["message"] and error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_depth_limit_sees_through_fragments(client: httpx.AsyncClient, settings) -> None:
    fragments = "".join(f"fragment F{i} on Department {{ children {{ ...F{i + 1} }} }} " for i in range(14)) + "fragment F14 on Department { code }"
    query = "{ department(code: \"140500-GAJ\") { ...F0 } } " + fragments
    response = await gql(client, query, auth(settings))
    assert "depth" in response.json()["errors"][0]["message"]


async def test_alias_limit(client: httpx.AsyncClient, settings) -> None:
    aliases = " ".join(f"a{i}: me {{ user }}" for i in range(40))
    response = await gql(client, f"{{ {aliases} }}", auth(settings))
    assert "aliases" in response.json()["errors"][0]["message"].lower()


async def test_token_limit(client: httpx.AsyncClient, settings) -> None:
    query = "{ me { " + " ".join(["user"] * 2500) + " } }"
    response = await gql(client, query, auth(settings))
    assert "token" in response.json()["errors"][0]["message"].lower()


async def test_request_size_limit_is_413(client: httpx.AsyncClient, settings) -> None:
    response = await client.post("/graphql", content=b"{" + b" " * 300_000 + b"}", headers={**auth(settings), "Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


async def test_batched_operations_are_capped(client: httpx.AsyncClient, settings) -> None:
    two = [{"query": "{ me { user } }"}, {"query": "{ regions { code } }"}]
    response = await client.post("/graphql", json=two, headers=auth(settings))
    assert response.status_code == 200 and len(response.json()) == 2
    many = [{"query": "{ me { user } }"}] * (settings.max_batch + 1)
    response = await client.post("/graphql", json=many, headers=auth(settings))
    assert response.status_code == 400


async def test_field_suggestions_only_in_development(demo_store) -> None:
    query = "{ me { usr } }"
    for environment, suggests in (("development", True), ("production", False)):
        settings = make_settings(environment=environment)
        app = create_app(settings, store=demo_store)
        async with app.router.lifespan_context(app):
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
                message = (await gql(http, query, auth(settings))).json()["errors"][0]["message"]
        assert ("Did you mean" in message) is suggests, (environment, message)


# ---- operations endpoints and the committed schema ------------------------------------------


async def test_health_ready_metrics(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).text == "ok"
    assert (await client.get("/readyz")).status_code == 200
    metrics = await client.get("/metrics")
    assert metrics.status_code == 200
    assert "mulu_http_requests_total" in metrics.text


def test_committed_sdl_matches_the_schema() -> None:
    committed = (REPO / "server" / "api" / "schema.graphql").read_text(encoding="utf-8")
    current = build_schema(make_settings()).as_str() + "\n"
    assert committed == current, "GraphQL schema drifted: run `mulu schema > server/api/schema.graphql` and commit"


# ---- GraphQL over HTTP -----------------------------------------------------------------------


async def test_graphql_response_media_type_and_request_errors(client: httpx.AsyncClient, settings) -> None:
    accept = {**auth(settings), "Accept": "application/graphql-response+json"}
    ok = await client.post("/graphql", json={"query": "{ me { user } }"}, headers=accept)
    assert ok.status_code == 200 and ok.headers["content-type"].startswith("application/graphql-response+json")
    invalid = await client.post("/graphql", json={"query": "{ me { nope } }"}, headers=accept)
    assert invalid.status_code == 400 and "data" not in invalid.json()
    unparsable = await client.post("/graphql", json={"query": "{ me { "}, headers=accept)
    assert unparsable.status_code == 400
    legacy = await client.post("/graphql", json={"query": "{ me { nope } }"}, headers=auth(settings))
    assert legacy.status_code == 200 and legacy.headers["content-type"].startswith("application/json")


async def test_get_queries_run_and_mutations_over_get_are_refused(client: httpx.AsyncClient, settings) -> None:
    response = await client.get("/graphql", params={"query": "{ me { user } }"}, headers=auth(settings))
    assert response.status_code == 200 and response.json()["data"]["me"]["user"] == "tester"
    response = await client.get("/graphql", params={"query": "mutation { __typename }"}, headers=auth(settings))
    assert response.status_code in (400, 405)


async def test_requests_strawberry_cannot_run_get_json_errors(client: httpx.AsyncClient, settings) -> None:
    response = await client.post("/graphql", json={"query": "query A { me { user } }", "operationName": "B"}, headers=auth(settings))
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    response = await client.post("/graphql", content=b"{not json", headers={**auth(settings), "Content-Type": "application/json"})
    assert response.status_code == 400 and response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


def _conventions_broken() -> list[str]:
    """What in the schema breaks DESIGN.md's GraphQL conventions (GitHub's API is the model)."""
    from graphql import (
        GraphQLEnumType, GraphQLInputObjectType, GraphQLInterfaceType, GraphQLList, GraphQLNonNull, GraphQLObjectType,
    )

    schema = build_schema(make_settings())._schema
    problems = []

    def named(kind):
        while isinstance(kind, (GraphQLNonNull, GraphQLList)):
            kind = kind.of_type
        return kind

    for name, kind in schema.type_map.items():
        if name.startswith("__") or not isinstance(
            kind, (GraphQLObjectType, GraphQLInputObjectType, GraphQLInterfaceType, GraphQLEnumType)
        ):
            continue
        if not kind.description:
            problems.append(f"type {name} has no description")
        if isinstance(kind, GraphQLEnumType):
            problems += [f"enum value {name}.{value} has no Chinese label"
                         for value, definition in kind.values.items() if not definition.description]
            continue
        for field_name, field in kind.fields.items():
            if not field.description:
                problems.append(f"{name}.{field_name} has no description")
            problems += [f"{name}.{field_name}({arg}) has no description"
                         for arg, definition in getattr(field, "args", {}).items() if not definition.description]
            if named(field.type).name == "String" and field_name.endswith(("At", "On", "Until")):
                problems.append(f"{name}.{field_name} is an instant or a day as a String")
    for name, field in schema.mutation_type.fields.items():
        if list(field.args) != ["input"]:
            problems.append(f"mutation {name} takes {list(field.args)}, not one input")
        if not named(field.type).name.endswith("Payload"):
            problems.append(f"mutation {name} returns {named(field.type).name}, not a payload")
    for lookup in ("node", "catalogItem", "department", "accessRequest", "grant", "feedbackReport", "policyVersion"):
        if isinstance(schema.query_type.fields[lookup].type, GraphQLNonNull):
            problems.append(f"lookup {lookup} is not nullable")
    for name in ("CatalogItem", "DataElement", "Department", "AccessRequest", "Grant", "FeedbackReport",
                 "WithdrawalRequest", "ChangeEvent", "ItemVersion", "PolicyVersion"):
        if "Node" not in [interface.name for interface in schema.type_map[name].interfaces]:
            problems.append(f"{name} does not implement Node")
    if "uthoris" in str(schema_text := build_schema(make_settings()).as_str()):
        problems.append("British spelling in the schema: " + next(
            line.strip() for line in schema_text.splitlines() if "uthoris" in line))
    for name in ("whereDatumLives", "staleItems", "withdrawalRequests", "changeEvents"):
        if "totalCount" not in named(schema.query_type.fields[name].type).fields:
            problems.append(f"{name} is not a connection with totalCount")
    return problems


def test_the_schema_follows_the_conventions() -> None:
    """Descriptions on every type, field, argument and enum value; DateTime/Date for instants and days;
    one input and a payload per mutation; nullable lookups; Node; connections with totalCount."""
    assert _conventions_broken() == []
