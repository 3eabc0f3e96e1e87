"""The Starlette application: authentication, limits, GraphiQL, health, metrics, GraphQL.

One ASGI app, built by `create_app`. The graph store is opened in the lifespan (the
embedded FalkorDB starts and stops with the server) unless a test passes its own.
"""

from __future__ import annotations

import json
import logging
import gc
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from graphql import GraphQLError
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from cross_web import HTTPException
from strawberry.asgi import GraphQL
from strawberry.types import ExecutionResult

from graph.connect import open_store
from graph.store import EngineUnavailable, GraphStore, bulk_work, interactive
from policies.admin import PolicyHolder
from server import errors
from server.api.schema import build_schema
from server.auth import AuthError, Principal, TokenVerifier
from server.domain.errors import DomainError, Unavailable
from server.domain.rules import validity_warning
from server.domain.workdays import SHANGHAI
from server.services.audit import audit_chainer
from server.services.calendar import calendar_for
from server.services.decisions import decision_log_for
from server.services.reference import department_exists
from server.audit_files import audit_routes
from server.catalog_files import catalog_routes
from server.context import Context
from server.domain import search_text
from server.graphiql import GRAPHIQL_CSP, graphiql_page, static_assets
from server.limits import BodySizeLimit, HeaderSizeLimit
from server.metrics import Metrics, MetricsMiddleware
from server.settings import Settings

log = logging.getLogger("mulu")

GRAPHQL_RESPONSE = "application/graphql-response+json"
ENGINE_DOWN_MESSAGE = "图数据库暂时不可用，请稍后重试 (graph engine unavailable, please retry shortly)"


class MuluGraphQL(GraphQL):
    """Strawberry's ASGI view with our context, error codes and HTTP statuses."""

    def __init__(self, app_state: Any, settings: Settings) -> None:
        super().__init__(build_schema(settings), graphql_ide=None, allow_queries_via_get=True)
        self._state = app_state
        self._settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """As strawberry's, but a request it cannot run (bad JSON, unknown operation, a mutation
        over GET, too many batched operations) gets a JSON error with a code, not plain text."""
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        try:
            response = await self.run(Request(scope=scope, receive=receive))
        except HTTPException as exc:
            response = JSONResponse(
                {"errors": [{"message": exc.reason, "extensions": {"code": errors.BAD_REQUEST}}]},
                status_code=exc.status_code,
            )
        await response(scope, receive, send)

    def encode_json(self, data: object) -> str:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    def decode_json(self, data: str | bytes) -> object:
        """As strawberry's, but the request body (bytes; query parameters come as text) must be
        UTF-8 and a JSON object, or an array of objects for a batch: anything else is a 400 with
        a code, where strawberry would fail on it with a plain-text 500."""
        try:
            value = json.loads(data)
        except UnicodeDecodeError as exc:
            raise HTTPException(400, "请求体不是有效的 UTF-8 文本 (the request body is not valid UTF-8)") from exc
        except RecursionError as exc:
            raise HTTPException(400, "请求体 JSON 嵌套过深 (the request body's JSON is nested too deeply)") from exc
        if isinstance(data, bytes):
            _check_body_shape(value)
        return value

    async def get_context(self, request: Any, response: Any) -> Context:
        request.state.sub_response = response
        return await build_context(self._state, self._settings, request.state.principal)

    async def process_result(self, request: Any, result: ExecutionResult) -> dict:
        sub_response = request.state.sub_response
        # GraphQL over HTTP: a client that accepts application/graphql-response+json gets that
        # media type and a 4xx for request errors (parse, validation, limits), which carry no `data`.
        graphql_response = GRAPHQL_RESPONSE in request.headers.get("accept", "")
        if graphql_response:
            sub_response.mulu_media_type = GRAPHQL_RESPONSE
        request_error = result.data is None and bool(result.errors) and all(e.path is None for e in result.errors)
        body: dict[str, Any] = {} if request_error else {"data": result.data}
        if result.errors:
            formatted = [self._format(error) for error in result.errors]
            if any(e["extensions"]["code"] == errors.ENGINE_UNAVAILABLE for e in formatted):
                sub_response.status_code = 503  # RetryAfter adds the header
                self._state.metrics.engine_unavailable.inc()
            elif request_error and graphql_response:
                sub_response.status_code = 400
            body["errors"] = formatted
        if result.extensions:
            body["extensions"] = result.extensions
        return body

    def create_response(self, response_data: Any, sub_response: Response) -> Response:
        try:
            body = self.encode_json(response_data).encode("utf-8")
        except UnicodeEncodeError:
            # A message that quotes a caller's lone surrogate (an enum value, say) cannot be UTF-8:
            # ASCII JSON escapes it, and the client gets its error, not a 500.
            body = json.dumps(response_data, separators=(",", ":")).encode("ascii")
        response = Response(
            body,
            status_code=sub_response.status_code or 200,
            media_type=getattr(sub_response, "mulu_media_type", "application/json"),
        )
        response.headers.raw.extend(sub_response.headers.raw)
        response.background = sub_response.background
        return response

    def _format(self, error: GraphQLError) -> dict:
        original = error.original_error
        if isinstance(original, Unavailable):
            log.warning("graph engine unavailable: %s", original)
            return {"message": ENGINE_DOWN_MESSAGE, "path": error.path, "extensions": {"code": errors.ENGINE_UNAVAILABLE}}
        if isinstance(original, DomainError):
            return {"message": original.message, "path": error.path, "extensions": errors.error_extensions(original)}
        if original is not None and not isinstance(original, GraphQLError):
            log.exception("unexpected error in %s", error.path, exc_info=original)
            return {
                "message": "服务器内部错误，已记录 (internal server error, logged)",
                "path": error.path,
                "extensions": {"code": errors.INTERNAL},
            }
        formatted = dict(error.formatted)
        extensions = dict(formatted.get("extensions") or {})
        extensions.setdefault("code", errors.VALIDATION_FAILED if error.path is None else errors.INTERNAL)
        formatted["extensions"] = extensions
        return formatted


