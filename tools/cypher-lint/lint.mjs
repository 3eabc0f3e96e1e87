#!/usr/bin/env node
// mulu — Neo4j's own Cypher linter over every statement that can reach Neo4j.
//
// Usage:  node lint.mjs [--schema=builtin|none] [--jobs=N] [--cache=DIR] < in.json > out.json
//   stdin : JSON array of {"file": str, "statement": str, "line"?: int}
//           `line` is the 1-based line of the file where `statement` starts (default 1),
//           so a multi-statement (schema) file can be split and still report file lines.
//   stdout: JSON array of {"file", "severity", "message", "line", "column"}, in input order;
//           severity is "Error" | "Warning" | "Information" | "Hint" (LSP levels);
//           line and column are 1-based positions in the file.
//   exit 0 whatever the diagnostics say (the caller decides what fails); exit 2 on bad
//   input or arguments, exit 3 if the pinned package no longer ships the built-in catalog.
//   --schema=builtin (default): Neo4j 5's built-in procedures and functions (see below);
//            none: lintCypherQuery(statement, {}) exactly.
//   --jobs=N: worker threads (default: one per idle CPU by load average, at most 4, and at
//            least 16 statements each; every worker loads its own copy, ~1.2 s, ~250 MB).
//   --cache=DIR: reuse earlier results for statement texts already linted (key: the text,
//            the schema mode, this file's source and the package version).
//   One node process lints every statement (workers are threads of it); each distinct
//   text is linted once. Runs offline after `npm ci` (no network use at all).
//
// Cost (measured here, 2 shared cores, Node 20): ~1.2 s to load the package, then
// 20 ms (trivial) to 100-500 ms (a full-text CALL plus MATCHes) per statement: its semantic
// analysis is Neo4j's Java front end compiled to a 5.6 MB JS file by TeaVM and takes
// >95 % of the time (the ANTLR parse ~0.1 ms). 200 distinct realistic statements:
// 21.6-28 s cold with one thread, ~270-380 MB; with --cache, 0.15 s when none changed.
// The repository's 33 files + self-tests: ~7 s cold, ~1.3 s warm (whole pytest module).
// Two workers gave no gain here because the two cores were already busy (load 2-4);
// outputs are identical whatever --jobs is.
//
// Findings with @neo4j-cypher/language-support@2.0.0-next.38 (Node 20; the package's
// "engines" asks for node >= 24.11.1, npm only warns, and it works under Node 20):
//  - API: ESM `import * as ls` (no default export) / CJS `require(...)` both export `lintCypherQuery(query,
//    dbSchema, options?)` -> {diagnostics, symbolTables}. Diagnostics are LSP diagnostics
//    (severity 1 = Error, 2 = Warning; range.start line/character are 0-based). It runs a
//    JS build of Neo4j's real semantic analysis: syntax errors, undefined variables,
//    type mismatches, UNION column mismatch, aggregation scoping, removed syntax
//    (`exists(n.p)`, `CREATE CONSTRAINT ON … ASSERT`, `CREATE INDEX ON :L(p)`,
//    `size((n)--())`) are all errors; deprecations (`id()`, `CALL { WITH x … }` without a
//    scope clause) are warnings. Default language is CYPHER 5 (we set it explicitly).
//  - "Parameter $x is not defined." is reported as an ERROR (not a notice) for every
//    parameter unless the schema declares it; callers must filter it (the package's own
//    `isNotParamError` does exactly that message match).
//  - With an empty schema `{}` it does NOT check procedure or function names at all:
//    `CALL db.idx.fulltext.queryNodes(...)` (FalkorDB), `foo.bar(1)`, `toLowr('a')` and
//    wrong argument counts all pass.
//  - The package exports `testData.mockSchema`, a DbSchema captured from a Neo4j 5 /
//    2025.x server (CYPHER 5 and CYPHER 25 registries: 701/678 procedures, 405/401
//    functions, including APOC and GDS, plus a demo movie graph's labels). We pass only
//    its `procedures` and `functions` with `apoc.*` and `gds.*` removed (mulu targets a
//    plain Neo4j 5 without plugins) and no labels/types/properties (so no "label not in
//    the database" noise). With that schema it reports as ERRORS: "Procedure
//    db.idx.fulltext.queryNodes is not present in the database", the same for
//    db.idx.fulltext.createNodeIndex, unknown functions (`foo.bar`, `toLowr`,
//    `apoc.text.join`), too few procedure arguments, unknown YIELD columns. Procedure
//    mode (READ/WRITE) is not checked.
//  - Accepted without diagnostics (apart from the parameter notice):
//      CALL db.index.fulltext.queryNodes('x', $q) YIELD node, score   (also as the last clause)
//      CALL db.index.fulltext.queryNodes('x', $q, {limit: $n}) YIELD node, score RETURN …
//      CREATE FULLTEXT INDEX n IF NOT EXISTS FOR (c:CatalogItem) ON EACH [c.searchText]
//        OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace', `fulltext.eventually_consistent`: false}}
//      CREATE CONSTRAINT [name] IF NOT EXISTS FOR (d:Department) REQUIRE d.code IS UNIQUE
//      CREATE INDEX [name] IF NOT EXISTS FOR (c:CatalogItem) ON (c.status)   (also FalkorDB's form)
//      UNWIND $rows AS r MERGE (n:X {id: r.id}) SET n += r
//      MERGE … ON CREATE SET … ON MATCH SET …, map projections, COUNT { }, date()/duration()
//      UNWIND $rows AS r CALL (r) { … } IN TRANSACTIONS OF 500 ROWS  (OK; the old
//        `CALL { WITH r … } IN TRANSACTIONS` form gets a deprecation WARNING). The linter
//        cannot know that IN TRANSACTIONS only runs in an auto-commit (session.run)
//        transaction, not inside a managed/explicit transaction.
//  - Deprecated built-in procedures (db.create.setVectorProperty,
//    db.index.vector.createNodeIndex, cdc.*, ...) and `id()` give WARNINGS. Built-in
//    function names are case-insensitive (`tolower` passes), as in the database.
//  - Caveat: the package's wrapper swallows any exception thrown inside the semantic
//    analysis and then reports only syntax errors; a crash there would look like a pass.
//    (A crash of lintCypherQuery itself is reported here as an Error "linter crashed".)
//  - A text holding several `;`-separated statements is linted statement by statement
//    (diagnostic lines are relative to the whole text); a trailing `;` is accepted.
//  - It lints the newest Cypher 5 grammar (e.g. dynamic labels `:$($x)` from 5.26 pass),
//    so it cannot tell that a feature is newer than the Neo4j 5 version actually deployed.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableParallelism, loadavg } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

