"""Helpers for tests: tokens and GraphQL calls over HTTP."""

from __future__ import annotations

from pathlib import Path

import httpx

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