_BODY_FIELDS: dict[str, type] = {"query": str, "variables": dict, "operationName": str, "extensions": dict}
_KIND_NAMES: dict[type, str] = {str: "字符串 (a string)", dict: "对象 (an object)"}


def _check_body_shape(value: object) -> None:
    """A JSON body is one operation (an object) or a batch (a non-empty array of objects), and the
    fields strawberry reads have the types it expects."""
    operations = value if isinstance(value, list) else [value]
    if not operations or not all(isinstance(operation, dict) for operation in operations):
        raise HTTPException(400, "请求体须为 JSON 对象，批量请求为非空的对象数组 "
                                 "(the body must be a JSON object, or a non-empty array of objects for a batch)")
    for operation in operations:
        for name, kind in _BODY_FIELDS.items():
            value = operation.get(name)
            if value is not None and not isinstance(value, kind):
                raise HTTPException(400, f"{name} 须为{_KIND_NAMES[kind]}或 null ({name} must be of that type or null)")


async def build_context(state: Any, settings: Settings, principal: Any) -> Context:
    """One request's context: the caller, the graph, the policy in force, one instant."""
    policy: PolicyHolder = state.policy
    await policy.refresh_if_changed(state.store)  # replicas pick up a saved policy (throttled)
    return Context(
        principal=principal,
        store=state.store,
        authorizer=policy.authorizer,
        settings=settings,
        now=state.clock(),
        calendar=state.calendar,
        policy=policy,
        decisions=state.decisions,
    )


async def verified_principal(state: Any, request: Request) -> Principal:
    """The caller of a valid token whose department exists (a token for an unknown department
    is refused like an invalid one: it would otherwise act with no facts to decide on)."""
    principal = state.verifier.principal_from_header(request.headers.get("authorization"))
    if not await department_exists(state.store, principal.department_code):
        raise AuthError(f"身份令牌中的部门 {principal.department_code} 不存在 (the token's department does not exist)")
    return principal


