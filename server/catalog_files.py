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
from server.domain.catalog_template import MEDIA_TYPES
from server.domain.errors import DomainError
from server.errors import BAD_USER_INPUT, UNAUTHENTICATED, code_and_status
from server.services import catalog_io

ContextFactory = Callable[[Request], Awaitable[Context]]


def catalog_routes(make_context: ContextFactory) -> list[Route]:
    async def guarded(request: Request, handler: Callable[[Context], Awaitable[Response]]) -> Response:
        try:
            ctx = await make_context(request)
        except AuthError as exc:
            return _error(401, UNAUTHENTICATED, str(exc))
        try:
            return await handler(ctx)
        except DomainError as exc:
            code, status = code_and_status(exc)
            return _error(status, code, exc.message)

    async def import_catalog(request: Request) -> Response:
        filename = request.query_params.get("filename", "")
        if not filename.lower().endswith(tuple(MEDIA_TYPES)):
            return _error(400, BAD_USER_INPUT, "请用 ?filename=目录.xlsx 或 .csv 说明文件类型 (name the file: .xlsx or .csv)")
        data = await request.body()

        async def handle(ctx: Context) -> Response:
            report = await catalog_io.import_file(ctx, filename, data)
            body = {"items": report.items, "saved": report.saved, "unchanged": report.unchanged, "errors": report.errors}
            return JSONResponse(body, status_code=422 if report.errors else 200)

        return await guarded(request, handle)

    async def export_catalog(request: Request) -> Response:
        department = request.query_params.get("department") or None
        fmt = "." + request.query_params.get("format", "xlsx").lower().lstrip(".")
        published_only = request.query_params.get("published", "true").lower() != "false"
        if fmt not in MEDIA_TYPES:
            return _error(400, BAD_USER_INPUT, "format 须为 xlsx 或 csv (format must be xlsx or csv)")

        async def handle(ctx: Context) -> Response:
            data = await catalog_io.export_file(ctx, department, fmt, published_only)
            name = f"{department or '晋城市'}政务数据资源目录{fmt}"
            return Response(data, media_type=MEDIA_TYPES[fmt], headers={
                "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})

        return await guarded(request, handle)

    async def export_dcat(request: Request) -> Response:
        department = request.query_params.get("department") or None
        base = str(request.base_url).rstrip("/")

        async def handle(ctx: Context) -> Response:
            return JSONResponse(await catalog_io.export_dcat(ctx, department, base), media_type="application/ld+json")

        return await guarded(request, handle)

    return [
        Route("/catalog/import", import_catalog, methods=["POST"]),
        Route("/catalog/export", export_catalog, methods=["GET"]),
        Route("/catalog/dcat", export_dcat, methods=["GET"]),
    ]


def _error(status: int, code: str, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"errors": [{"message": message, "extensions": {"code": code, **extra}}]}, status_code=status)
