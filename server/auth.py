"""Bearer tokens: who is calling, for which department, in which roles.

Development signs HS256 tokens with a shared secret (`mulu token` mints them); a real
deployment points `MULU_JWT_JWKS_URL` at the city's single sign-on and accepts its RS256
tokens. Either way the claims are the same: `sub` (the user), `dept` (the department code)
and `roles`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import Enum

import jwt

from server.domain.input_text import CODE_MAX, ID_MAX, text_problem
from server.settings import Settings


class Role(str, Enum):
    """Who a caller acts as; the Casbin policy decides what each role may do."""

    DEPT_USER = "DEPT_USER"  # 使用部门工作人员
    DEPT_DATA_OFFICER = "DEPT_DATA_OFFICER"  # 部门数据管理员 (第六条)
    AUTHORITY_ADMIN = "AUTHORITY_ADMIN"  # 政务数据主管部门 (第五条)
    POLICY_ADMIN = "POLICY_ADMIN"  # 共享策略管理员
    AUDITOR = "AUDITOR"  # 审计人员


ROLE_LABELS: dict[Role, str] = {
    Role.DEPT_USER: "部门用户",
    Role.DEPT_DATA_OFFICER: "部门数据管理员",
    Role.AUTHORITY_ADMIN: "数据主管部门管理员",
    Role.POLICY_ADMIN: "共享策略管理员",
    Role.AUDITOR: "审计员",
}


class AuthError(Exception):
    """The request carries no usable token; the message tells the caller what to fix."""


@dataclass(frozen=True)
class Principal:
    user: str
    department_code: str
    roles: frozenset[Role]
    expires_at: int

    def has(self, role: Role) -> bool:
        return role in self.roles


def mint_token(
    settings: Settings, user: str, department_code: str, roles: list[Role], ttl_seconds: int = 8 * 3600
) -> str:
    """A development token signed with the shared secret (never used with a JWKS set-up)."""
    now = int(time.time())
    claims = {
        "sub": user,
        "dept": department_code,
        "roles": [role.value for role in roles],
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "iat": now,
        "exp": now + ttl_seconds,
    }
    return jwt.encode(claims, settings.jwt_secret, algorithm="HS256")


class TokenVerifier:
    """Checks signature, expiry, issuer and audience; one instance per app (it caches JWKS keys)."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._jwks = jwt.PyJWKClient(settings.jwt_jwks_url, cache_keys=True) if settings.jwt_jwks_url else None

    def principal_from_header(self, authorization: str | None) -> Principal:
        if not authorization:
            raise AuthError("缺少身份令牌，请在请求头中提供 Authorization: Bearer <令牌> (missing bearer token)")
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthError("身份令牌格式错误，应为 Authorization: Bearer <令牌> (malformed Authorization header)")
        return self.verify(token.strip())

    def verify(self, token: str) -> Principal:
        try:
            if self._jwks is not None:
                if jwt.get_unverified_header(token).get("alg") != "RS256":
                    raise jwt.InvalidAlgorithmError("单点登录令牌须为 RS256 (SSO tokens must be RS256)")
                key = self._jwks.get_signing_key_from_jwt(token).key
                algorithms = ["RS256"]
            else:
                key = self._settings.jwt_secret
                algorithms = ["HS256"]
            claims = jwt.decode(
                token,
                key,
                algorithms=algorithms,
                audience=self._settings.jwt_audience,
                issuer=self._settings.jwt_issuer,
                options={"require": ["exp", "sub", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise AuthError("身份令牌已过期，请重新登录 (token expired)") from exc
        except jwt.PyJWKClientConnectionError as exc:
            raise AuthError(f"无法获取单点登录公钥 (cannot fetch signing keys): {exc}") from exc
        except jwt.PyJWKClientError as exc:
            raise AuthError(f"身份令牌无效：签名密钥未知 (invalid token: unknown signing key): {exc}") from exc
        except jwt.InvalidTokenError as exc:
            raise AuthError(f"身份令牌无效 (invalid token): {exc}") from exc
        return _principal(claims)


def _principal(claims: dict) -> Principal:
    department = claims.get("dept")
    if not isinstance(department, str) or not department:
        raise AuthError("身份令牌缺少所属部门 dept (token has no department claim)")
    # The claims reach the graph as parameters (the department is looked up on every request):
    # a NUL or a lone surrogate would fail there as a 500, so the token is refused here.
    if problem := text_problem(department, CODE_MAX):
        raise AuthError(f"身份令牌的部门 dept 无效：{problem} (invalid department claim)")
    if not isinstance(claims["sub"], str) or (problem := text_problem(claims["sub"], ID_MAX)):
        raise AuthError(f"身份令牌的用户 sub 无效：{problem or '应为字符串 (must be a string)'} (invalid subject claim)")
    raw_roles = claims.get("roles") or []
    if not isinstance(raw_roles, list):
        raise AuthError("身份令牌的 roles 应为列表 (roles claim must be a list)")
    roles: set[Role] = set()
    for value in raw_roles:
        try:
            roles.add(Role(value))
        except ValueError as exc:
            raise AuthError(f"身份令牌含未知角色 {value!r} (unknown role)") from exc
    if not roles:
        raise AuthError("身份令牌没有任何角色 (token has no role)")
    return Principal(
        user=str(claims["sub"]), department_code=department, roles=frozenset(roles), expires_at=int(claims["exp"])
    )