class GraphQLEndpoint:
    """`/graphql`: GraphiQL for a browser, 401 without a valid token, else the GraphQL view."""

    def __init__(self, app_state: Any, settings: Settings) -> None:
        self._state = app_state
        self._graphiql = settings.graphiql_on
        self._view = MuluGraphQL(app_state, settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        if request.method == "GET" and _wants_html(request) and "query" not in request.query_params:
            if self._graphiql:
                response = graphiql_page(warning=rules_warning(self._state))
                response.headers["Content-Security-Policy"] = GRAPHIQL_CSP
            else:
                response = JSONResponse({"errors": [{
                    "message": "GraphiQL 未开启：生产环境默认关闭，设 MULU_GRAPHIQL=true 可开启 "
                               "(GraphiQL is off: production turns it off unless MULU_GRAPHIQL=true)",
                    "extensions": {"code": errors.NOT_FOUND}}]}, status_code=404)
            await response(scope, receive, send)
            return
        try:
            principal = await verified_principal(self._state, request)
        except EngineUnavailable as exc:
            await (await engine_unavailable(request, exc))(scope, receive, send)
            return
        except AuthError as exc:
            response = JSONResponse(
                {"errors": [{"message": str(exc), "extensions": {"code": errors.UNAUTHENTICATED}}]},
                status_code=401,
                headers={"WWW-Authenticate": 'Bearer realm="mulu"'},
            )
            await response(scope, receive, send)
            return
        request.state.principal = principal
        await self._view(scope, receive, send)


#: Endpoints that do bulk work: their statements take the bulk limit, not the interactive one.
BULK_PATHS = frozenset({"/catalog/import"})


class EngineLimits:
    """Each request's graph statements take the interactive limit (MULU_ENGINE_TIMEOUT_SECONDS):
    a hung engine fails the request within seconds instead of holding it. An import takes the
    bulk limit (MULU_ENGINE_BULK_TIMEOUT_SECONDS), as work outside requests does (graph/store.py)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with bulk_work() if scope["path"] in BULK_PATHS else interactive():
            await self.app(scope, receive, send)


class RetryAfter:
    """Every 503 says when to try again (`Retry-After`), whichever endpoint answered it: GraphQL,
    the file endpoints, `/readyz`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_retry_after(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 503:
                headers = list(message.get("headers", []))
                extra = errors.status_headers(503)
                if not any(name.lower() == b"retry-after" for name, _ in headers):
                    headers += [(name.lower().encode(), value.encode()) for name, value in extra.items()]
                    message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_retry_after)


async def engine_unavailable(request: Request, exc: Exception) -> Response:
    """503 ENGINE_UNAVAILABLE (Retry-After by RetryAfter), for an `Unavailable` that reached the edge."""
    log.warning("graph engine unavailable: %s", exc)
    return JSONResponse(
        {"errors": [{"message": ENGINE_DOWN_MESSAGE, "extensions": {"code": errors.ENGINE_UNAVAILABLE}}]},
        status_code=503,
    )


def _wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/html" in accept


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def settle_heap() -> None:
    """Moves what start-up built (jieba's dictionary, the schema, the demo's objects: ~400,000) out
    of the collector's sight, so a full collection during a request does not pause the event loop
    for 0.1–0.4 s (measured during a large import). Only a server that opened its own engine does
    this: a test process builds many apps and would keep each one's garbage."""
    gc.collect()
    gc.freeze()


def create_app(
    settings: Settings,
    store: GraphStore | None = None,
    demo: bool = False,
    clock: Callable[[], datetime] = utc_now,
) -> Starlette:
    """The ASGI app. With `store`, the caller owns the engine; otherwise the lifespan opens it.
    `clock` is the only place the server reads the time (tests pass their own)."""
    metrics = Metrics()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.metrics = metrics
        app.state.clock = clock
        app.state.calendar = calendar_for(settings)
        app.state.policy = PolicyHolder(refresh_seconds=settings.policy_refresh_seconds)
        app.state.verifier = TokenVerifier(settings)
        app.state.decisions = decision_log_for(settings)  # 第三十九条
        search_text.warm_up()  # jieba's dictionary takes a second or two: load it before the first query
        log.info(startup_line(settings))
        try:
            if store is not None:
                app.state.store = store
                await app.state.policy.load(store)
                _warn_about_rules(app.state)
                async with audit_chainer(store):  # 第三十八条: new audit events are hashed within seconds
                    yield
                return
            async with open_store(settings) as opened:
                app.state.store = opened
                await app.state.policy.load(opened)
                _warn_about_rules(app.state)
                if demo:
                    await load_demo_if_empty(opened)
                settle_heap()
                async with audit_chainer(opened):
                    yield
        finally:
            app.state.decisions.close()

    async def healthz(request: Request) -> Response:
        # Which process answered: with `mulu serve --workers N` each worker has its own metrics.
        return PlainTextResponse("ok", headers={"X-Mulu-Worker": str(os.getpid())})

    async def readyz(request: Request) -> Response:
        # ping() answers within PING_SECONDS whatever the engine does (a hung engine included)
        if await request.app.state.store.ping():
            return PlainTextResponse("ready")
        return PlainTextResponse(ENGINE_DOWN_MESSAGE, status_code=503)

    app = Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/metrics", metrics.endpoint),
            static_assets(),
        ],
        middleware=[
            Middleware(MetricsMiddleware, metrics=metrics),
            Middleware(RetryAfter),
            Middleware(EngineLimits),
            Middleware(HeaderSizeLimit, max_bytes=settings.max_header_bytes),
            Middleware(BodySizeLimit, max_bytes=settings.max_body_bytes,
                       per_path={"/catalog/import": settings.max_import_bytes}),
        ],
        lifespan=lifespan,
        # The engine failing anywhere outside GraphQL's own error handling (the file endpoints'
        # token check, say) is a 503 with a code and Retry-After, not a plain-text 500.
        exception_handlers={Unavailable: engine_unavailable},
    )
    app.router.routes.append(Route("/graphql", GraphQLEndpoint(app.state, settings), methods=["GET", "POST"]))

    async def file_context(request: Request) -> Context:
        return await build_context(app.state, settings, await verified_principal(app.state, request))

    app.router.routes.extend(catalog_routes(file_context))
    app.router.routes.extend(audit_routes(file_context))
    return app


