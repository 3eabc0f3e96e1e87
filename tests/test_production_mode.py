"""Production mode (issue 11 point 9): introspection and GraphiQL are off unless turned on
(`MULU_INTROSPECTION`, `MULU_GRAPHIQL`), on in development unless turned off; the start-up line
says which. Real tokens, real HTTP through the ASGI app."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest

from graph.store import GraphStore
from server.app import create_app
from server.settings import Settings
from tests.helpers import SUITE_DATA_DIR, auth, gql, make_settings

INTROSPECT = "{ __schema { queryType { name } } }"
TYPE = '{ __type(name: "CatalogItem") { name } }'


@asynccontextmanager
async def serving(settings: Settings, store: GraphStore) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, store=store)
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://mulu.test") as http:
            yield http


async def introspection_answers(http: httpx.AsyncClient, settings: Settings) -> bool:
    answers = []
    for query in (INTROSPECT, TYPE):
        body = (await gql(http, query, auth(settings))).json()
        if "errors" in body:
            assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED", body
            assert "introspection" in body["errors"][0]["message"].lower()
        answers.append("errors" not in body)
    assert answers[0] == answers[1]
    return answers[0]


async def graphiql_answers(http: httpx.AsyncClient) -> bool:
    response = await http.get("/graphql", headers={"Accept": "text/html"})
    if response.status_code == 404:
        assert "MULU_GRAPHIQL" in response.json()["errors"][0]["message"]
        return False
    assert response.status_code == 200 and "GraphiQL" in response.text
    return True


CASES = [  # (environment, settings, introspection answers, GraphiQL answers)
    ("production", {}, False, False),
    ("production", {"introspection": True}, True, False),
    ("production", {"graphiql": True}, False, True),
    ("production", {"introspection": True, "graphiql": True}, True, True),
    ("development", {}, True, True),
    ("development", {"introspection": False, "graphiql": False}, False, False),
]


async def test_introspection_and_graphiql_follow_the_settings(demo_store: GraphStore) -> None:
    seen = []
    for environment, overrides, _, _ in CASES:
        settings = make_settings(environment=environment, **overrides)
        async with serving(settings, demo_store) as http:
            seen.append((environment, overrides, await introspection_answers(http, settings), await graphiql_answers(http)))
            # Queries themselves, and __typename, work either way.
            body = (await gql(http, "{ __typename me { user } }", auth(settings))).json()
            assert body["data"] == {"__typename": "Query", "me": {"user": "tester"}}
    assert seen == CASES


def test_the_environment_variables_turn_them_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MULU_ENVIRONMENT", "production")
    assert (Settings(_env_file=None).introspection_on, Settings(_env_file=None).graphiql_on) == (False, False)
    monkeypatch.setenv("MULU_INTROSPECTION", "true")
    monkeypatch.setenv("MULU_GRAPHIQL", "1")
    assert (Settings(_env_file=None).introspection_on, Settings(_env_file=None).graphiql_on) == (True, True)
    monkeypatch.setenv("MULU_ENVIRONMENT", "development")
    monkeypatch.setenv("MULU_GRAPHIQL", "false")
    assert (Settings(_env_file=None).introspection_on, Settings(_env_file=None).graphiql_on) == (True, False)


ENGINE_AT = (f"engine falkordb at embedded in {(SUITE_DATA_DIR / 'falkordb').resolve()} "
             f"(attach: --data-dir {SUITE_DATA_DIR.resolve()})")


@pytest.mark.parametrize(("environment", "expected"), [
    ("production", f"environment production, {ENGINE_AT}, introspection off (MULU_INTROSPECTION), GraphiQL off (MULU_GRAPHIQL)"),
    ("development", f"environment development, {ENGINE_AT}, introspection on (MULU_INTROSPECTION), GraphiQL on (MULU_GRAPHIQL)"),
])
async def test_the_startup_line_says_which(demo_store: GraphStore, caplog: pytest.LogCaptureFixture,
                                           environment: str, expected: str) -> None:
    caplog.set_level(logging.INFO, logger="mulu")
    async with serving(make_settings(environment=environment), demo_store):
        pass
    assert [record.getMessage() for record in caplog.records if record.name == "mulu" and "starting" in record.getMessage()] \
        == [f"mulu starting: {expected}"]
