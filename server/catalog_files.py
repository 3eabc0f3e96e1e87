"""HTTP endpoints for catalog files: import a spreadsheet, export one, export DCAT JSON-LD.

Files are not GraphQL: a department uploads the template as it is and downloads it the same
way. The endpoints take the same bearer token and build the same request context.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from server.auth import AuthError
from server.context import Context
from server.domain.catalog_template import MEDIA_TYPES, ImportTooLarge
from server.domain.errors import DomainError
from server.domain.input_text import CODE_MAX, text_problem
from server.errors import BAD_USER_INPUT, UNAUTHENTICATED, code_and_status
from server.services import catalog_io

ContextFactory = Callable[[Request], Awaitable[Context]]

FILENAME_MAX = 255
# The longest each query parameter may be; a parameter not named here is ignored.
PARAMETER_LIMITS = {"department": CODE_MAX, "filename": FILENAME_MAX, "format": 16, "published": 16}


async def guarded(make_context: ContextFactory, request: Request,
                  handler: Callable[[Context], Awaitable[Response]]) -> Response:
    """Runs `handler` with the caller's context; a bad token is 401, a domain error its coded status
    (the same codes as GraphQL's, server/errors.py)."""
    try:
        ctx = await make_context(request)
    except AuthError as exc:
        return error_response(401, UNAUTHENTICATED, str(exc))
    try:
        return await handler(ctx)
    except ImportTooLarge as exc:  # the same answer as the body limit's (server/limits.py)
        return error_response(413, PAYLOAD_TOO_LARGE, exc.message, limit=exc.limit, unit=exc.unit)
    except DomainError as exc:
        code, status = code_and_status(exc)
        return error_response(status, code, exc.message, **_fields_of(exc))


def _fields_of(exc: DomainError) -> dict[str, Any]:
    problems = getattr(exc, "problems", None)
    return {"field": problems[0].field} if problems else {}


def attachment(data: bytes, fmt: str, name: str) -> Response:
    """A file to download, named in Chinese (RFC 5987)."""
    return Response(data, media_type=MEDIA_TYPES[fmt], headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})


def catalog_routes(make_context: ContextFactory) -> list[Route]:
    async def run(request: Request, handler: Callable[[Context], Awaitable[Response]]) -> Response:
        return await guarded(make_context, request, handler)

    async def import_catalog(request: Request) -> Response:
        if bad := _bad_parameter(request):
            return bad
        filename = request.query_params.get("filename", "")
        if not filename.lower().endswith(tuple(MEDIA_TYPES)):
            return error_response(400, BAD_USER_INPUT, "请用 ?filename=目录.xlsx 或 .csv 说明文件类型 (name the file: .xlsx or .csv)")

        async def handle(ctx: Context) -> Response:
            # Who may import is asked before the body is read, let alone parsed: a caller who may
            # not gets 403 at once, whatever the file holds (issue 11).
            await catalog_io.may_import(ctx)
            data = await request.body()
            report = await catalog_io.import_file(ctx, filename, data)
            body = {"items": report.items, "saved": report.saved, "unchanged": report.unchanged, "errors": report.errors}
            return JSONResponse(body, status_code=422 if report.errors else 200)

        return await run(request, handle)

    async def export_catalog(request: Request) -> Response:
        if bad := _bad_parameter(request):
            return bad
        department = request.query_params.get("department") or None
        fmt = "." + request.query_params.get("format", "xlsx").lower().lstrip(".")
        published_only = request.query_params.get("published", "true").lower() != "false"
        if fmt not in MEDIA_TYPES:
            return error_response(400, BAD_USER_INPUT, "format 须为 xlsx 或 csv (format must be xlsx or csv)")

        async def handle(ctx: Context) -> Response:
            data = await catalog_io.export_file(ctx, department, fmt, published_only)
            return attachment(data, fmt, f"{department or '晋城市'}政务数据资源目录{fmt}")

        return await run(request, handle)

    async def export_dcat(request: Request) -> Response:
        if bad := _bad_parameter(request):
            return bad
        department = request.query_params.get("department") or None
        base = str(request.base_url).rstrip("/")

        async def handle(ctx: Context) -> Response:
            return JSONResponse(await catalog_io.export_dcat(ctx, department, base), media_type="application/ld+json")

        return await run(request, handle)

    return [
        Route("/catalog/import", import_catalog, methods=["POST"]),
        Route("/catalog/export", export_catalog, methods=["GET"]),
        Route("/catalog/dcat", export_dcat, methods=["GET"]),
    ]


def _bad_parameter(request: Request) -> JSONResponse | None:
    return bad_parameter(request, PARAMETER_LIMITS)


def bad_parameter(request: Request, limits: dict[str, int]) -> JSONResponse | None:
    """400 for a query parameter holding a NUL or a lone surrogate, or longer than its limit:
    `?department=%00` would otherwise reach the graph as a parameter and fail there as a 500."""
    for name, limit in limits.items():
        value = request.query_params.get(name)
        if value is not None and (problem := text_problem(value, limit)):
            return error_response(400, BAD_USER_INPUT, f"{name}：{problem}", field=name)
    return None


PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"


def error_response(status: int, code: str, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"errors": [{"message": message, "extensions": {"code": code, **extra}}]}, status_code=status)
