"""The one-way architecture of DESIGN.md, read from the imports: domain/ is pure (no graph, api
or services), graph/ imports nothing of the server but its domain. (api/ → graph/ is next: the
resolvers still receive graph rows until the typed repositories land — issue 10.)"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def imports_of(folder: str) -> list[tuple[str, str]]:
    """(file, imported module) for every import in the Python files under `folder`."""
    found = []
    for path in sorted((REPO / folder).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found += [(str(path.relative_to(REPO)), alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.append((str(path.relative_to(REPO)), node.module))
    return found


def breaking(folder: str, forbidden: tuple[str, ...], allowed: tuple[str, ...] = ()) -> list[str]:
    return [
        f"{path} imports {module}" for path, module in imports_of(folder)
        if module.startswith(forbidden) and not module.startswith(allowed)
    ]


@pytest.mark.parametrize(("folder", "forbidden", "allowed"), [
    ("server/domain", ("graph", "server.api", "server.services", "server.app", "server.context", "policies"), ()),
    ("graph", ("server",), ("server.domain",)),
])
def test_data_flows_one_way(folder: str, forbidden: tuple[str, ...], allowed: tuple[str, ...]) -> None:
    assert breaking(folder, forbidden, allowed) == []


def test_the_check_sees_a_breach() -> None:
    """The reader of imports finds what it is asked about (so the test above can fail)."""
    assert any(module == "graph.store" for _, module in imports_of("server/services"))