// Loaded only where statements are linted (the main thread or each worker, not both):
// every copy of the package costs ~1.2 s and ~250 MB.
let ls = null;
const loadLinter = async () => (ls ??= await import('@neo4j-cypher/language-support'));

const SEVERITY = { 1: 'Error', 2: 'Warning', 3: 'Information', 4: 'Hint' };
const PLUGIN_NAMESPACES = /^(apoc|gds)\./;

function builtinSchema() {
  const mock = ls.testData && ls.testData.mockSchema;
  if (!mock || !mock.procedures || !mock.functions) return null;
  const strip = (scoped) =>
    Object.fromEntries(
      Object.entries(scoped).map(([version, registry]) => [
        version,
        Object.fromEntries(Object.entries(registry).filter(([name]) => !PLUGIN_NAMESPACES.test(name))),
      ]),
    );
  return { procedures: strip(mock.procedures), functions: strip(mock.functions), defaultLanguage: 'CYPHER 5' };
}

// Diagnostics of one statement, positions relative to the statement (1-based).
function lintStatement(statement, schema) {
  try {
    return ls.lintCypherQuery(statement, schema).diagnostics.map((d) => ({
      severity: SEVERITY[d.severity] ?? String(d.severity),
      message: d.message,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
    }));
  } catch (e) {
    return [{ severity: 'Error', message: `linter crashed: ${e && e.stack ? e.stack : e}`, line: 1, column: 1, crashed: true }];
  }
}

// The installed package's version (its "exports" hide package.json from require()).
function linterVersion() {
  let dir = dirname(createRequire(import.meta.url).resolve('@neo4j-cypher/language-support'));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      if (pkg.name === '@neo4j-cypher/language-support') return pkg.version;
    } catch {
      /* keep walking up */
    }
    const parent = dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}

// --cache=DIR: remember each statement's diagnostics under a key made of the statement,
// the schema mode, this script's source and the linter's version, so a re-run only lints
// statements that changed (the semantic analysis is slow). Crashes are never cached.
function openCache(dir, schemaMode) {
  if (!dir) return null;
  const version = linterVersion();
  const salt = createHash('sha256')
    .update(readFileSync(fileURLToPath(import.meta.url)))
    .update(`\0${version}\0${schemaMode}\0`)
    .digest('hex');
  const path = join(dir, 'lint-cache.json');
  let entries = {};
  try {
    const data = JSON.parse(readFileSync(path, 'utf8'));
    if (data && data.salt === salt && data.entries) entries = data.entries;
  } catch {
    /* no cache yet, or unreadable: start empty */
  }
  const keyOf = (statement) => createHash('sha256').update(statement).digest('hex');
  return {
    get: (statement) => entries[keyOf(statement)],
    save(pairs) {
      // Keep what this run used (plus older entries while the file stays small).
      const fresh = Object.fromEntries(pairs.filter(([, d]) => !d.some((x) => x.crashed)).map(([st, d]) => [keyOf(st), d]));
      const merged = Object.keys(entries).length + Object.keys(fresh).length > 5000 ? fresh : { ...entries, ...fresh };
      try {
        mkdirSync(dir, { recursive: true });
        const tmp = `${path}.${process.pid}.tmp`;
        writeFileSync(tmp, JSON.stringify({ salt, entries: merged }));
        renameSync(tmp, path);
      } catch (e) {
        process.stderr.write(`lint.mjs: cannot write cache ${path}: ${e.message}\n`);
      }
    },
  };
}

