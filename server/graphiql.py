"""GraphiQL served entirely by mulu itself.

The platform runs on the government extranet (电子政务外网) with no internet, so
the page loads nothing from a CDN: React, GraphiQL and the explorer plugin are
vendored under ``server/static/graphiql/`` (provenance and checksums in
``VERSIONS.txt``, licences in ``LICENSES.txt``) and served by
:func:`static_assets`. The page has no inline script or event handler: its
bootstrap is ``init.js`` and its settings travel in a non-executable
``<script type="application/json">`` block, so it can be sent with the strict
:data:`GRAPHIQL_CSP`.

Use::

    from server.graphiql import graphiql_page, static_assets

    routes = [..., static_assets()]
    # and answer a browser's GET /graphql (Accept: text/html) with graphiql_page()

With strawberry's ``strawberry.asgi.GraphQL`` the hook is
``async def render_graphql_ide(self, request): return graphiql_page(...)``.
"""

from __future__ import annotations

import hashlib
import html
import json
from functools import lru_cache
from pathlib import Path
from urllib.parse import parse_qs

from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

__all__ = [
    "ASSETS",
    "DEFAULT_HEADERS",
    "DEFAULT_QUERY",
    "GRAPHIQL_CSP",
    "GRAPHIQL_DIR",
    "PAGE_TITLE",
    "STATIC_DIR",
    "graphiql_page",
    "render_graphiql_html",
    "static_assets",
]

STATIC_DIR = Path(__file__).resolve().parent / "static"
GRAPHIQL_DIR = STATIC_DIR / "graphiql"

PAGE_TITLE = "晋城市政务数据资源目录 · GraphiQL"
LOGO_TEXT = "晋城市政务数据资源目录"

# Files the page loads, in order. Scripts are `defer`red, so they run in this
# order after the document is parsed: React, ReactDOM, GraphiQL (which needs
# both as globals), the explorer plugin (needs window.GraphiQL), our init.js.
STYLESHEETS = ("graphiql.min.css", "graphiql-plugin-explorer.css", "mulu-graphiql.css")
SCRIPTS = (
    "react.production.min.js",
    "react-dom.production.min.js",
    "graphiql.min.js",
    "graphiql-plugin-explorer.umd.js",
    "init.js",
)
FAVICON = "favicon.svg"
ASSETS = (FAVICON, *STYLESHEETS, *SCRIPTS)

# Suggested Content-Security-Policy for the page; graphiql_page() sends it.
# - scripts only from our origin: no inline script, no eval;
# - styles: our files, plus inline styles, which GraphiQL's components
#   (radix-ui, react-remove-scroll) inject at run time;
# - fonts and small images: GraphiQL's CSS embeds its fonts as data: URLs;
# - connect-src 'self': the page talks to our /graphql only.
GRAPHIQL_CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
)

# The headers editor starts with this (GraphiQL keeps what the user types
# there across reloads: shouldPersistHeaders). A value still holding the
# <placeholder> is not sent (see init.js).
DEFAULT_HEADERS = json.dumps(
    {"Authorization": "Bearer <在此粘贴令牌 paste token here>"},
    ensure_ascii=False,
    indent=2,
)

# The query editor's initial text. Field names are limited to the public
# schema's: me, departments, catalogItem, regions, themes, search.
# (A GraphQL operation name must be ASCII, so it is `Example`, not 示例.)
DEFAULT_QUERY = """\
# 晋城市政务数据资源目录 · GraphQL 查询台
#
# 1. 取得令牌：请平台管理员运行
#      mulu token --user 用户名 \\
#        --department 部门编码 --role 角色
#    命令会打印一个令牌。
# 2. 粘贴令牌：在下方 Headers（请求头）面板中，
#    把 <在此粘贴令牌 paste token here>
#    整段（含尖括号）换成令牌，保留 "Bearer "。
#    请求头保存在本浏览器，刷新后仍在；
#    在公用电脑上用完请删除。
# 3. 运行：点 ▶ 按钮，或按 Ctrl+Enter。
#
# 本示例查询：
#   me          当前用户、所属部门和角色
#               （用来核对令牌是否正确）
#   departments 前 5 个部门：部门总数，各部门的
#               编码、名称、目录条数、下级单位
#
# 提示：Ctrl+Space 补全字段；左侧“文档”图标
# 查看全部类型和说明，“Explorer”图标可勾选
# 字段拼出查询。还可以试：regions（行政区划）、
# themes（主题）、catalogItem(code: "…")、
# search(text: "人口", first: 10)（检索）。
# 粘贴令牌后若“文档”为空，按 Shift+Ctrl+R
# 重新读取模式。

query Example {
  me {
    user
    department {
      code
      name
    }
    roles
  }
  departments(first: 5) {
    totalCount
    edges {
      node {
        code
        name
        itemCount
        children {
          code
          name
        }
      }
    }
  }
}
"""


