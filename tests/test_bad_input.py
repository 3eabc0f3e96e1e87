"""Bad input gets a coded 4xx and changes nothing (issue 11 point 6): odd bodies, bad strings,
long strings, far dates, odd tokens, odd query parameters, huge headers, formula cells. Real
tokens, real HTTP through the ASGI app, both engines."""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import AsyncIterator
from datetime import datetime, timezone

import httpx
import jwt
import pytest
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st

from graph.embedded import EmbeddedFalkorDB
from seed import demo
from seed.load import item_id
from server.input_checks import DATE_SCALARS, TEXT_SCALARS, limit_for
from server.api.schema import build_schema
from server.auth import Role
from server.domain import catalog_template
from server.domain.catalog_template import FORMULA_STARTS
from tests.helpers import ENGINES, auth, demo_world, make_settings

SETTINGS = make_settings()
CONSUMER = auth(SETTINGS, "140500-MZJ", Role.DEPT_USER, user="minzheng-clerk")
OFFICER = auth(SETTINGS, "140500-MZJ", Role.DEPT_DATA_OFFICER, user="mzj-officer")
AUTHORITY = auth(SETTINGS, "140500-DSJ", Role.AUTHORITY_ADMIN, user="dsj-reviewer")
DEATH = item_id("140500-GAJ", "死亡注销户口信息")  # 有条件共享, 民政局 in scope
PLACES = item_id("140500-MZJ", "地名信息")
NOW = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)

APPLY = ("mutation($input: ApplyForAccessInput!) { applyForAccess(input: $input) { accessRequest { id } } }")
MY_REQUESTS = "{ myRequests(first: 100) { totalCount } }"
CHANGE_EVENTS = "{ changeEvents(first: 100) { totalCount } }"
RECORD_EVENT = ("mutation($ids: [ID!]!, $d: String!, $p: Date!) { recordChangeEvent(input: "
                "{itemIds: $ids, description: $d, publishedOn: $p}) { changeEvent { id } } }")
AUTHORIZE = "query($item: ID!, $codes: [String!]!) { authorize(itemId: $item, elementCodes: $codes) { allowed reason } }"
AUTHORIZE_BATCH = "query($q: [AuthorizeQuestion!]!) { authorizeBatch(questions: $q) { allowed reason } }"


@pytest.fixture(scope="module", params=ENGINES)
async def http(request: pytest.FixtureRequest, falkordb_engine: EmbeddedFalkorDB) -> AsyncIterator[httpx.AsyncClient]:
    async with demo_world(request.param, falkordb_engine, "badinput", SETTINGS, clock=lambda: NOW) as ([client], _):
        yield client


async def post(http: httpx.AsyncClient, payload: object, headers: dict[str, str]) -> httpx.Response:
    """POST a JSON body as ASCII JSON, so a lone surrogate travels as its escape `\\ud800` —
    as a hostile client sends it (httpx's own encoder would refuse to encode it)."""
    return await http.post("/graphql", content=json.dumps(payload).encode("ascii"),
                           headers={**headers, "Content-Type": "application/json"})


async def total(http: httpx.AsyncClient, query: str, headers: dict[str, str]) -> int:
    body = (await post(http, {"query": query}, headers)).json()
    [connection] = body["data"].values()
    return connection["totalCount"]


def refused(response: httpx.Response, field: str) -> dict:
    """The BAD_USER_INPUT error of a refused operation, naming `field`; no data was produced."""
    assert response.status_code == 200, response.text
    body = response.json()
    assert body.get("data") is None, body
    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    assert error["extensions"]["field"] == field, error
    assert any(problem["field"] == field for problem in error["extensions"]["problems"])
    return error


def apply_input(**overrides: object) -> dict:
    return {"itemId": DEATH, "elementCodes": ["xm"], "purpose": "核对低保对象死亡情况", "scenario": "低保年审",
            "until": "2026-12-31", **overrides}


# ---- the body ---------------------------------------------------------------------------------


@pytest.mark.parametrize("body", [
    b"[]", b'"a string"', b"null", b"123", b"true", b"[1]", b'["{ me { user } }"]', b"[null]",
    b'[{"query": "{ me { user } }", "variables": "x"}]',
    b"[" * 100_000,
])
async def test_a_body_that_is_not_an_operation_is_400(http, body: bytes) -> None:
    response = await http.post("/graphql", content=body, headers={**CONSUMER, "Content-Type": "application/json"})
    assert response.status_code == 400, response.text
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_REQUEST" and error["message"]


