"""The own-case setting end to end (MULU_AUTHORITY_OWN_CASE=NEXT_LEVEL, 第二十八条, 第三十一条): when
a county authority's own department applies, the city authority decides, not another person of
the county authority; every other department's case stays with its own-level authority."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime, timezone

import httpx
import pytest

from graph.embedded import EmbeddedFalkorDB
from seed.load import item_id
from server.auth import Role
from server.domain.jurisdiction import OwnCaseRule
from tests.helpers import ENGINES, auth, demo_world, gql, make_settings

SETTINGS = make_settings(authority_own_case=OwnCaseRule.NEXT_LEVEL)
NOW = datetime(2025, 9, 25, 2, 0, tzinfo=timezone.utc)

COUNTY_AUTHORITY_CLERK = auth(SETTINGS, "140525-DSJ", Role.DEPT_USER, user="zezhou-clerk")
COUNTY_AUTHORITY = auth(SETTINGS, "140525-DSJ", Role.AUTHORITY_ADMIN, user="zezhou-wang")
CITY_AUTHORITY = auth(SETTINGS, "140500-DSJ", Role.AUTHORITY_ADMIN, user="dsj-li")
COUNTY_CLERK = auth(SETTINGS, "140525-GAJ", Role.DEPT_USER, user="zezhou-gaj-clerk")

SEAL = item_id("140500-GAJ", "印章刻制备案信息")  # 无条件共享, provided by a city department
APPLY = "mutation($input: ApplyForAccessInput!) { applyForAccess(input: $input) { accessRequest { id status } } }"
REVIEW = "mutation($id: ID!) { reviewRequest(input: {requestId: $id, approve: true}) { accessRequest { status grantId } } }"


@pytest.fixture(scope="module", params=ENGINES)
async def http(request: pytest.FixtureRequest, falkordb_engine: EmbeddedFalkorDB) -> AsyncIterator[httpx.AsyncClient]:
    async with demo_world(request.param, falkordb_engine, "own_case", SETTINGS, clock=lambda: NOW) as ([client], _):
        yield client


async def _apply(http: httpx.AsyncClient, headers: dict, purpose: str) -> str:
    payload = {"itemId": SEAL, "elementCodes": ["DWMC"], "purpose": purpose, "scenario": "行政审批材料核验",
               "until": date(2026, 9, 30).isoformat()}
    body = (await gql(http, APPLY, headers, {"input": payload})).json()
    assert "errors" not in body, body
    return body["data"]["applyForAccess"]["accessRequest"]["id"]


async def _review(http: httpx.AsyncClient, headers: dict, request_id: str) -> dict:
    return (await gql(http, REVIEW, headers, {"id": request_id})).json()


async def test_a_county_authoritys_own_application_goes_to_the_city_authority(http) -> None:
    request_id = await _apply(http, COUNTY_AUTHORITY_CLERK, "核对刻章单位信息（县局自用）")
    refused = await _review(http, COUNTY_AUTHORITY, request_id)
    assert refused["errors"][0]["extensions"]["reason"] == "WRONG_JURISDICTION", refused
    granted = await _review(http, CITY_AUTHORITY, request_id)
    assert granted["data"]["reviewRequest"]["accessRequest"]["status"] == "GRANTED", granted


async def test_another_county_departments_application_stays_with_its_county_authority(http) -> None:
    request_id = await _apply(http, COUNTY_CLERK, "核对刻章单位信息（县公安）")
    refused = await _review(http, CITY_AUTHORITY, request_id)
    assert refused["errors"][0]["extensions"]["reason"] == "WRONG_JURISDICTION", refused
    granted = await _review(http, COUNTY_AUTHORITY, request_id)
    assert granted["data"]["reviewRequest"]["accessRequest"]["status"] == "GRANTED", granted
