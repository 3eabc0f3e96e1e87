"""The one-way architecture of DESIGN.md, read from the imports and calls: api → services →
domain, policies and repositories; graph/ imports nothing of the server but its domain; no
statement name or column name is used outside graph/."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _trees(folder: str) -> list[tuple[str, ast.AST]]:
    out = []
    for path in sorted((REPO / folder).rglob("*.py")):
        out.append((str(path.relative_to(REPO)), ast.parse(path.read_text(encoding="utf-8"), filename=str(path))))
    return out


def imports_of(folder: str) -> list[tuple[str, str]]:
    """(file, imported module) for every import in the Python files under `folder`."""
    found = []
    for path, tree in _trees(folder):
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found += [(path, alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.append((path, node.module))
    return found


def _within(module: str, packages: tuple[str, ...]) -> bool:
    """Whether `module` is one of `packages` or inside one (`graph` is not `graphql`)."""
    return any(module == package or module.startswith(package + ".") for package in packages)


def breaking(folder: str, forbidden: tuple[str, ...], allowed: tuple[str, ...] = ()) -> list[str]:
    return [
        f"{path} imports {module}" for path, module in imports_of(folder)
        if _within(module, forbidden) and not _within(module, allowed)
    ]


@pytest.mark.parametrize(("folder", "forbidden", "allowed"), [
    # domain/: pure rules and read models, no I/O and no other layer
    ("server/domain", ("graph", "server.api", "server.services", "server.app", "server.context", "server.settings",
                       "policies", "casbin", "neo4j", "falkordb", "redis", "strawberry", "starlette"), ()),
    # api/: thin resolvers over services; never the graph
    ("server/api", ("graph",), ()),
    # services/: the domain, the policy and the typed repositories (and the store's type)
    ("server/services", ("graph", "server.api"), ("graph.repos", "graph.store")),
    # graph/: engines and repositories; of the server only its domain (read models, value lists)
    ("graph", ("server", "policies"), ("server.domain",)),
    # policies/: the enforcer reads read models; its administration reads the graph through repositories
    ("policies", ("server.api", "server.services", "graph"), ("graph.repos", "graph.store", "graph.connect")),
])
def test_data_flows_one_way(folder: str, forbidden: tuple[str, ...], allowed: tuple[str, ...]) -> None:
    assert breaking(folder, forbidden, allowed) == []


def statement_calls(folder: str) -> list[str]:
    """Calls that name a Cypher statement (`store.read("catalog/items_by_ids", …)`) outside graph/."""
    found = []
    for path, tree in _trees(folder):
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in {"read", "write"} and node.args
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
                and "/" in node.args[0].value
            ):
                found.append(f"{path}:{node.lineno} runs {node.args[0].value}")
    return found


@pytest.mark.parametrize("folder", ["server", "policies", "seed", "bench"])
def test_only_repositories_name_statements(folder: str) -> None:
    assert statement_calls(folder) == []


def test_no_graph_rows_above_the_repositories() -> None:
    """The untyped `Row` (a dict keyed by Cypher column names) never leaves graph/."""
    assert [f"{path} imports Row" for path, tree in _trees("server") + _trees("policies") + _trees("seed")
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module == "graph.store"
            and any(alias.name == "Row" for alias in node.names)] == []


def test_the_checks_see_a_breach() -> None:
    """The readers find what they are asked about (so the tests above can fail)."""
    assert any(module == "graph.store" for _, module in imports_of("graph/repos"))
    assert any("runs catalog/items_by_ids" in call for call in statement_calls("graph/repos"))