async def test_a_body_that_is_not_utf8_is_400(http) -> None:
    body = b'{"query": "{ search(text: \\"\xff\xfe\\") { totalCount } }"}'
    response = await http.post("/graphql", content=body, headers={**CONSUMER, "Content-Type": "application/json"})
    assert response.status_code == 400, response.text
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_REQUEST" and "UTF-8" in error["message"]


async def test_an_error_quoting_a_lone_surrogate_is_still_json(http) -> None:
    """graphql-core quotes a bad enum value in its message; the response escapes it, no 500."""
    response = await post(http, {"query": "query($s: SortOrder!) { search(sort: $s) { totalCount } }",
                                 "variables": {"s": "\ud800"}}, CONSUMER)
    assert response.status_code == 200 and response.json()["errors"][0]["extensions"]["code"]


# ---- strings: NUL, lone surrogates, lengths ---------------------------------------------------


@pytest.mark.parametrize("bad", ["核对\x00情况", "核对\ud800情况", "\udfff"])
async def test_a_nul_or_a_lone_surrogate_in_a_variable_is_refused_and_nothing_is_written(http, bad: str) -> None:
    before = await total(http, MY_REQUESTS, CONSUMER)
    error = refused(await post(http, {"query": APPLY, "variables": {"input": apply_input(purpose=bad)}}, CONSUMER),
                    "purpose")
    assert "purpose" in error["message"]
    refused(await post(http, {"query": APPLY, "variables": {"input": apply_input(elementCodes=["xm", bad])}}, CONSUMER),
            "elementCodes[1]")
    assert await total(http, MY_REQUESTS, CONSUMER) == before


async def test_a_nul_in_a_literal_is_refused(http) -> None:
    query = ('mutation { applyForAccess(input: {itemId: "%s", elementCodes: ["xm"], purpose: "a\\u0000b", '
             'scenario: "s", until: "2026-12-31"}) { accessRequest { id } } }' % DEATH)
    before = await total(http, MY_REQUESTS, CONSUMER)
    refused(await post(http, {"query": query}, CONSUMER), "purpose")
    refused(await post(http, {"query": '{ search(text: "身份\\u0000证") { totalCount } }'}, CONSUMER), "text")
    refused(await post(http, {"query": 'query($t: String! = "a\\u0000") { search(text: $t) { totalCount } }'}, CONSUMER),
            "text")
    assert await total(http, MY_REQUESTS, CONSUMER) == before


DRAFT = "mutation($input: CreateDraftInput!) { createDraft(input: $input) { item { id } } }"


def draft(**changes: object) -> dict:
    item = {
        "name": "临时救助对象信息", "summary": "本市临时救助对象的救助类型、金额和发放时间", "providerCode": "140500-MZJ",
        "storageLevel": "CITY", "category": "DEPARTMENTAL", "grade": "GENERAL", "format": "DATABASE",
        "shareType": "UNCONDITIONAL", "shareModes": ["API"], "openType": "NOT_OPEN", "openMode": "NONE",
        "updateCycle": "MONTHLY",
        "elements": [{"name": "公民身份号码", "code": "GMSFHM", "type": "STRING"}, {"name": "姓名", "code": "XM", "type": "STRING"}],
    }
    item.update(changes)
    return {"input": {"item": item}}


async def test_a_bad_string_deep_in_a_draft_names_its_path(http) -> None:
    count = '{ departmentItems(departmentCode: "140500-MZJ") { totalCount } }'
    before = await total(http, count, AUTHORITY)
    elements = [{"name": "公民身份号码", "code": "GMSFHM", "type": "STRING"}, {"name": "姓\x00名", "code": "XM", "type": "STRING"}]
    refused(await post(http, {"query": DRAFT, "variables": draft(elements=elements)}, OFFICER), "item.elements[1].name")
    refused(await post(http, {"query": DRAFT, "variables": draft(name="名" * 101)}, OFFICER), "item.name")
    refused(await post(http, {"query": DRAFT, "variables": draft(shareScope=["140500-RSJ", "\ud800"])}, OFFICER),
            "item.shareScope[1]")
    refused(await post(http, {"query": DRAFT, "variables": draft(publishedOn="2201-01-01")}, OFFICER), "item.publishedOn")
    assert await total(http, count, AUTHORITY) == before
    accepted = (await post(http, {"query": DRAFT, "variables": draft(name="名" * 100)}, OFFICER)).json()
    assert "errors" not in accepted, accepted  # at the limit is fine