@lru_cache(maxsize=None)
def _asset_version(name: str) -> str:
    """Short content hash of a served file, used as ``?v=`` to bust caches."""
    digest = hashlib.sha256((GRAPHIQL_DIR / name).read_bytes()).hexdigest()
    return digest[:12]


def _asset_url(asset_prefix: str, name: str) -> str:
    return f"{asset_prefix.rstrip('/')}/{name}?v={_asset_version(name)}"


def _json_for_script(value: object) -> str:
    """JSON safe to place inside <script type="application/json">."""
    text = json.dumps(value, ensure_ascii=False)
    # Nothing in the text may close the element or open a comment in it.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_graphiql_html(
    endpoint: str = "/graphql",
    asset_prefix: str = "/static/graphiql",
    *,
    default_query: str = DEFAULT_QUERY,
    default_headers: str = DEFAULT_HEADERS,
) -> str:
    """The GraphiQL page as HTML text (see :func:`graphiql_page`)."""
    attr = html.escape
    config = {
        "endpoint": endpoint,
        "defaultQuery": default_query,
        "defaultHeaders": default_headers,
        "logo": LOGO_TEXT,
    }
    links = "\n".join(
        f'    <link rel="stylesheet" href="{attr(_asset_url(asset_prefix, name))}">'
        for name in STYLESHEETS
    )
    scripts = "\n".join(
        f'    <script defer src="{attr(_asset_url(asset_prefix, name))}"></script>'
        for name in SCRIPTS
    )
    favicon = attr(_asset_url(asset_prefix, FAVICON))
    return f"""<!doctype html>
<html lang="zh-CN">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="referrer" content="no-referrer">
    <title>{attr(PAGE_TITLE)}</title>
    <link rel="icon" type="image/svg+xml" href="{favicon}">
{links}
{scripts}
  </head>
  <body>
    <div id="graphiql" class="mulu-graphiql-loading">正在加载 GraphiQL…</div>
    <noscript><div class="mulu-graphiql-noscript">GraphiQL 需要启用 JavaScript。(GraphiQL needs JavaScript.)</div></noscript>
    <script type="application/json" id="mulu-graphiql-config">{_json_for_script(config)}</script>
  </body>
</html>
"""


def query_with_warning(warning: str | None) -> str:
    """The default query, headed by a warning a clerk should see first (the rule set lapsed, 第四十六条)."""
    if not warning:
        return DEFAULT_QUERY
    return f"# ⚠ 注意 WARNING: {warning}\n#\n{DEFAULT_QUERY}"


def graphiql_page(endpoint: str = "/graphql", asset_prefix: str = "/static/graphiql",
                  warning: str | None = None) -> HTMLResponse:
    """The GraphiQL page: local assets only, POSTs JSON to ``endpoint``; `warning` heads the default query.

    Sent with :data:`GRAPHIQL_CSP` and ``Cache-Control: no-cache`` (the page
    names the current asset versions, so it must not be cached stale).
    """
    return HTMLResponse(
        render_graphiql_html(endpoint, asset_prefix, default_query=query_with_warning(warning)),
        headers={
            "Content-Security-Policy": GRAPHIQL_CSP,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-cache",
        },
    )


class CachedStaticFiles(StaticFiles):
    """StaticFiles with cache headers.

    A request carrying ``?v=`` (how the GraphiQL page names its assets, with a
    hash of the file's content) may be cached for a year; any other request
    must revalidate (ETag / Last-Modified, answered with 304).
    """

    def file_response(self, full_path, stat_result, scope: Scope, status_code: int = 200) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        if query.get("v"):
            response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        else:
            response.headers["Cache-Control"] = "no-cache"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response


def static_assets(path: str = "/static", name: str = "static") -> Mount:
    """Mount serving ``server/static/`` (GraphiQL's assets) at ``/static``."""
    return Mount(path, app=CachedStaticFiles(directory=STATIC_DIR), name=name)