def _warn_about_rules(state: Any) -> None:
    warning = rules_warning(state)
    if warning:
        log.warning("rules.toml: %s", warning)


def rules_warning(state: Any) -> str | None:
    """第四十六条: the rule set in force has lapsed (or not begun): the server runs, and says so."""
    today = state.clock().astimezone(SHANGHAI).date()
    return validity_warning(state.policy.authorizer.rules, today)


def startup_line(settings: Settings) -> str:
    """The one line the server logs as it starts: the environment, the engine's address (never its
    password) and what it exposes. The embedded engine's port is chosen as it starts: the line names
    its data directory, which `mulu policy --data-dir` / `mulu audit --data-dir` attach through, and
    the port when it is fixed (MULU_FALKORDB_PORT); graph.embedded logs the URL once it is up."""
    from urllib.parse import urlsplit, urlunsplit

    def state(on: bool) -> str:
        return "on" if on else "off"

    def without_password(url: str) -> str:
        parts = urlsplit(url)
        try:
            port = parts.port
        except ValueError:
            port = None
        if parts.password is None and "@" not in parts.netloc:
            return url
        netloc = (f"{parts.username}@" if parts.username else "") + (parts.hostname or "") + (f":{port}" if port else "")
        return urlunsplit((parts.scheme, netloc, parts.path, "", ""))

    if settings.neo4j_uri:
        address = f"{without_password(settings.neo4j_uri)} (database {settings.neo4j_database})"
    elif settings.falkordb_url:
        address = without_password(settings.falkordb_url)
    else:
        where = (settings.data_dir / "falkordb").resolve()
        port = f"redis://127.0.0.1:{settings.falkordb_port}, " if settings.falkordb_port else ""
        address = f"{port}embedded in {where} (attach: --data-dir {settings.data_dir.resolve()})"
    return (f"mulu starting: environment {settings.environment}, engine {settings.engine} at {address}, "
            f"introspection {state(settings.introspection_on)} (MULU_INTROSPECTION), "
            f"GraphiQL {state(settings.graphiql_on)} (MULU_GRAPHIQL)")


async def load_demo_if_empty(store: GraphStore) -> None:
    from seed.load import item_count, load_demo

    if await item_count(store) == 0:
        async with store.bulk_load():
            report = await load_demo(store)
        log.info("demo catalog loaded: %s items, %s elements", report.items, report.elements)