@pytest.mark.parametrize(("field", "limit"), [("purpose", 2000), ("scenario", 2000), ("itemId", 128)])
async def test_a_string_over_its_limit_is_refused(http, field: str, limit: int) -> None:
    before = await total(http, MY_REQUESTS, CONSUMER)
    error = refused(await post(http, {"query": APPLY, "variables": {"input": apply_input(**{field: "长" * (limit + 1)})}},
                               CONSUMER), field)
    assert str(limit) in error["message"]
    assert await total(http, MY_REQUESTS, CONSUMER) == before


async def test_ids_and_codes_have_their_limits_and_search_text_its_cut(http) -> None:
    search = "query($t: String!) { search(text: $t) { totalCount } }"
    long = await post(http, {"query": search, "variables": {"t": "身份证" * 1000}}, CONSUMER)
    assert "errors" not in long.json()  # searched for its first 100 characters, as before
    refused(await post(http, {"query": search, "variables": {"t": "身份证" * 1000 + "\x00"}}, CONSUMER), "text")
    refused(await post(http, {"query": AUTHORIZE, "variables": {"item": "x" * 129, "codes": ["xm"]}}, CONSUMER), "itemId")
    refused(await post(http, {"query": AUTHORIZE_BATCH, "variables": {"q": [
        {"itemId": DEATH, "elementCodes": ["xm"]}, {"itemId": DEATH, "elementCodes": ["c" * 129]}]}}, CONSUMER),
        "questions[1].elementCodes[0]")


def test_the_schema_states_every_limit() -> None:
    """Every String and ID argument and input field says its limit; every Date and DateTime its years."""
    from graphql import GraphQLInputObjectType, GraphQLList, GraphQLNonNull, GraphQLObjectType

    schema = build_schema(make_settings())._schema

    def named(kind):
        while isinstance(kind, (GraphQLNonNull, GraphQLList)):
            kind = kind.of_type
        return kind.name

    missing = []
    for name, kind in schema.type_map.items():
        if name.startswith("__"):
            continue
        positions = []
        if isinstance(kind, GraphQLInputObjectType):
            positions = [(f"{name}.{f}", f, d) for f, d in kind.fields.items()]
        elif isinstance(kind, GraphQLObjectType):
            positions = [(f"{name}.{fn}({a})", a, d) for fn, fd in kind.fields.items() for a, d in fd.args.items()]
        for where, field, definition in positions:
            scalar = named(definition.type)
            limit = limit_for(field, scalar) if scalar in TEXT_SCALARS else 0
            if scalar in TEXT_SCALARS and f"{limit or 100} characters" not in definition.description:
                missing.append(where)
            if scalar in DATE_SCALARS and "1900–2200" not in definition.description:
                missing.append(where)
    assert missing == []
    described = schema.type_map["ApplyForAccessInput"].fields
    assert described["purpose"].description.endswith("最多 2000 个字符 (at most 2000 characters)")
    assert "每项最多 128 个字符" in described["elementCodes"].description
    assert schema.type_map["CatalogItemInput"].fields["name"].description.endswith("(at most 100 characters)")
    assert schema.query_type.fields["search"].args["text"].description.endswith("(only the first 100 characters are searched)")


# ---- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize("day", ["9999-12-31", "2201-01-01", "1899-12-31", "0001-01-01"])
async def test_a_date_out_of_range_is_refused_and_nothing_is_written(http, day: str) -> None:
    before = await total(http, CHANGE_EVENTS, AUTHORITY)
    requests_before = await total(http, MY_REQUESTS, CONSUMER)
    error = refused(await post(http, {"query": RECORD_EVENT, "variables": {"ids": [PLACES], "d": "《地名管理条例》修订", "p": day}},
                               AUTHORITY), "publishedOn")
    assert "1900" in error["message"] and "2200" in error["message"]
    literal = RECORD_EVENT.replace(", $p: Date!", "").replace("$p", f'"{day}"')
    refused(await post(http, {"query": literal, "variables": {"ids": [PLACES], "d": "《地名管理条例》修订"}}, AUTHORITY),
            "publishedOn")
    error = refused(await post(http, {"query": APPLY, "variables": {"input": apply_input(until=day)}}, CONSUMER), "until")
    assert "1900" in error["message"]
    assert await total(http, CHANGE_EVENTS, AUTHORITY) == before
    assert await total(http, MY_REQUESTS, CONSUMER) == requests_before