function die(code, message) {
  process.stderr.write(`lint.mjs: ${message}\n`);
  process.exit(code);
}

function parseArgs(argv) {
  const opts = { schema: 'builtin', jobs: 0, cache: '' };
  for (const arg of argv) {
    let m;
    if ((m = /^--schema=(builtin|none)$/.exec(arg))) opts.schema = m[1];
    else if ((m = /^--jobs=(\d+)$/.exec(arg))) opts.jobs = Number(m[1]);
    else if ((m = /^--cache=(.+)$/.exec(arg))) opts.cache = m[1];
    else die(2, `unknown argument ${arg} (use --schema=builtin|none, --jobs=N, --cache=DIR)`);
  }
  return opts;
}

function readItems() {
  let items;
  try {
    items = JSON.parse(readFileSync(0, 'utf8'));
    if (!Array.isArray(items)) throw new Error('expected a JSON array');
    for (const it of items) {
      if (!it || typeof it.file !== 'string' || typeof it.statement !== 'string') {
        throw new Error('each element needs string "file" and "statement"');
      }
    }
  } catch (e) {
    die(2, `bad input: ${e.message}`);
  }
  return items;
}

function runWorkers(statements, opts, jobs) {
  // Work queue: each worker asks for the next statement, so one slow statement does not
  // hold back a whole pre-assigned chunk. Results are stored by index to keep input order.
  return new Promise((resolve, reject) => {
    const results = new Array(statements.length);
    let next = 0;
    let done = 0;
    const workers = [];
    const feed = (w) => {
      if (next < statements.length) {
        w.postMessage({ index: next, statement: statements[next] });
        next += 1;
      } else {
        w.postMessage(null);
      }
    };
    for (let j = 0; j < jobs; j++) {
      const w = new Worker(new URL(import.meta.url), { workerData: { schema: opts.schema } });
      workers.push(w);
      w.on('message', (msg) => {
        if (msg.ready) return feed(w);
        if (msg.fatal) return reject(new Error(msg.fatal));
        results[msg.index] = msg.diagnostics;
        done += 1;
        if (done === statements.length) resolve(results);
        else feed(w);
      });
      w.on('error', reject);
    }
  });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const items = readItems();
  const cache = openCache(opts.cache, opts.schema);

  // Lint each distinct statement text once.
  const known = new Map();
  const todo = [];
  for (const { statement } of items) {
    if (known.has(statement)) continue;
    const hit = cache && cache.get(statement);
    known.set(statement, hit);
    if (!hit) todo.push(statement);
  }

  // Default: one worker per idle CPU (by the 1-minute load average), at most 4, and
  // at least 16 statements per worker (a worker costs ~1.2 s and ~250 MB to start).
  const idle = Math.round(availableParallelism() - loadavg()[0]);
  const auto = Math.max(1, Math.min(idle, 4, Math.ceil(todo.length / 16)));
  const jobs = Math.max(1, Math.min(opts.jobs || auto, todo.length || 1));
  let results = [];
  if (todo.length === 0) {
    results = [];
  } else if (jobs === 1) {
    await loadLinter();
    const schema = opts.schema === 'builtin' ? builtinSchema() : {};
    if (!schema) die(3, NO_SCHEMA);
    results = todo.map((st) => lintStatement(st, schema));
  } else {
    try {
      results = await runWorkers(todo, opts, jobs);
    } catch (e) {
      die(3, e.message);
    }
  }
  todo.forEach((st, i) => known.set(st, results[i]));
  if (cache && todo.length) cache.save(todo.map((st, i) => [st, results[i]]));

  const out = [];
  for (const { file, statement, line } of items) {
    const base = Number.isInteger(line) && line > 0 ? line : 1;
    for (const d of known.get(statement)) {
      out.push({ file, severity: d.severity, message: d.message, line: base + d.line - 1, column: d.column });
    }
  }
  // Exit once the output is flushed: to a pipe, write() may return before it all went out, and
  // exiting at once cut the JSON at 64 KiB (the pipe's buffer) when there were many statements.
  process.stdout.write(JSON.stringify(out, null, 1) + '\n', () => process.exit(0)); // workers are idle; do not wait for them to unwind
}

const NO_SCHEMA =
  'the package no longer exports testData.mockSchema; cannot build the Neo4j built-in ' +
  'procedure/function catalog (--schema=none lints without it)';

if (isMainThread) {
  await main();
} else {
  await loadLinter();
  const schema = workerData.schema === 'builtin' ? builtinSchema() : {};
  if (!schema) {
    parentPort.postMessage({ fatal: NO_SCHEMA });
  } else {
    parentPort.on('message', (msg) => {
      if (msg === null) return parentPort.close();
      parentPort.postMessage({ index: msg.index, diagnostics: lintStatement(msg.statement, schema) });
    });
    parentPort.postMessage({ ready: true });
  }
}
