"""Tokens: HS256 for development, RS256 from a single sign-on's JWKS endpoint."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from server.auth import AuthError, Role, TokenVerifier, mint_token
from tests.helpers import make_settings

KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def jwks_url() -> Iterator[str]:
    """A real HTTP JWKS endpoint on loopback, as the city's SSO would publish."""
    public = json.loads(RSAAlgorithm.to_jwk(KEY.public_key()))
    body = json.dumps({"keys": [{**public, "kid": "sso-1", "use": "sig", "alg": "RS256"}]}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/jwks.json"
    server.shutdown()


def _sso_token(settings, **claims: object) -> str:
    payload = {
        "sub": "wangwu", "dept": "140500-RSJ", "roles": ["DEPT_DATA_OFFICER"],
        "iss": settings.jwt_issuer, "aud": settings.jwt_audience, "exp": int(time.time()) + 300, **claims,
    }
    return jwt.encode(payload, KEY, algorithm="RS256", headers={"kid": "sso-1"})


def test_rs256_tokens_from_jwks(jwks_url: str) -> None:
    settings = make_settings(jwt_jwks_url=jwks_url, jwt_issuer="https-sso-jincheng", jwt_audience="mulu")
    verifier = TokenVerifier(settings)
    principal = verifier.principal_from_header(f"Bearer {_sso_token(settings)}")
    assert principal.user == "wangwu" and principal.roles == {Role.DEPT_DATA_OFFICER}
    # With an SSO configured, a development HS256 token is refused.
    with pytest.raises(AuthError, match="无效"):
        verifier.verify(mint_token(settings, "x", "140500-RSJ", [Role.AUTHORITY_ADMIN]))
    with pytest.raises(AuthError, match="无效"):
        verifier.verify(_sso_token(settings, aud="another-app"))


def test_hs256_round_trip_and_claims() -> None:
    settings = make_settings()
    verifier = TokenVerifier(settings)
    token = mint_token(settings, "lisi", "140525-GAJ", [Role.AUDITOR, Role.DEPT_USER], ttl_seconds=60)
    principal = verifier.verify(token)
    assert principal.department_code == "140525-GAJ" and principal.has(Role.AUDITOR)
    no_department = jwt.encode(
        {"sub": "x", "roles": ["DEPT_USER"], "iss": settings.jwt_issuer, "aud": settings.jwt_audience,
         "exp": int(time.time()) + 60}, settings.jwt_secret, algorithm="HS256")
    with pytest.raises(AuthError, match="部门"):
        verifier.verify(no_department)
    with pytest.raises(AuthError, match="没有任何角色"):
        verifier.verify(mint_token(settings, "x", "140500-GAJ", []))
