"""Cypher statements, kept in `.cypher` files and loaded by name.

`graph/cypher/common/<domain>/<name>.cypher` runs on both engines; a file of the same name
under `graph/cypher/<engine>/` replaces it for that engine, and engine-only statements
(schema set-up) live only there. A reviewer reads the Cypher without reading Python, and
the Neo4j linter in the tests reads exactly the files the Neo4j engine would run.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

CYPHER_DIR = Path(__file__).parent / "cypher"
ENGINES = ("neo4j", "falkordb")
_STATEMENT_END = re.compile(r";\s*$", re.MULTILINE)


class UnknownQuery(LookupError):
    pass


@lru_cache(maxsize=None)
def load(name: str, engine: str) -> str:
    """The statement called `name` (e.g. "catalog/item_by_id") as `engine` runs it."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}")
    for folder in (CYPHER_DIR / engine, CYPHER_DIR / "common"):
        path = folder / f"{name}.cypher"
        if path.is_file():
            return path.read_text(encoding="utf-8").strip()
    raise UnknownQuery(f"no Cypher statement named {name!r} for {engine}")


def split_statements(text: str) -> list[str]:
    """A schema file holds several statements, each ending with `;` at the end of a line."""
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
    return [part.strip() for part in _STATEMENT_END.split(body) if part.strip()]


def statement_files(engine: str) -> list[Path]:
    """Every file that can reach `engine`: its own folder plus the common ones it does not replace."""
    own = sorted((CYPHER_DIR / engine).rglob("*.cypher"))
    replaced = {path.relative_to(CYPHER_DIR / engine) for path in own}
    common = [
        path for path in sorted((CYPHER_DIR / "common").rglob("*.cypher"))
        if path.relative_to(CYPHER_DIR / "common") not in replaced
    ]
    return own + common