# ---- tokens ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("claims", "fragment"), [
    ({"dept": "140500-MZJ\x00"}, "dept"),
    ({"dept": "\x00"}, "dept"),
    ({"dept": "140500-\ud800"}, "dept"),
    ({"dept": "1" * 200}, "dept"),
    ({"sub": "user\x00"}, "sub"),
])
async def test_a_bad_claim_is_401_with_its_reason(http, claims: dict, fragment: str) -> None:
    token = jwt.encode({"sub": "u", "dept": "140500-MZJ", "roles": ["DEPT_USER"], "iss": SETTINGS.jwt_issuer,
                        "aud": SETTINGS.jwt_audience, "exp": int(time.time()) + 600, **claims},
                       SETTINGS.jwt_secret, algorithm="HS256")
    response = await post(http, {"query": "{ me { user } }"}, {"Authorization": f"Bearer {token}"})
    assert response.status_code == 401, response.text
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "UNAUTHENTICATED" and fragment in error["message"]
    export = await http.get("/catalog/export", params={"format": "csv"}, headers={"Authorization": f"Bearer {token}"})
    assert export.status_code == 401


# ---- file endpoints ---------------------------------------------------------------------------


@pytest.mark.parametrize("url", [
    "/catalog/export?department=%00", "/catalog/export?department=140500-MZJ%00&format=csv",
    "/catalog/dcat?department=%00", "/catalog/export?department=" + "A" * 200, "/catalog/export?format=%00",
])
async def test_a_bad_query_parameter_is_400(http, url: str) -> None:
    response = await http.get(url, headers=CONSUMER)
    assert response.status_code == 400, response.text
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and error["extensions"]["field"]


async def test_an_import_filename_with_a_nul_is_400(http) -> None:
    response = await http.post("/catalog/import?filename=a%00.csv", content=b"x", headers=OFFICER)
    assert response.status_code == 400 and response.json()["errors"][0]["extensions"]["field"] == "filename"


# ---- headers ----------------------------------------------------------------------------------


async def test_huge_headers_are_431(http) -> None:
    response = await http.post("/graphql", json={"query": "{ me { user } }"},
                               headers={**CONSUMER, "X-Padding": "a" * (8 * 1024 * 1024)})
    assert response.status_code == 431
    assert response.json()["errors"][0]["extensions"]["code"] == "REQUEST_HEADER_FIELDS_TOO_LARGE"
    many = {f"X-Pad-{n}": "a" * 1000 for n in range(20)}
    assert (await http.get("/healthz", headers=many)).status_code == 431
    assert (await post(http, {"query": "{ me { user } }"}, {**CONSUMER, "X-Small": "a" * 1000})).status_code == 200


# ---- authorize never fails with a 500 -------------------------------------------------------------

ODD = ["", " ", "\x00", "\ud800", "\udc00a", "a" * 129, "a" * 5000, "🙂", "' OR 1=1 --", "\\", '"', "${x}", "{{}}",
       "%00", "\u202e", "null", "Q2F0YWxvZ0l0ZW06", "CatalogItem:", "CatalogItem:\x00", "-1", "0" * 128, "\n", "*",
       "MATCH (n) DETACH DELETE n", "a'b\"c`d", "\ufeff", "\uffff", DEATH + "\x00", DEATH + " ", DEATH.lower()]


def no_server_error(response: httpx.Response) -> None:
    assert response.status_code < 500, response.text
    body = response.json()
    errors = body if isinstance(body, list) else [body]
    codes = [e.get("extensions", {}).get("code") for b in errors for e in b.get("errors", [])]
    assert "INTERNAL_SERVER_ERROR" not in codes, body


async def test_authorize_with_odd_strings_never_fails(http) -> None:
    for odd in ODD:
        no_server_error(await post(http, {"query": AUTHORIZE, "variables": {"item": odd, "codes": [odd]}}, CONSUMER))
        no_server_error(await post(http, {"query": AUTHORIZE, "variables": {"item": DEATH, "codes": [odd, "xm"]}}, CONSUMER))
        no_server_error(await post(http, {"query": AUTHORIZE_BATCH, "variables": {"q": [
            {"itemId": odd, "elementCodes": ["xm"]}, {"itemId": DEATH, "elementCodes": [odd]}]}}, CONSUMER))
        literal = json.dumps(odd)  # a JSON string is a GraphQL string literal
        no_server_error(await post(http, {"query": f"{{ authorize(itemId: {literal}, elementCodes: [{literal}]) {{ allowed }} }}"},
                                   CONSUMER))


