"""GraphiQL is served entirely by mulu: no CDN, vendored files as recorded.

These tests need only server/graphiql.py and server/static/, not the rest of
the server (the extranet has no internet, so a page that loads anything from
outside stays blank there).
"""

from __future__ import annotations

import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from graphql import FieldNode, parse, visit
from graphql.language import Visitor
from starlette.applications import Starlette
from starlette.routing import Route

from server.graphiql import (
    ASSETS,
    DEFAULT_HEADERS,
    DEFAULT_QUERY,
    GRAPHIQL_CSP,
    GRAPHIQL_DIR,
    PAGE_TITLE,
    STATIC_DIR,
    graphiql_page,
    render_graphiql_html,
    static_assets,
)

# mulu's own files beside the vendored ones.
OWN_FILES = {"init.js", "mulu-graphiql.css", "favicon.svg", "VERSIONS.txt", "LICENSES.txt"}

# Field names the example query may use (the public schema's).
ALLOWED_FIELDS = {
    "me", "user", "department", "roles",
    "departments", "totalCount", "edges", "node", "code", "name", "itemCount", "children",
    "catalogItem", "regions", "level", "themes", "search", "provider",
}

CONTENT_TYPES = {
    ".js": {"text/javascript", "application/javascript"},
    ".css": {"text/css"},
    ".svg": {"image/svg+xml"},
    ".txt": {"text/plain"},
}

URL_RE = re.compile(r"https?://", re.IGNORECASE)


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []  # (tag, attr, value)
        self.scripts: list[dict[str, str | None]] = []
        self.handlers: list[str] = []
        self.html_attrs: dict[str, str | None] = {}
        self.in_title = False
        self.title = ""
        self._script_attrs: dict[str, str | None] | None = None
        self.script_bodies: list[str] = []

    def handle_starttag(self, tag, attrs):
        d = dict(attrs)
        if tag == "html":
            self.html_attrs = d
        if tag == "title":
            self.in_title = True
        for attr, value in attrs:
            if attr in ("src", "href", "action", "poster", "data", "srcset"):
                self.refs.append((tag, attr, value or ""))
            if attr.startswith("on"):
                self.handlers.append(f"<{tag} {attr}>")
            if value and value.strip().lower().startswith("javascript:"):
                self.handlers.append(f"<{tag} {attr}=javascript:>")
        if tag == "script":
            self.scripts.append(d)
            self._script_attrs = d
            self.script_bodies.append("")

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag == "script":
            self._script_attrs = None

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        if self._script_attrs is not None:
            self.script_bodies[-1] += data


def _parsed(page: str) -> _PageParser:
    parser = _PageParser()
    parser.feed(page)
    parser.close()
    return parser


