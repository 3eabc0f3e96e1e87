"""Helpers for tests: tokens and GraphQL calls over HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import datetime
from pathlib import Path

import httpx

from graph.embedded import EmbeddedFalkorDB
from graph.falkordb_store import FalkorDBStore
from seed.load import load_demo
from server.app import create_app

from server.auth import Role, mint_token
from server.settings import Settings

REPO = Path(__file__).resolve().parent.parent


def make_settings(**overrides: object) -> Settings:
    base: dict = {"jwt_secret": "test-secret-for-the-suite-0123456789abcdef", "environment": "development"}
    base.update(overrides)
    return Settings(_env_file=None, **base)


def token_for(settings: Settings, department: str = "140500-MZJ", *roles: Role, user: str = "tester", ttl: int = 3600) -> str:
    return mint_token(settings, user, department, list(roles) or [Role.DEPT_USER], ttl)


def auth(settings: Settings, department: str = "140500-MZJ", *roles: Role, user: str = "tester") -> dict[str, str]:
    return {"Authorization": f"Bearer {token_for(settings, department, *roles, user=user)}"}


async def gql(
    http: httpx.AsyncClient, query: str, headers: dict[str, str], variables: dict | None = None
) -> httpx.Response:
    return await http.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers)


@asynccontextmanager
async def demo_world(
    engine: EmbeddedFalkorDB, graph: str, settings: Settings, clock: Callable[[], datetime] | None = None, replicas: int = 1
) -> AsyncIterator[tuple[list[httpx.AsyncClient], FalkorDBStore]]:
    """A fresh graph on the suite's engine with the demo catalog, served by `replicas` app
    instances (each its own policy holder, as separate server processes would be)."""
    store = FalkorDBStore(engine.host, engine.port, graph, embedded=engine)
    await store.setup_schema()
    await load_demo(store)
    apps = [create_app(settings, store=store, **({"clock": clock} if clock else {})) for _ in range(replicas)]
    async with AsyncExitStack() as stack:
        clients = []
        for index, app in enumerate(apps):
            await stack.enter_async_context(app.router.lifespan_context(app))
            transport = httpx.ASGITransport(app=app)
            clients.append(await stack.enter_async_context(httpx.AsyncClient(transport=transport, base_url=f"http://replica{index}.test")))
        yield clients, store
    await store.drop()
    await store.close()