@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(item=st.text(st.characters(codec=None), max_size=40), code=st.text(st.characters(codec=None), max_size=40))
async def test_authorize_fuzzed_never_fails(http, item: str, code: str) -> None:
    no_server_error(await post(http, {"query": AUTHORIZE_BATCH, "variables": {"q": [
        {"itemId": item, "elementCodes": [code]}, {"itemId": DEATH, "elementCodes": [code, "xm"]}]}}, CONSUMER))


# ---- spreadsheet exports: formula cells neutralised ----------------------------------------------

FORMULAS = ["=cmd|' /C calc'!A0", "+SUM(1,2)", "-2+3", "@SUM(A1)"]


def _formula_items() -> list:
    template = next(i for i in demo.demo_items() if i.provider_code == "140500-MZJ" and i.share_type.value == "UNCONDITIONAL")
    elements = [template.elements[0].model_copy(update={"name": "@姓名", "description": "=HYPERLINK(\"http://x\")"}),
                *template.elements[1:]]
    return [template.model_copy(update={"name": name, "published_on": None, "summary": "-" + template.summary,
                                        "elements": elements})
            for name in FORMULAS]


def _cells_of(fmt: str, data: bytes) -> list[str]:
    if fmt == "csv":
        return [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row]
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data))
    return [cell.value for sheet in workbook for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_writers_neutralise_formulas_and_the_readers_restore_them(fmt: str) -> None:
    items = _formula_items()
    data = catalog_template.WRITERS["." + fmt](items)
    cells = _cells_of(fmt, data)
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    assert "'=cmd|' /C calc'!A0" in cells and "'@姓名" in cells
    parsed = catalog_template.parse("x." + fmt, data)
    assert parsed.ok, parsed.errors[:3]
    assert sorted(i.name for i in parsed.items) == sorted(FORMULAS)
    assert parsed.items == [next(p for p in parsed.items if p.name == i.name) for i in items]
    assert {i.name: i for i in parsed.items} == {i.name: i for i in items}


def test_a_clerks_own_leading_quote_is_kept() -> None:
    assert catalog_template.restore("'身份证") == "'身份证"
    assert catalog_template.restore("'=1") == "=1"
    assert catalog_template.neutralise("\t=1") == "'\t=1" and catalog_template.neutralise(5) == 5


async def test_an_exported_formula_is_neutralised_and_imports_back(http) -> None:
    """Import drafts named like formulas, export them (csv, xlsx): no cell begins like a formula;
    the exported file parses back to the real values, and importing its rows changes nothing."""
    data = catalog_template.write_csv(_formula_items())
    imported = await http.post("/catalog/import", params={"filename": "公式.csv"}, content=data, headers=OFFICER)
    assert imported.status_code == 200, imported.text
    assert imported.json()["saved"] == len(FORMULAS)
    expected = {item.name: item for item in _formula_items()}
    for fmt in ("csv", "xlsx"):
        exported = await http.get("/catalog/export", params={"department": "140500-MZJ", "format": fmt, "published": "false"},
                                  headers=OFFICER)
        assert exported.status_code == 200, exported.text
        cells = _cells_of(fmt, exported.content)
        assert "'=cmd|' /C calc'!A0" in cells
        assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
        parsed = catalog_template.parse("x." + fmt, exported.content)
        assert parsed.ok, parsed.errors[:3]
        drafts = {item.name: item for item in parsed.items if item.name in expected}
        assert {n: i.model_dump() for n, i in drafts.items()} == {n: i.model_dump() for n, i in expected.items()}
    # The exported CSV's rows of the drafts, imported as they are: the same drafts, nothing saved.
    rows = list(csv.reader(io.StringIO(exported_csv(await http.get(
        "/catalog/export", params={"department": "140500-MZJ", "format": "csv", "published": "false"}, headers=OFFICER)))))
    name_at = rows[0].index("数据资源名称")
    kept = [rows[0], *(row for row in rows[1:] if catalog_template.restore(row[name_at]) in expected)]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(kept)
    again = await http.post("/catalog/import", params={"filename": "再导入.csv"}, content=buffer.getvalue().encode(),
                            headers=OFFICER)
    assert again.status_code == 200, again.text
    assert again.json() == {"items": len(FORMULAS), "saved": 0, "unchanged": len(FORMULAS), "errors": []}


def exported_csv(response: httpx.Response) -> str:
    assert response.status_code == 200, response.text
    return response.content.decode("utf-8-sig")
