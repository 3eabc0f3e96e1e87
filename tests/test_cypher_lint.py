"""Neo4j's own Cypher linter over every statement that can reach Neo4j.

No Neo4j server runs on the development machines, so this is what stands between a
Neo4j-only typo and production. The statements are exactly the ones the Neo4j engine
runs: `graph.queries.statement_files("neo4j")` (the `neo4j/` folder plus the `common/`
files it does not replace; `falkordb/` is never linted here), each file as
`queries.load()` returns it, and schema files (`schema/...`) cut by
`queries.split_statements()` the way `Neo4jStore.setup_schema` runs them.

All statements go to one `node tools/cypher-lint/lint.mjs` process (module-scoped
fixture), which lints them with `@neo4j-cypher/language-support` and a catalog of Neo4j 5's
built-in procedures and functions, so a FalkorDB-only `db.idx.*` call or a misspelt
function is an error. See the comment block at the top of lint.mjs for what it checks.

What fails a file: every Error *and* every Warning, except "Parameter $x is not defined."
(an Error in this linter, but parameters are bound at run time). The warnings it emits are
deprecations (`id()`, `CALL { WITH x ... }` without a scope clause, deprecated procedures),
each of which has a drop-in replacement and is removed in Cypher 25; new code has no
reason to use them, and letting them pass would let them pile up unseen.

Node.js is mandatory: without `node` the test fails (it does not skip). If
`tools/cypher-lint/node_modules` is missing or stale, the fixture runs `npm ci` there
(offline when npm's cache already holds the packages). Results are cached per statement
text in `tools/cypher-lint/node_modules/.cache/` (the semantic analysis costs ~0.1 s per
statement); set MULU_CYPHER_LINT_CACHE=0 to lint everything afresh.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from graph import queries

REPO = Path(__file__).resolve().parents[1]
LINT_DIR = REPO / "tools" / "cypher-lint"
LINT_SCRIPT = LINT_DIR / "lint.mjs"
PACKAGE = "@neo4j-cypher/language-support"
CACHE_DIR = LINT_DIR / "node_modules" / ".cache" / "mulu-cypher-lint"
CYPHER_DIR = queries.CYPHER_DIR
ENGINE = "neo4j"

# The linter reports every parameter as undefined unless a schema declares it.
UNDEFINED_PARAMETER = re.compile(r"^Parameter \$\S+ is not defined\.?$")
BLOCKING_SEVERITIES = {"Error", "Warning"}


# --------------------------------------------------------------------------------------
# Statements: what Neo4j runs, with a map back to file positions
# --------------------------------------------------------------------------------------


@dataclass
class Statement:
    key: str  # unique id sent to the linter
    file: str  # path shown in messages (relative to the repo)
    text: str  # exactly what the engine sends
    # line_map[i] = (1-based file line, column shift) of the statement's line i+1
    line_map: list[tuple[int, int]] = field(default_factory=list)

    def position(self, line: int, column: int) -> tuple[int, int]:
        if 1 <= line <= len(self.line_map):
            file_line, shift = self.line_map[line - 1]
            return file_line, column + shift
        return line, column


def _is_comment(line: str) -> bool:
    return line.lstrip().startswith("//")


def _map_lines(statement: str, file_lines: list[str], cursor: int, comments_removed: bool) -> tuple[list[tuple[int, int]], int]:
    """Map each line of `statement` (cut out of the file) to its file line, in order."""
    mapping: list[tuple[int, int]] = []
    for text_line in statement.split("\n"):
        while cursor < len(file_lines) and (
            (comments_removed and _is_comment(file_lines[cursor])) or (text_line and text_line not in file_lines[cursor])
        ):
            cursor += 1
        if cursor >= len(file_lines):  # cannot place it: fall back to statement positions
            return [], 0
        mapping.append((cursor + 1, file_lines[cursor].find(text_line) if text_line else 0))
        cursor += 1
    return mapping, cursor


def statements_of(rel: str, name: str, raw: str, loaded: str) -> tuple[list[Statement], list[str]]:
    """The statements Neo4j runs for one file, and problems with the file itself.

    `rel` is the path shown, `name` the query name ("catalog/item_by_id"), `raw` the file
    text, `loaded` what `queries.load(name, "neo4j")` returns.
    """
    file_lines = raw.split("\n")
    pieces = queries.split_statements(loaded)
    problems: list[str] = []
    if not pieces:
        return [], [f"{rel}: holds no Cypher statement"]
    if name.startswith("schema/"):
        texts, comments_removed = pieces, True  # run one by one by setup_schema
    else:
        texts, comments_removed = [loaded], False  # run as one query
        if len(pieces) > 1:
            problems.append(
                f"{rel}: holds {len(pieces)} `;`-separated statements, but the engine sends the whole "
                "file as one query; only schema/ files are split (one statement per file)"
            )
    result, cursor = [], 0
    for index, text in enumerate(texts, start=1):
        line_map, next_cursor = _map_lines(text, file_lines, cursor, comments_removed)
        cursor = next_cursor if line_map else cursor
        result.append(Statement(key=f"{rel}#{index}", file=rel, text=text, line_map=line_map))
    return result, problems


def repo_files() -> list[tuple[str, Path]]:
    """(query name, path) of every file that can reach Neo4j."""
    out = []
    for path in queries.statement_files(ENGINE):
        folder = CYPHER_DIR / ENGINE if path.is_relative_to(CYPHER_DIR / ENGINE) else CYPHER_DIR / "common"
        out.append((path.relative_to(folder).with_suffix("").as_posix(), path))
    return out


def replaced_common_files() -> list[tuple[str, Path]]:
    """Common files that a neo4j/ file of the same name replaces (they never reach Neo4j)."""
    reaching = {path.resolve() for _, path in repo_files()}
    return [
        (path.relative_to(CYPHER_DIR / "common").as_posix(), path)
        for path in sorted((CYPHER_DIR / "common").rglob("*.cypher"))
        if path.resolve() not in reaching
    ]


def _rel(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


def repo_statements() -> tuple[dict[str, list[Statement]], dict[str, list[str]]]:
    statements: dict[str, list[Statement]] = {}
    problems: dict[str, list[str]] = {}
    for name, path in repo_files():
        rel = _rel(path)
        statements[rel], problems[rel] = statements_of(rel, name, path.read_text(encoding="utf-8"), queries.load(name, ENGINE))
    return statements, problems


# --------------------------------------------------------------------------------------
# Running the linter
# --------------------------------------------------------------------------------------


def _installed_version() -> str | None:
    manifest = LINT_DIR / "node_modules" / PACKAGE / "package.json"
    try:
        return json.loads(manifest.read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return None


def _pinned_version() -> str:
    return json.loads((LINT_DIR / "package.json").read_text(encoding="utf-8"))["dependencies"][PACKAGE]


def ensure_linter() -> str:
    """Path of `node`, with the pinned linter installed; fails (never skips) otherwise."""
    node = shutil.which("node")
    if node is None:
        pytest.fail(
            "Node.js (`node`, version 20 or later) is not on PATH, and the Neo4j Cypher lint is "
            "mandatory: every statement that can reach Neo4j must pass Neo4j's own linter. Install "
            "Node.js and npm (e.g. `apt-get install nodejs npm`), then run `npm ci --prefix tools/cypher-lint`.",
            pytrace=False,
        )
    if _installed_version() != _pinned_version():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail(
                f"{PACKAGE} is not installed in tools/cypher-lint and `npm` is not on PATH to install it; "
                "install npm and run `npm ci --prefix tools/cypher-lint`.",
                pytrace=False,
            )
        proc = subprocess.run(
            [npm, "ci", "--prefix", str(LINT_DIR), "--prefer-offline", "--no-audit", "--no-fund"],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if proc.returncode != 0 or _installed_version() != _pinned_version():
            pytest.fail(
                f"`npm ci --prefix tools/cypher-lint` failed (exit {proc.returncode}); it needs the npm "
                f"registry or a warm npm cache once:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}",
                pytrace=False,
            )
    return node


def run_linter(node: str, statements: list[Statement]) -> dict[str, list[dict]]:
    """Lint every statement in one node process; diagnostics by statement key."""
    args = [node, str(LINT_SCRIPT)]
    if os.environ.get("MULU_CYPHER_LINT_CACHE", "1") != "0":
        args.append(f"--cache={CACHE_DIR}")
    payload = json.dumps([{"file": s.key, "statement": s.text, "line": 1} for s in statements])
    proc = subprocess.run(args, input=payload, capture_output=True, text=True, timeout=280, cwd=LINT_DIR)
    if proc.returncode != 0:
        pytest.fail(f"tools/cypher-lint/lint.mjs exited {proc.returncode}:\n{proc.stderr[-5000:]}", pytrace=False)
    try:
        diagnostics = json.loads(proc.stdout)
    except ValueError:
        pytest.fail(f"tools/cypher-lint/lint.mjs printed no JSON:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}", pytrace=False)
    by_key: dict[str, list[dict]] = {s.key: [] for s in statements}
    for d in diagnostics:
        by_key[d["file"]].append(d)
    return by_key


def blocking(diagnostics: list[dict]) -> list[dict]:
    return [
        d for d in diagnostics
        if d["severity"] in BLOCKING_SEVERITIES and not UNDEFINED_PARAMETER.match(d["message"])
    ]


def describe(statement: Statement, diagnostics: list[dict]) -> str:
    lines = []
    for d in diagnostics:
        line, column = statement.position(d["line"], d["column"])
        message = d["message"].replace("\n", "\n      ")
        lines.append(f"  {statement.file}:{line}:{column}: {d['severity']}: {message}")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------
# Self-test statements: linted in the same run, so the harness cannot pass everything
# --------------------------------------------------------------------------------------

SELF_TEST_FILE = "graph/cypher/neo4j/schema/selftest.cypher"  # a made-up schema file
SELF_TEST_TEXT = """\
// first statement is fine
CREATE INDEX selftest_code IF NOT EXISTS FOR (i:CatalogItem) ON (i.code);