def _versions() -> list[dict[str, str]]:
    rows = []
    for line in (GRAPHIQL_DIR / "VERSIONS.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        file, package, version, source, sha256, integrity = line.split("\t")
        rows.append(
            dict(file=file, package=package, version=version, source=source, sha256=sha256, integrity=integrity)
        )
    return rows


@pytest.fixture(scope="module")
def page() -> str:
    return render_graphiql_html()


# --- the page --------------------------------------------------------------


def test_every_src_and_href_is_a_local_static_file(page):
    refs = _parsed(page).refs
    assert refs, "the page names no assets?"
    for tag, attr, value in refs:
        parts = urlsplit(value)
        assert not parts.scheme and not parts.netloc, f"<{tag} {attr}={value!r}> is not local"
        assert parts.path.startswith("/static/"), f"<{tag} {attr}={value!r}> is not under /static/"
        file = STATIC_DIR / parts.path.removeprefix("/static/")
        assert file.is_file(), f"{value} names a missing file {file}"
        assert file.resolve().is_relative_to(STATIC_DIR.resolve())


def test_the_page_loads_exactly_the_asset_list(page):
    names = {urlsplit(value).path.rsplit("/", 1)[-1] for _, _, value in _parsed(page).refs}
    assert names == set(ASSETS)


def test_no_remote_url_in_page_or_our_own_files(page):
    assert not URL_RE.search(page), "the page names a remote URL"
    for own in ("init.js", "mulu-graphiql.css"):
        text = (GRAPHIQL_DIR / own).read_text(encoding="utf-8")
        assert not URL_RE.search(text), f"{own} names a remote URL"


def test_vendored_css_fetches_nothing_remote():
    for css in GRAPHIQL_DIR.glob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert "@import" not in text, f"{css.name} imports another stylesheet"
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", text):
            assert url.startswith("data:") or not urlsplit(url).scheme, f"{css.name} loads {url[:60]}"


def test_csp_friendly_no_inline_code(page):
    parsed = _parsed(page)
    assert not parsed.handlers, f"inline event handlers: {parsed.handlers}"
    for attrs, body in zip(parsed.scripts, parsed.script_bodies):
        if attrs.get("src"):
            assert not body.strip()
        else:
            # only data blocks, which the browser does not execute
            assert attrs.get("type") == "application/json", f"inline script {attrs}"
    assert "script-src 'self'" in GRAPHIQL_CSP
    assert "unsafe-eval" not in GRAPHIQL_CSP
    assert "script-src 'self' 'unsafe-inline'" not in GRAPHIQL_CSP


def test_title_language_and_config(page):
    parsed = _parsed(page)
    assert parsed.title == PAGE_TITLE == "晋城市政务数据资源目录 · GraphiQL"
    assert parsed.html_attrs.get("lang") == "zh-CN"
    [config_text] = [b for a, b in zip(parsed.scripts, parsed.script_bodies) if a.get("type") == "application/json"]
    config = json.loads(config_text)
    assert config["endpoint"] == "/graphql"
    assert config["defaultQuery"] == DEFAULT_QUERY
    assert config["defaultHeaders"] == DEFAULT_HEADERS
    headers = json.loads(config["defaultHeaders"])
    assert headers == {"Authorization": "Bearer <在此粘贴令牌 paste token here>"}


def test_endpoint_and_prefix_are_honoured_and_escaped():
    page = render_graphiql_html(endpoint='/api/graphql"</script><x>', asset_prefix="/assets/gq/")
    parsed = _parsed(page)
    assert all(v.startswith("/assets/gq/") and "//" not in v for _, _, v in parsed.refs)
    assert "</script><x>" not in page
    [config_text] = [b for a, b in zip(parsed.scripts, parsed.script_bodies) if a.get("type") == "application/json"]
    assert json.loads(config_text)["endpoint"] == '/api/graphql"</script><x>'


def test_init_js_sets_up_graphiql_as_asked():
    js = (GRAPHIQL_DIR / "init.js").read_text(encoding="utf-8")
    for needle in (
        "application/graphql-response+json, application/json",
        "method: 'POST'",
        "shouldPersistHeaders: true",
        "defaultEditorToolsVisibility: 'headers'",
        "defaultHeaders: config.defaultHeaders",
        "defaultQuery: config.defaultQuery",
        "explorerPlugin()",
    ):
        assert needle in js, needle
    assert "eval(" not in js and "new Function" not in js


def test_default_query_parses_and_uses_only_schema_fields():
    document = parse(DEFAULT_QUERY)  # a syntax error here breaks the first visit
    fields: set[str] = set()

    class Fields(Visitor):
        def enter_field(self, node: FieldNode, *_):
            fields.add(node.name.value)

    visit(document, Fields())
    assert {"me", "departments"} <= fields
    assert fields <= ALLOWED_FIELDS, fields - ALLOWED_FIELDS
    comments = [line for line in DEFAULT_QUERY.splitlines() if line.startswith("#")]
    assert any("mulu token --user" in line for line in comments)
    assert any("--department" in line and "--role" in line for line in comments)
    assert any("令牌" in line for line in comments)


# --- the vendored files ------------------------------------------------------


def test_vendored_files_match_versions_txt():
    rows = _versions()
    assert {(r["package"], r["version"]) for r in rows} == {
        ("graphiql", "3.8.3"),
        ("react", "18.2.0"),
        ("react-dom", "18.2.0"),
        ("@graphiql/plugin-explorer", "1.0.2"),
    }
    for row in rows:
        data = (GRAPHIQL_DIR / row["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row["sha256"], f"{row['file']} differs from {row['package']}@{row['version']}"
        assert row["integrity"].startswith("sha512-")


def test_no_stray_files_and_licences_kept():
    vendored = {r["file"] for r in _versions()}
    present = {p.name for p in GRAPHIQL_DIR.iterdir()}
    assert present == vendored | OWN_FILES, present ^ (vendored | OWN_FILES)
    licences = (GRAPHIQL_DIR / "LICENSES.txt").read_text(encoding="utf-8")
    for row in _versions():
        assert f"{row['package']} {row['version']}" in licences
    assert "Permission is hereby granted" in licences


# --- served through Starlette -------------------------------------------------


@pytest.fixture(scope="module")
def app() -> Starlette:
    async def page(request):
        return graphiql_page()

    return Starlette(routes=[Route("/graphql", page), static_assets()])


async def test_page_and_assets_are_served(app):
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://mulu.test") as client:
        response = await client.get("/graphql", headers={"Accept": "text/html"})
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/html")
        assert response.headers["content-security-policy"] == GRAPHIQL_CSP
        assert response.headers["x-content-type-options"] == "nosniff"
        refs = [v for _, _, v in _parsed(response.text).refs]
        assert len(refs) == len(ASSETS)
        for url in refs:
            asset = await client.get(url)
            assert asset.status_code == 200, url
            suffix = Path(urlsplit(url).path).suffix
            media = asset.headers["content-type"].split(";")[0].strip()
            assert media in CONTENT_TYPES[suffix], f"{url}: {media}"
            assert asset.content == (STATIC_DIR / urlsplit(url).path.removeprefix("/static/")).read_bytes()
            assert "immutable" in asset.headers["cache-control"]
            assert asset.headers["x-content-type-options"] == "nosniff"
        for name in ("VERSIONS.txt", "LICENSES.txt"):
            response = await client.get(f"/static/graphiql/{name}")
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/plain")


async def test_static_cache_headers_and_revalidation(app):
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://mulu.test") as client:
        plain = await client.get("/static/graphiql/init.js")
        assert plain.status_code == 200
        assert plain.headers["cache-control"] == "no-cache"
        again = await client.get("/static/graphiql/init.js", headers={"If-None-Match": plain.headers["etag"]})
        assert again.status_code == 304
        assert again.headers["cache-control"] == "no-cache"
        assert (await client.get("/static/graphiql/missing.js")).status_code == 404
        assert (await client.get("/static/../graphiql.py")).status_code == 404
        assert (await client.get("/static/graphiql/..%2F..%2Fgraphiql.py")).status_code == 404