// the broken one starts on line 5, the error is on line 6
MATCH (n:CatalogItem)
WHERE n.code = $code RETURN m;
"""

SELF_TESTS = {
    "broken": "MATCH (n RETURN n",
    "falkordb_procedure": "CALL db.idx.fulltext.queryNodes('CatalogItem', $q) YIELD node, score RETURN node, score",
    "good_with_parameters": (
        "MATCH (i:CatalogItem {id: $id}) WHERE i.version = $version\n"
        "SET i.name = $name, i.version = i.version + 1\n"
        "RETURN i {.id, .name, .version} AS item"
    ),
    "neo4j_fulltext": (
        "CALL db.index.fulltext.queryNodes('catalog_item_search', $q, {limit: $first}) YIELD node, score\n"
        "RETURN node.id AS id, score ORDER BY score DESC"
    ),
    "neo4j_fulltext_wrong_arity": "CALL db.index.fulltext.queryNodes('catalog_item_search') YIELD node RETURN node",
    "misspelt_function": "MATCH (i:CatalogItem) RETURN toLowr(i.name) AS name",
    "deprecated": "MATCH (i:CatalogItem) RETURN id(i) AS legacyId",
}


def self_test_statements() -> tuple[dict[str, Statement], list[Statement]]:
    singles = {
        name: Statement(key=f"<selftest:{name}>", file=f"<selftest:{name}>", text=text) for name, text in SELF_TESTS.items()
    }
    multi, problems = statements_of(SELF_TEST_FILE, "schema/selftest", SELF_TEST_TEXT, SELF_TEST_TEXT.strip())
    assert not problems
    return singles, multi


# --------------------------------------------------------------------------------------
# Fixtures and tests
# --------------------------------------------------------------------------------------

REPO_STATEMENTS, FILE_PROBLEMS = repo_statements()


class LintRun:
    """Diagnostics by statement key, or why the linter could not run (each test then FAILS)."""

    def __init__(self, by_key: dict[str, list[dict]] | None, error: str | None = None) -> None:
        self._by_key, self._error = by_key, error

    def __getitem__(self, key: str) -> list[dict]:
        if self._error is not None:
            pytest.fail(self._error, pytrace=False)
        return self._by_key[key]


@pytest.fixture(scope="module")
def lint_run() -> LintRun:
    try:
        node = ensure_linter()
        singles, multi = self_test_statements()
        everything = [s for group in REPO_STATEMENTS.values() for s in group] + list(singles.values()) + multi
        return LintRun(run_linter(node, everything))
    except pytest.fail.Exception as exc:  # fail every test that needs the linter, not error them
        return LintRun(None, str(exc))


@pytest.mark.parametrize("rel", sorted(REPO_STATEMENTS))
def test_statement_passes_neo4j_linter(rel: str, lint_run: LintRun) -> None:
    failures = [problem for problem in FILE_PROBLEMS[rel]]
    for statement in REPO_STATEMENTS[rel]:
        found = blocking(lint_run[statement.key])
        if found:
            failures.append(describe(statement, found))
    if failures:
        pytest.fail(f"Neo4j's linter rejects {rel}:\n" + "\n".join(failures), pytrace=False)


def test_replaced_common_files_are_reported() -> None:
    replaced = [_rel(path) for _, path in replaced_common_files()]
    if replaced:
        pytest.skip(f"not linted, replaced on Neo4j by their graph/cypher/neo4j/ twins: {', '.join(replaced)}")


def test_common_statements_are_collected() -> None:
    common = sorted((CYPHER_DIR / "common").rglob("*.cypher"))
    if not common:
        pytest.skip("graph/cypher/common has no .cypher files yet")
    collected = [s for rel, group in REPO_STATEMENTS.items() if rel.startswith("graph/cypher/common/") for s in group]
    assert collected, "graph/cypher/common has .cypher files but no statement was collected from them for the linter"
    replaced = {path.resolve() for _, path in replaced_common_files()}
    linted = {(REPO / rel).resolve() for rel in REPO_STATEMENTS}
    missed = [_rel(path) for path in common if path.resolve() not in replaced | linted]
    assert not missed, f"common files neither linted nor replaced: {missed}"


def test_selftest_broken_statement_is_an_error(lint_run: LintRun) -> None:
    found = blocking(lint_run["<selftest:broken>"])
    assert any(d["severity"] == "Error" and "Invalid input" in d["message"] for d in found), found


def test_selftest_falkordb_procedure_is_an_error(lint_run: LintRun) -> None:
    found = blocking(lint_run["<selftest:falkordb_procedure>"])
    assert any(d["severity"] == "Error" and "db.idx.fulltext.queryNodes" in d["message"] for d in found), found


def test_selftest_good_statement_with_parameters_passes(lint_run: LintRun) -> None:
    raw = lint_run["<selftest:good_with_parameters>"]
    # The linter did see the parameters (and the filter is what lets them through) ...
    assert {d["message"] for d in raw} >= {"Parameter $id is not defined.", "Parameter $name is not defined."}, raw
    # ... and nothing else.
    assert blocking(raw) == [], raw


def test_selftest_neo4j_fulltext_procedure_is_known(lint_run: LintRun) -> None:
    assert blocking(lint_run["<selftest:neo4j_fulltext>"]) == []
    wrong = blocking(lint_run["<selftest:neo4j_fulltext_wrong_arity>"])
    assert any("number of arguments" in d["message"] for d in wrong), wrong


def test_selftest_misspelt_function_is_an_error(lint_run: LintRun) -> None:
    found = blocking(lint_run["<selftest:misspelt_function>"])
    assert any(d["severity"] == "Error" and "toLowr" in d["message"] for d in found), found


def test_selftest_deprecation_warning_fails(lint_run: LintRun) -> None:
    found = blocking(lint_run["<selftest:deprecated>"])
    assert any(d["severity"] == "Warning" and "deprecated" in d["message"] for d in found), found


def test_selftest_schema_file_is_split_and_positions_map_to_the_file(lint_run: LintRun) -> None:
    _, multi = self_test_statements()
    assert [s.text.splitlines()[0] for s in multi] == [
        "CREATE INDEX selftest_code IF NOT EXISTS FOR (i:CatalogItem) ON (i.code)",
        "MATCH (n:CatalogItem)",
    ]
    assert blocking(lint_run[multi[0].key]) == []
    found = blocking(lint_run[multi[1].key])
    assert len(found) == 1 and "Variable `m` not defined" in found[0]["message"], found
    # `m` is the 29th character of line 6 of the file.
    assert multi[1].position(found[0]["line"], found[0]["column"]) == (6, 29)
    assert "selftest.cypher:6:29: Error: Variable `m` not defined" in describe(multi[1], found)


def test_selftest_second_statement_in_a_query_file_is_reported() -> None:
    _, problems = statements_of("graph/cypher/common/x/two.cypher", "x/two", "MATCH (n) RETURN n;\nMATCH (m) RETURN m;\n", "MATCH (n) RETURN n;\nMATCH (m) RETURN m;")
    assert problems and "2 `;`-separated statements" in problems[0]
