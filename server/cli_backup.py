"""`mulu backup` and `mulu restore` (第三十七条: 备份与恢复).

    mulu backup --to PATH [--data-dir D]   a consistent, checksummed snapshot, while the server runs
    mulu restore PATH [--data-dir D] [--accept-unverified REASON]
                                           check a snapshot and put its state in place (server stopped)

A snapshot is a directory:

    PATH/MANIFEST.sha256            sha256 of manifest.json (`sha256sum -c MANIFEST.sha256` checks it)
    PATH/manifest.json              every other file with its size and sha256; mulu's version, the
                                    engine, the instants, the audit log's head in the snapshot
    PATH/falkordb/graph.rdb         the embedded engine's data set at one instant (not with Neo4j)
    PATH/calendar/…                 the installed holiday arrangements (`mulu workdays load`)
    PATH/decisions/YYYY-MM-DD.jsonl the decision log (第三十九条), each file up to its last whole line

The graph is consistent by itself: the engine forks once and the child streams its memory as it was
at that instant (graph/falkordb_snapshot.py), while the server goes on serving. The calendars and
the decision log are copied right after; the decision log's files are append-only, so a copy up to
the last "\\n" is a prefix of what the servers wrote. The snapshot is written beside PATH and
renamed to PATH only once it is complete and checked (its graph loaded by an engine of its own,
the audit chain in it verified), so a PATH that exists is a whole snapshot. The backup is itself
an audit event (BACKUP, with the manifest's sha256), written to the live graph once it is done.

`mulu restore` checks every file against the manifest and the manifest against MANIFEST.sha256
before it touches anything, and refuses (exit 1, naming the file) when one fails, is missing or is
extra, and while a server holds the data directory. It reads the head of the audit log it is about
to replace (last seq, checkpoint), rebuilds the engine's append-only file from the snapshot in a
directory of its own, verifies the audit chain there (a snapshot whose chain does not verify, here or
in its manifest, is refused unless `--accept-unverified "reason"` is given), starts the result as
the server will, records a RESTORE audit event there (with the replaced log's head, the verdict and
any accepted reason), and only then swaps it in; what it replaces is kept in
`<data dir>/before-restore-<instant>/`, never deleted. The audit log is then the snapshot's: a
checkpoint taken after the snapshot no longer verifies, and `mulu audit verify` says so.

The graph and the calendars go back to the snapshot (a calendar's installation is an event in the
graph's audit log, so they go together; the replaced calendars are in before-restore-*/calendar).
The decision log does not go back (第三十九条: it records use that really happened): the live files
stay; a snapshot file the live log lacks is copied in; a live file that does not begin with the
snapshot's bytes (truncated or altered) is kept too, the snapshot's copy put in
before-restore-<instant>/from-snapshot/decisions/, and the restore warns about it.

With Neo4j (MULU_NEO4J_URI) the calendars and the decision log are backed up and restored here;
the graph is backed up and restored with Neo4j's own tools (`neo4j-admin`), which this prints.

Exit codes: 0 done; 1 refused (a checksum fails, a file is missing or extra, a server runs, the
snapshot's audit chain does not verify and was not accepted);
2 cannot (bad arguments, an engine that fails).
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import hashlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack, asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from server.domain.instants import utc_iso
from server.domain.records.audit import AuditAction, AuditEvent, AuditTargetKind
from server.services import audit

FORMAT = "mulu-backup/1"
MANIFEST = "manifest.json"
MANIFEST_SUM = "MANIFEST.sha256"
GRAPH_FILE = "falkordb/graph.rdb"
ENGINE_DIR = "falkordb"  # inside the data directory (graph/connect.py)
CALENDAR_DIR = "calendar"  # server/services/calendar.py
DECISIONS_DIR = "decisions"  # server/services/decisions.py
PARTS = (ENGINE_DIR, CALENDAR_DIR, DECISIONS_DIR)  # what a restore replaces in the data directory
CHUNK = 1 << 20


class Refused(Exception):
    """The snapshot or the data directory is not fit for a restore (exit 1); nothing was changed."""


class Failed(Exception):
    """The command could not do its work (exit 2); the message says why."""


def add_parser(subparsers: Any) -> None:
    backup = subparsers.add_parser(
        "backup", help="备份：写出一致、带校验和的快照，服务运行中亦可 (write a consistent, checksummed snapshot, also while the server runs)",
        description="第三十七条 备份：图引擎某一时刻的完整数据、已载入的工作日历、鉴权日志（只取完整的行），附清单与校验和；"
                    "服务运行中亦可 (the graph engine's data at one instant, the installed calendars and the decision log"
                    " in whole lines, with a checksummed manifest; also while the server runs). With MULU_NEO4J_URI the"
                    " graph is backed up with neo4j-admin (printed).")
    backup.add_argument("--to", required=True, type=Path, metavar="PATH",
                        help="快照目录，须不存在或为空 (the snapshot directory; must not exist or be empty)")
    backup.add_argument("--data-dir", type=Path, help="数据目录 (the data directory; default MULU_DATA_DIR)")
    restore = subparsers.add_parser(
        "restore", help="恢复：校验快照并恢复到快照时的状态，须先停止服务 (check a snapshot and restore its state; stop the server first)",
        description="第三十七条 恢复：逐个文件校验快照，任何一处不符即拒绝（退出码 1）；被替换的数据保留在"
                    " <数据目录>/before-restore-<时间>/ (checks every file of the snapshot and refuses, exit 1, when one"
                    " fails; the replaced data is kept in <data dir>/before-restore-<instant>/). 快照之后记下的审计检查点"
                    "将不再通过校验 (audit checkpoints taken after the snapshot no longer verify).")
    restore.add_argument("snapshot", type=Path, metavar="PATH", help="mulu backup 写出的快照目录 (a directory written by mulu backup)")
    restore.add_argument("--data-dir", type=Path, help="数据目录 (the data directory; default MULU_DATA_DIR)")
    restore.add_argument("--accept-unverified", metavar="REASON", dest="accept_unverified",
                         help="快照内的审计链未通过校验时仍予恢复，并写明理由（记入 RESTORE 审计事件）(restore a snapshot whose"
                              " audit chain does not verify all the same; the reason is recorded in the RESTORE event)")


def run(args: argparse.Namespace, settings: Any) -> int:
    try:
        if args.command == "backup":
            return asyncio.run(backup(settings, Path(args.to)))
        return asyncio.run(restore(settings, Path(args.snapshot), accept_unverified=args.accept_unverified))
    except Refused as exc:
        print(f"mulu {args.command}: 已拒绝 (refused): {exc}", file=sys.stderr)
        return 1
    except Failed as exc:
        print(f"mulu {args.command}: 失败 (failed): {exc}", file=sys.stderr)
        return 2


# ---- backup -----------------------------------------------------------------------------------------


@dataclass
class _Graph:
    """Where the graph engine of the backup is, and what the snapshot found in it."""

    kind: str  # "falkordb" or "neo4j"
    source: str = ""  # said in the output and the manifest
    host: str = ""
    port: int = 0
    password: str | None = field(default=None, repr=False)  # the engine's (requirepass); never printed
    info: dict[str, Any] = field(default_factory=dict)


async def backup(settings: Any, to: Path) -> int:
    data_dir = Path(settings.data_dir).absolute()
    target = to.absolute()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise Failed(f"快照目录已存在且不为空 / the snapshot directory exists and is not empty: {target}")
    if any(target == data_dir / part or data_dir / part in target.parents for part in PARTS):
        raise Failed(f"快照目录不能在数据目录的 {'/'.join(PARTS)} 之内 / the snapshot cannot be inside the data it backs up: {target}")
    started = datetime.now(timezone.utc)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-", dir=target.parent))
    try:
        async with AsyncExitStack() as stack:
            graph = await _snapshot_graph(settings, data_dir, partial, stack)
            files = _copy_files(data_dir, partial)
            if graph.kind == "falkordb":
                rdb = partial / GRAPH_FILE
                files.insert(0, {"path": GRAPH_FILE, "size": rdb.stat().st_size, "sha256": graph.info.pop("sha256")})
                graph.info["audit"] = await _audit_in_snapshot(settings, rdb)
            else:
                graph.info["audit"] = await _live_audit_head(settings)
            manifest = _manifest(settings, data_dir, started, graph, files)
            manifest_sum = _write_manifest(partial, manifest)
            _fsync_tree(partial)
            try:
                os.rename(partial, target)
            except OSError as exc:  # another backup to the same PATH finished first, or PATH appeared meanwhile
                raise Failed(f"无法把快照放到 / could not put the snapshot at {target}: {exc.strerror or exc}"
                             " (快照目录在备份期间已被占用？另一个备份写到了同一路径？/ did another backup write to the"
                             " same path meanwhile?); 未完成的快照已删除 (the partial snapshot was removed)") from exc
            _fsync_dir(target.parent)
            _report_backup(settings, target, graph, files, manifest_sum)
            await _record_backup(settings, graph, target, manifest, manifest_sum)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return 0


async def _snapshot_graph(settings: Any, data_dir: Path, partial: Path, stack: AsyncExitStack) -> _Graph:
    """The graph's snapshot into `partial`/falkordb/graph.rdb (FalkorDB); nothing with Neo4j."""
    if settings.neo4j_uri:
        return _Graph("neo4j", source=f"Neo4j {settings.neo4j_uri} (database {settings.neo4j_database})")
    from graph.embedded import EmbeddedFalkorDB, EngineStartError
    from graph.falkordb_snapshot import SnapshotError, dump_rdb, engine_password, engine_versions, running_engine
    from redis.exceptions import RedisError

    graph = _Graph("falkordb")
    try:
        if settings.falkordb_url:
            from graph.connect import falkordb_address

            graph.host, graph.port, graph.password = falkordb_address(settings.falkordb_url)
            graph.source = f"FalkorDB {graph.host}:{graph.port} (MULU_FALKORDB_URL)"
        else:
            engine_dir = data_dir / ENGINE_DIR
            if not (engine_dir / "appendonlydir").is_dir():
                raise Failed(f"数据目录中没有图引擎数据 / no graph engine data in {engine_dir}"
                             " (数据目录是否正确？/ is --data-dir right?)")
            found = running_engine(engine_dir)
            if found is not None:
                graph.host, graph.port = found
                graph.password = engine_password(engine_dir)
                graph.source = f"the running server's engine at {graph.host}:{graph.port} (运行中的服务)"
            else:
                engine = EmbeddedFalkorDB(engine_dir, lock_timeout=0.5)
                try:
                    engine.start()
                except EngineStartError:
                    found = running_engine(engine_dir)  # a server started meanwhile: take it from there
                    if found is None:
                        raise
                    graph.host, graph.port = found
                    graph.password = engine_password(engine_dir)
                    graph.source = f"the running server's engine at {graph.host}:{graph.port} (运行中的服务)"
                else:
                    stack.callback(engine.stop)
                    graph.host, graph.port, graph.password = engine.host, engine.port, engine.password
                    graph.source = "the stopped server's data, engine started for the backup (服务未运行，临时启动引擎)"
        (partial / "falkordb").mkdir(mode=0o700)
        if await _graph_exists(graph.host, graph.port, settings.graph_name, graph.password):
            # The events written so far are linked by hash first (as the server's chainer would within
            # a second), so the snapshot's checkpoint covers them.
            try:
                async with _falkordb_store(settings, graph.host, graph.port, graph.password) as store:
                    await audit.chain(store)
            except Exception as exc:  # noqa: BLE001 - the server's chainer links them later all the same
                print(f"mulu backup: 注意 (note): 未能先链接新的审计事件 (could not link the newest audit events first): {exc}",
                      file=sys.stderr)
        graph.info["at"] = utc_iso(datetime.now(timezone.utc))
        dump = dump_rdb(graph.host, graph.port, partial / GRAPH_FILE, timeout=settings.engine_bulk_timeout_seconds,
                        password=graph.password)
        graph.info.update(sha256=dump.sha256, seconds=round(dump.seconds, 3),
                          versions=engine_versions(graph.host, graph.port, graph.password))
    except (SnapshotError, EngineStartError, OSError, RedisError) as exc:
        raise Failed(f"{graph.source or 'FalkorDB'}: {exc}") from exc
    return graph


async def _audit_in_snapshot(settings: Any, rdb: Path) -> dict[str, Any]:
    """Loads the snapshot in an engine of its own (proving it loads) and verifies the audit chain in
    it: the last event it holds, and a checkpoint of it."""
    from graph.embedded import EngineStartError
    from graph.falkordb_snapshot import SnapshotError, engine_from_rdb

    scratch = Path(tempfile.mkdtemp(prefix="mulu-backup-check-"))
    try:
        with engine_from_rdb(rdb, scratch / "engine", persist=False) as engine:
            async with _falkordb_store(settings, engine.host, engine.port, engine.password) as store:
                if not await _graph_exists(engine.host, engine.port, settings.graph_name, engine.password):
                    return {"events": 0, "allocated": 0, "chainedThrough": 0, "verified": True, "checkpoint": None}
                head = await audit.last_seq(store)
                verdict = await audit.verify(store)
    except (SnapshotError, EngineStartError) as exc:
        raise Failed(f"快照无法由图引擎载入 / the snapshot does not load in an engine: {exc}") from exc
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return {
        "allocated": head, "events": verdict.events, "chainedThrough": verdict.chained_through,
        "checkpoint": f"{verdict.chained_through}:{verdict.head_hash}" if verdict.chained_through else None,
        "verified": verdict.ok, "problem": None if verdict.ok else f"{verdict.problem}: {verdict.message}",
    }


async def _live_audit_head(settings: Any) -> dict[str, Any]:
    """With Neo4j the graph is not in the snapshot: the audit log's head when the backup was taken,
    to compare with the graph a `neo4j-admin` backup of the same time restores."""
    from graph.connect import open_store

    try:
        async with open_store(settings, setup_schema=False) as store:
            return {"allocated": await audit.last_seq(store), "readFrom": "the live graph at backup time (备份时的在线图)"}
    except Exception as exc:  # noqa: BLE001 - the files are backed up all the same
        print(f"mulu backup: 注意 (note): 读不到 Neo4j 的审计日志 (could not read the audit log from Neo4j): {exc}", file=sys.stderr)
        return {"allocated": None, "readFrom": f"unavailable: {exc}"}


async def _graph_exists(host: str, port: int, graph_name: str, password: str | None = None) -> bool:
    import redis.asyncio as aioredis

    client = aioredis.Redis(host=host, port=port, password=password)
    try:
        return bool(await client.exists(graph_name))
    finally:
        await client.aclose()


def _copy_files(data_dir: Path, partial: Path) -> list[dict[str, Any]]:
    """The calendars (`calendar/*.json`, what the server reads) whole, the decision log's files up to
    their last complete line (a line a server is appending right now is left for the next backup)."""
    files: list[dict[str, Any]] = []
    for part in (CALENDAR_DIR, DECISIONS_DIR):
        source = data_dir / part
        if not source.is_dir():
            continue
        found = source.glob("*.json") if part == CALENDAR_DIR else source.rglob("*")
        for path in sorted(p for p in found if p.is_file() and not p.is_symlink() and not p.name.startswith(".")):
            relative = path.relative_to(data_dir).as_posix()
            out = partial / relative
            out.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            whole_lines = part == DECISIONS_DIR and path.suffix == ".jsonl"
            entry = {"path": relative, **_copy(path, out, whole_lines=whole_lines)}
            files.append(entry)
    return files


def _copy(source: Path, target: Path, *, whole_lines: bool = False, expected: str | None = None) -> dict[str, Any]:
    """Copies `source` (with `whole_lines`: up to its last "\\n", never half a line) to a new file,
    fsynced; its size and sha256 (and lines). With `expected`, a copy of other content is refused."""
    digest = hashlib.sha256()
    lines = 0
    with open(source, "rb") as src:
        end = os.fstat(src.fileno()).st_size
        if whole_lines:
            end = _last_line_end(src, end)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            left = end
            while left:
                chunk = src.read(min(CHUNK, left))
                if not chunk:
                    raise Failed(f"文件在复制中变短 / the file shrank while it was copied: {source}")
                out.write(chunk)
                digest.update(chunk)
                lines += chunk.count(b"\n")
                left -= len(chunk)
            out.flush()
            os.fsync(out.fileno())
    if expected is not None and digest.hexdigest() != expected:
        raise Refused(f"{source}: 文件在校验后被改动 (the file changed after it was checked)")
    entry: dict[str, Any] = {"size": end, "sha256": digest.hexdigest()}
    if whole_lines:
        entry["lines"] = lines
    return entry


def _last_line_end(f: Any, size: int) -> int:
    """The offset just past the last "\\n" in the first `size` bytes (0 when there is none); `f`
    is left at offset 0. Lines appended meanwhile lie beyond `size` and are not looked at."""
    pos = size
    while pos > 0:
        start = max(0, pos - 64 * 1024)
        f.seek(start)
        block = f.read(pos - start)
        found = block.rfind(b"\n")
        if found >= 0:
            f.seek(0)
            return start + found + 1
        pos = start
    f.seek(0)
    return 0


def _manifest(settings: Any, data_dir: Path, started: datetime, graph: _Graph,
              files: list[dict[str, Any]]) -> dict[str, Any]:
    engine: dict[str, Any] = {"kind": graph.kind, "source": graph.source}
    if graph.kind == "falkordb":
        engine.update(graph=settings.graph_name, snapshotAt=graph.info["at"], versions=graph.info["versions"],
                      seconds=graph.info["seconds"], file=GRAPH_FILE)
    else:
        engine.update(database=settings.neo4j_database, backup=_neo4j_advice(settings))
    return {
        "format": FORMAT,
        "mulu": _mulu_version(),
        "createdAt": utc_iso(started),
        "finishedAt": utc_iso(datetime.now(timezone.utc)),
        "dataDir": str(data_dir),
        "engine": engine,
        "audit": graph.info["audit"],
        "files": files,
    }


def _mulu_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("mulu")
    except PackageNotFoundError:
        return "unknown"


def _write_manifest(partial: Path, manifest: dict[str, Any]) -> str:
    text = (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
    digest = hashlib.sha256(text).hexdigest()
    _write_new(partial / MANIFEST, text)
    _write_new(partial / MANIFEST_SUM, f"{digest}  {MANIFEST}\n".encode())
    return digest


def _write_new(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())


def _report_backup(settings: Any, target: Path, graph: _Graph, files: list[dict[str, Any]], manifest_sum: str) -> None:
    out = [f"mulu backup: 快照已写入 (snapshot written): {target}"]
    if graph.kind == "falkordb":
        versions = graph.info["versions"]
        graph_file = files[0]
        out.append(f"  图 (graph): FalkorDB {versions.get('falkordb', '?')} (Redis {versions.get('redis', '?')}),"
                   f" {graph_file['size']:,} bytes at {graph.info['at']}, from {graph.source}")
    audit_info = graph.info["audit"]
    if audit_info.get("allocated") is not None:
        line = f"  审计日志 (audit log): {audit_info['allocated']} events"
        if "verified" in audit_info:
            line += (f", chain verified through {audit_info['chainedThrough']} (链完好)" if audit_info["verified"]
                     else f", 快照内的审计链未通过校验 (the chain in the snapshot does NOT verify): {audit_info['problem']}")
        out.append(line)
        if audit_info.get("checkpoint"):
            out.append(f"  快照内检查点 (checkpoint in the snapshot): {audit_info['checkpoint']}")
    calendars = [f for f in files if f["path"].startswith(CALENDAR_DIR + "/")]
    decisions = [f for f in files if f["path"].startswith(DECISIONS_DIR + "/")]
    out.append(f"  工作日历 (calendars): {len(calendars)} file(s); 鉴权日志 (decision log): {len(decisions)} file(s),"
               f" {sum(f.get('lines', 0) for f in decisions):,} whole lines")
    out.append(f"  清单校验和 (manifest sha256): {manifest_sum}")
    print("\n".join(out))
    if graph.kind == "falkordb" and audit_info.get("verified") is False:
        print("mulu backup: 警告 (warning): 快照内的审计链未通过校验，请运行 mulu audit verify"
              " (the audit chain in the snapshot does not verify: run mulu audit verify)", file=sys.stderr)
    if graph.kind == "neo4j":
        print(f"  {graph.source}:\n" + _neo4j_advice_text(settings))


def _neo4j_advice(settings: Any) -> dict[str, str]:
    database = settings.neo4j_database
    return {
        "community": f"neo4j-admin database dump {database} --to-path=<dir>   (停库 / database stopped)",
        "enterprise": f"neo4j-admin database backup {database} --to-path=<dir>   (在线 / online)",
        "restore": f"neo4j-admin database load {database} --from-path=<dir> --overwrite-destination=true"
                   f"   (社区版 / Community; 企业版 / Enterprise: neo4j-admin database restore --from-path=<dir> {database})",
    }


def _neo4j_advice_text(settings: Any) -> str:
    return "\n".join([
        "  图数据在 Neo4j 中，本快照不含图；请同时用 Neo4j 自带工具备份图 (the graph lives in Neo4j and is not in this",
        "  snapshot: back it up at the same time with Neo4j's own tools):",
        *(f"    {line}" for line in _neo4j_advice(settings).values()),
    ])


async def _record_backup(settings: Any, graph: _Graph, target: Path, manifest: dict[str, Any], manifest_sum: str) -> None:
    """The backup as an audit event in the live graph (第三十八条): who, when, which snapshot."""
    event = _event(AuditAction.BACKUP, manifest_sum, target.name, after={
        "snapshot": str(target), "manifestSha256": manifest_sum, "engine": graph.kind,
        "auditSeqInSnapshot": manifest["audit"].get("allocated"),
        "files": len(manifest["files"]), "bytes": sum(f["size"] for f in manifest["files"]),
    })
    if graph.kind == "falkordb" and not await _graph_exists(graph.host, graph.port, settings.graph_name, graph.password):
        return  # no mulu graph in this engine: nothing to record it in
    try:
        async with _live_store(settings, graph) as store:
            seq = await audit.record_operation(store, event)
            await audit.chain(store)
    except Exception as exc:  # noqa: BLE001 - the snapshot is whole; say what is missing
        print(f"mulu backup: 警告 (warning): 快照已完成，但未能记入审计日志 (the snapshot is complete, but its"
              f" audit event could not be written): {exc}", file=sys.stderr)
        return
    print(f"  审计事件 (audit event): BACKUP #{seq}")


def _event(action: AuditAction, snapshot_id: str, name: str, *, after: dict[str, Any], reason: str = "") -> AuditEvent:
    return audit.command_event(action, AuditTargetKind.SNAPSHOT, snapshot_id, name, after=after, reason=reason)


@asynccontextmanager
async def _live_store(settings: Any, graph: _Graph) -> AsyncIterator[Any]:
    """The live graph of the backup: the FalkorDB it snapshotted, or the configured Neo4j."""
    if graph.kind == "falkordb":
        async with _falkordb_store(settings, graph.host, graph.port, graph.password) as store:
            yield store
        return
    from graph.connect import open_store

    async with open_store(settings, setup_schema=False) as store:
        yield store


@asynccontextmanager
async def _falkordb_store(settings: Any, host: str, port: int, password: str | None = None) -> AsyncIterator[Any]:
    """A store on one FalkorDB engine (the one snapshotted, or one loaded from a snapshot)."""
    from graph.falkordb_store import FalkorDBStore

    store = FalkorDBStore(host, port, settings.graph_name, max_connections=4, password=password,
                          timeout_seconds=settings.engine_timeout_seconds,
                          bulk_timeout_seconds=settings.engine_bulk_timeout_seconds)
    try:
        yield store
    finally:
        await store.close()


# ---- checking a snapshot ----------------------------------------------------------------------------


def check_snapshot(snapshot: Path) -> dict[str, Any]:
    """The snapshot's manifest, once every file is proven: the manifest against MANIFEST.sha256,
    every other file against the manifest, none missing and none extra. Raises `Refused` naming the
    first file that fails."""
    if not snapshot.is_dir():
        raise Refused(f"{snapshot}: 不是快照目录 (not a snapshot directory)")
    try:
        line = (snapshot / MANIFEST_SUM).read_text(encoding="ascii").split()
    except FileNotFoundError:
        raise Refused(f"{MANIFEST_SUM}: 缺少清单校验和，不是完整的快照 (missing: not a whole snapshot)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise Refused(f"{MANIFEST_SUM}: 无法读取 (unreadable): {exc}") from None
    if len(line) != 2 or line[1].lstrip("*") != MANIFEST or len(line[0]) != 64:
        raise Refused(f"{MANIFEST_SUM}: 格式不对 (malformed)")
    try:
        text = (snapshot / MANIFEST).read_bytes()
    except FileNotFoundError:
        raise Refused(f"{MANIFEST}: 缺少清单 (missing)") from None
    if hashlib.sha256(text).hexdigest() != line[0].lower():
        raise Refused(f"{MANIFEST}: 与 {MANIFEST_SUM} 不符，清单或其校验和已被改动"
                      f" (checksum mismatch with {MANIFEST_SUM}: the manifest or its checksum changed)")
    try:
        manifest = json.loads(text)
        listed = {entry["path"]: entry for entry in manifest["files"]}
        if manifest.get("format") != FORMAT:
            raise Refused(f"{MANIFEST}: 不认识的快照格式 (unknown snapshot format) {manifest.get('format')!r}")
        if manifest["engine"]["kind"] not in ("falkordb", "neo4j"):
            raise Refused(f"{MANIFEST}: 不认识的图引擎 (unknown engine) {manifest['engine']['kind']!r}")
    except (ValueError, KeyError, TypeError) as exc:
        raise Refused(f"{MANIFEST}: 内容无效 (invalid): {exc}") from None
    for name in listed:
        if not _allowed_path(name):
            raise Refused(f"{MANIFEST}: 不允许的文件路径 (a path a snapshot cannot hold): {name!r}")
    if manifest["engine"]["kind"] == "falkordb" and GRAPH_FILE not in listed:
        raise Refused(f"{MANIFEST}: 未列出图文件 (the graph file is not listed) {GRAPH_FILE}")
    present: set[str] = set()
    for path in sorted(snapshot.rglob("*")):
        relative = path.relative_to(snapshot).as_posix()
        if path.is_symlink() or not (path.is_file() or path.is_dir()):
            raise Refused(f"{relative}: 快照中不应有链接或特殊文件 (a link or special file in the snapshot)")
        if path.is_file() and relative not in (MANIFEST, MANIFEST_SUM):
            present.add(relative)
    for name in sorted(set(listed) - present):
        raise Refused(f"{name}: 缺少文件 (missing)")
    for name in sorted(present - set(listed)):
        raise Refused(f"{name}: 多出清单之外的文件 (extra: not in the manifest)")
    for name, entry in sorted(listed.items()):
        path = snapshot / name
        if path.stat().st_size != entry.get("size"):
            raise Refused(f"{name}: 大小不符 (size {path.stat().st_size}, manifest says {entry.get('size')})")
        if _sha256(path) != entry.get("sha256"):
            raise Refused(f"{name}: 校验和不符，文件已被改动 (checksum mismatch: the file changed)")
    return manifest


def _allowed_path(name: Any) -> bool:
    if not isinstance(name, str) or name.startswith("/") or "\\" in name:
        return False
    parts = name.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return False
    return name == GRAPH_FILE or (parts[0] in (CALENDAR_DIR, DECISIONS_DIR) and len(parts) >= 2)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# ---- restore ----------------------------------------------------------------------------------------


@dataclass
class _DecisionPlan:
    """What a restore does with each decision-log file of the snapshot (第三十九条: the record of use
    that really happened is never rolled back). The live files stay as they are; files the live log
    does not have are copied in."""

    added: list[str] = field(default_factory=list)  # missing from the live log: copied in from the snapshot
    kept: list[str] = field(default_factory=list)  # the live file begins with the snapshot's bytes: kept as is
    diverged: list[str] = field(default_factory=list)  # it does not (truncated or altered): kept; the snapshot's set aside

    def summary(self) -> dict[str, Any]:
        return {"keptLive": len(self.kept), "addedFromSnapshot": self.added, "divergedFromSnapshot": self.diverged}


async def restore(settings: Any, snapshot: Path, *, accept_unverified: str | None = None) -> int:
    snapshot = snapshot.absolute()
    if accept_unverified is not None:
        from server.domain.input_text import text_problem

        accept_unverified = accept_unverified.strip()
        problem = text_problem(accept_unverified, 2000) if accept_unverified else "须写明理由 (a reason is required)"
        if problem:
            raise Failed(f"--accept-unverified: {problem}")
    manifest = check_snapshot(snapshot)
    manifest_sum = (snapshot / MANIFEST_SUM).read_text(encoding="ascii").split()[0].lower()
    kind = manifest["engine"]["kind"]
    if kind == "falkordb" and settings.neo4j_uri:
        raise Failed("快照中的图属于内嵌 FalkorDB，但已配置 MULU_NEO4J_URI (the snapshot holds an embedded"
                     " FalkorDB graph, but MULU_NEO4J_URI is set): unset it to restore into the data directory")
    if kind == "falkordb" and settings.falkordb_url:
        raise Failed("已配置 MULU_FALKORDB_URL：外部 FalkorDB 的文件不归 mulu 管理 (a FalkorDB of your own:"
                     f" stop it and load {snapshot / GRAPH_FILE} as its RDB file, with appendonly off, then turn"
                     " appendonly on); unset MULU_FALKORDB_URL to restore the embedded engine")
    if kind == "neo4j" and not settings.neo4j_uri:
        raise Failed("此快照来自使用 Neo4j 的服务，不含图 (this snapshot was taken with Neo4j and holds no graph):"
                     " set MULU_NEO4J_URI to restore its calendars and decision log")
    in_manifest = manifest.get("audit") or {}
    if kind == "falkordb" and in_manifest.get("verified") is False:
        _unverified(f"清单记载 (the manifest says): {in_manifest.get('problem')}", accept_unverified)
    data_dir = Path(settings.data_dir).absolute()
    _refuse_if_served(data_dir)
    # The head of the audit log being replaced, read before anything moves (the server is stopped).
    replaced = await _replaced_audit_head(settings, data_dir / ENGINE_DIR) if kind == "falkordb" else None
    with _holding_data_dir(data_dir):
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
        aside = data_dir / f"before-restore-{stamp}"
        staging = data_dir / f".restore-{stamp}"
        # The decision log is not among the parts swapped: its live files stay (see `_DecisionPlan`).
        parts = [ENGINE_DIR, CALENDAR_DIR] if kind == "falkordb" else [CALENDAR_DIR]
        plan = _plan_decisions(manifest, data_dir)
        keeps = aside if plan.diverged or any((data_dir / part).exists() for part in parts) else None
        staging.mkdir(mode=0o700)
        try:
            _stage_files(snapshot, manifest, staging)
            staged = _StagedEngine()
            if kind == "falkordb":
                staged = await _stage_engine(settings, snapshot, manifest, manifest_sum, staging, keeps,
                                             replaced=replaced, plan=plan, accept_unverified=accept_unverified)
            moved = _swap(data_dir, staging, aside, parts)
            _merge_decisions(data_dir, staging, aside, plan, snapshot)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    _report_restore(snapshot, manifest, data_dir, aside if moved or plan.diverged else None, staged, replaced, plan,
                    accept_unverified)
    if kind == "neo4j":
        advice = _neo4j_advice(settings)
        print("  图数据在 Neo4j 中，请用 Neo4j 自带工具恢复同一时间的备份 (the graph lives in Neo4j: restore the backup of the"
              f" same time with Neo4j's own tools):\n    {advice['restore']}")
    return 0


def _unverified(problem: str, accept_unverified: str | None) -> None:
    """A snapshot whose audit chain does not verify is refused unless the operator accepts it with a reason."""
    if accept_unverified is None:
        raise Refused(f"快照内的审计链未通过校验 (the audit chain in the snapshot does NOT verify): {problem}; 审计日志可能已被"
                      "篡改，请先查明 (the audit log may have been altered: find out first); 确需恢复时加"
                      ' --accept-unverified "理由" (to restore it all the same, give --accept-unverified "reason",'
                      " recorded in the RESTORE audit event)")
    print(f"mulu restore: 警告 (warning): 快照内的审计链未通过校验 (the audit chain in the snapshot does NOT verify):"
          f" {problem}; 按 --accept-unverified 仍予恢复 (restored all the same, accepted: {accept_unverified})",
          file=sys.stderr)


def _refuse_if_served(data_dir: Path) -> None:
    from graph.falkordb_snapshot import directory_owner

    owner = directory_owner(data_dir / ENGINE_DIR)
    if owner is not None:
        raise Refused(f"服务正在运行，请先停止 (a server is running on this data directory: {owner.describe()};"
                      f" stop it, then restore): {data_dir}")


async def _replaced_audit_head(settings: Any, engine_dir: Path) -> dict[str, Any] | None:
    """The head of the audit log a restore replaces: the last seq it allocated and its checkpoint
    (seq:hash of the last linked event), so the RESTORE event anchors the log it replaced. Its newest
    events are linked first (as the server's chainer, or `mulu audit checkpoint`, would), so the
    checkpoint covers them all. The engine is started on the data directory for this and stopped
    before the restore takes the directory's lock. None when there is no engine data; data that does
    not start or read is said so (a broken graph is a reason to restore, so it does not stop one)."""
    from graph.embedded import EmbeddedFalkorDB, EngineStartError
    from graph.falkordb_snapshot import directory_owner

    if not (engine_dir / "appendonlydir").is_dir():
        return None
    engine = EmbeddedFalkorDB(engine_dir, startup_timeout=60.0, lock_timeout=0.5)
    try:
        engine.start()
    except EngineStartError as exc:
        owner = directory_owner(engine_dir)
        if owner is not None:
            raise Refused(f"服务刚刚启动，请先停止 (a server has just started on this data directory: {owner.describe()};"
                          f" stop it): {engine_dir.parent}") from None
        return _unreadable(exc)
    try:
        async with _falkordb_store(settings, engine.host, engine.port, engine.password) as store:
            if not await _graph_exists(engine.host, engine.port, settings.graph_name, engine.password):
                return {"allocated": 0, "checkpoint": None, "verified": True}
            await audit.chain(store)
            head = await audit.last_seq(store)
            verdict = await audit.verify(store)
    except Exception as exc:  # noqa: BLE001 - the restore goes on; the event says the head was unreadable
        return _unreadable(exc)
    finally:
        engine.stop()
    return {
        "allocated": head, "chainedThrough": verdict.chained_through,
        "checkpoint": f"{verdict.chained_through}:{verdict.head_hash}" if verdict.chained_through else None,
        "verified": verdict.ok, "problem": None if verdict.ok else f"{verdict.problem}: {verdict.message}",
    }


def _unreadable(exc: BaseException) -> dict[str, Any]:
    print(f"mulu restore: 注意 (note): 读不到被替换数据的审计日志 (could not read the audit log being replaced): {exc}",
          file=sys.stderr)
    return {"allocated": None, "checkpoint": None, "unreadable": str(exc)}


@contextmanager
def _holding_data_dir(data_dir: Path) -> Iterator[None]:
    """Refuses while a server holds the engine directory; holds its lock for the restore, so a
    server started meanwhile waits, then fails, instead of serving half a restore."""
    engine_dir = data_dir / ENGINE_DIR
    _refuse_if_served(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    fd = None
    lock = engine_dir / ".lock"
    if lock.exists():
        fd = os.open(lock, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise Refused(f"服务刚刚启动，请先停止 (a server has just started on this data directory; stop it): {data_dir}") from None
    try:
        yield
    finally:
        if fd is not None:
            os.close(fd)


def _plan_decisions(manifest: dict[str, Any], data_dir: Path) -> _DecisionPlan:
    """Each decision-log file of the snapshot against the live one of the same name. The files are
    append-only and a backup copies whole lines, so a live file that holds the answers given since
    the snapshot begins with the snapshot's bytes."""
    plan = _DecisionPlan()
    for entry in manifest["files"]:
        name = entry["path"]
        if not name.startswith(DECISIONS_DIR + "/"):
            continue
        live = data_dir / name
        if not live.exists() and not live.is_symlink():
            plan.added.append(name)
        elif live.is_file() and not live.is_symlink() and _begins_with(live, entry["size"], entry["sha256"]):
            plan.kept.append(name)
        else:
            plan.diverged.append(name)
    return plan


def _begins_with(path: Path, size: int, sha256: str) -> bool:
    """Whether the first `size` bytes of `path` have the digest `sha256`."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        left = size
        while left:
            chunk = f.read(min(CHUNK, left))
            if not chunk:
                return False  # shorter than the snapshot's: truncated
            digest.update(chunk)
            left -= len(chunk)
    return digest.hexdigest() == sha256


def _merge_decisions(data_dir: Path, staging: Path, aside: Path, plan: _DecisionPlan, snapshot: Path) -> None:
    """The snapshot's decision-log files the live log lacks, moved in from `staging` (never over a
    live file); the snapshot's copy of a file the live one diverged from, put beside the replaced data
    in `aside`/from-snapshot/ for the operator to compare. The live files themselves are not touched."""
    try:
        for name in list(plan.added):
            target = data_dir / name
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            try:
                os.link(staging / name, target)  # fails rather than replace a file that appeared meanwhile
            except FileExistsError:
                plan.added.remove(name)
                plan.diverged.append(name)
                continue
            _fsync_dir(target.parent)
        for name in plan.diverged:
            kept = aside / "from-snapshot" / name
            kept.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.rename(staging / name, kept)
            _fsync_dir(kept.parent)
    except OSError as exc:
        raise Failed(f"图与工作日历已恢复，但鉴权日志未能全部补入 (the graph and the calendars were restored, but the decision"
                     f" log files of the snapshot could not all be copied in): {exc}; 请从快照补入 (copy them from"
                     f" {snapshot / DECISIONS_DIR}); 现有的鉴权日志未被改动 (the live decision log was not changed)") from exc


def _stage_files(snapshot: Path, manifest: dict[str, Any], staging: Path) -> None:
    """The snapshot's calendars and decision log, copied into `staging` and checked again."""
    for entry in manifest["files"]:
        if entry["path"] == GRAPH_FILE:
            continue
        out = staging / entry["path"]
        out.parent.mkdir(parents=True, exist_ok=True)
        _copy(snapshot / entry["path"], out, expected=entry["sha256"])


@dataclass
class _StagedEngine:
    """What `_stage_engine` found and did: the RESTORE event's seq, the snapshot's audit verdict."""

    seq: int | None = None
    verdict: dict[str, Any] | None = None


async def _stage_engine(settings: Any, snapshot: Path, manifest: dict[str, Any], manifest_sum: str,
                        staging: Path, keeps: Path | None, *, replaced: dict[str, Any] | None,
                        plan: _DecisionPlan, accept_unverified: str | None) -> _StagedEngine:
    """The engine directory rebuilt from the snapshot in `staging`, its audit chain verified (refused
    when it does not verify, unless accepted), with a RESTORE audit event that anchors the log it
    replaces, and proven by a normal start."""
    from graph.embedded import EmbeddedFalkorDB, EngineStartError
    from graph.falkordb_snapshot import SnapshotError, engine_from_rdb

    rdb_entry = next(entry for entry in manifest["files"] if entry["path"] == GRAPH_FILE)
    in_manifest = manifest.get("audit") or {}
    expected = in_manifest.get("allocated")
    engine_dir = staging / ENGINE_DIR
    staged = _StagedEngine()
    try:
        with engine_from_rdb(snapshot / GRAPH_FILE, engine_dir, persist=True, sha256=rdb_entry["sha256"],
                             timeout=settings.engine_bulk_timeout_seconds) as engine:
            async with _falkordb_store(settings, engine.host, engine.port, engine.password) as store:
                if await _graph_exists(engine.host, engine.port, settings.graph_name, engine.password):
                    head = await audit.last_seq(store)
                    if expected is not None and head != expected:
                        raise Refused(f"{GRAPH_FILE}: 载入后的审计日志到事件 {head}，清单记为 {expected}"
                                      f" (the loaded graph's audit log ends at event {head}; the manifest says {expected})")
                    verdict = await audit.verify(store)
                    staged.verdict = {
                        "verified": verdict.ok and in_manifest.get("verified") is not False,
                        "chainedThrough": verdict.chained_through,
                        "checkpoint": f"{verdict.chained_through}:{verdict.head_hash}" if verdict.chained_through else None,
                        "problem": (f"{verdict.problem} (event {verdict.seq}): {verdict.message}" if not verdict.ok
                                    else None if in_manifest.get("verified") is not False
                                    else f"清单记载 (the manifest says): {in_manifest.get('problem')}"),
                    }
                    if not verdict.ok and in_manifest.get("verified") is not False:  # else said above
                        _unverified(staged.verdict["problem"], accept_unverified)
                    reason = f"恢复到 {manifest['engine'].get('snapshotAt')} 的快照 (restored the snapshot of that instant)"
                    if not staged.verdict["verified"]:
                        reason += (f"; 审计链未通过校验，仍予恢复 (the snapshot's audit chain does not verify, restored all"
                                   f" the same): {accept_unverified}")
                    staged.seq = await audit.record_operation(store, _event(
                        AuditAction.RESTORE, manifest_sum, snapshot.name, reason=reason,
                        after={"snapshot": str(snapshot), "manifestSha256": manifest_sum,
                               "snapshotAt": manifest["engine"].get("snapshotAt"), "auditSeqInSnapshot": head,
                               "auditInSnapshot": staged.verdict, "acceptedUnverified": accept_unverified,
                               "replacedAuditLog": replaced, "decisionLog": plan.summary(),
                               "replacedDataKeptIn": str(keeps) if keeps else None}))
                    await audit.chain(store)
        # As the server will start it: the rebuilt append-only file loads and holds the restore.
        check = EmbeddedFalkorDB(engine_dir, startup_timeout=60.0)
        check.start()
        try:
            if staged.seq is not None:
                async with _falkordb_store(settings, check.host, check.port, check.password) as store:
                    head = await audit.last_seq(store)
                if head != staged.seq:
                    raise Failed(f"重建的引擎数据不完整 (the rebuilt engine directory ends at audit event {head}, expected {staged.seq})")
        finally:
            check.stop()
    except (SnapshotError, EngineStartError) as exc:
        raise Failed(f"无法由快照重建图引擎 (could not rebuild the engine from the snapshot): {exc}") from exc
    return staged


def _swap(data_dir: Path, staging: Path, aside: Path, parts: list[str]) -> list[str]:
    """Moves the data directory's current `parts` into `aside` and the staged ones into place (the
    engine's directory out first and in last); the parts it moved aside. A failure half-way puts
    everything back."""
    moved: list[str] = []
    placed: list[str] = []
    try:
        for part in parts:
            if (data_dir / part).exists():
                aside.mkdir(mode=0o700, exist_ok=True)
                os.rename(data_dir / part, aside / part)
                moved.append(part)
        for part in reversed(parts):
            if (staging / part).exists():
                os.rename(staging / part, data_dir / part)
                placed.append(part)
    except OSError as exc:
        for part in placed:
            os.rename(data_dir / part, staging / part)
        for part in moved:
            os.rename(aside / part, data_dir / part)
        raise Failed(f"替换数据失败，已复原 (swapping the data failed and was undone): {exc}") from exc
    _fsync_dir(data_dir)
    return moved


def _report_restore(snapshot: Path, manifest: dict[str, Any], data_dir: Path, aside: Path | None,
                    staged: _StagedEngine, replaced: dict[str, Any] | None, plan: _DecisionPlan,
                    accept_unverified: str | None) -> None:
    audit_info = manifest.get("audit") or {}
    out = [f"mulu restore: 已恢复到快照时的状态 (restored the state of the snapshot): {snapshot}",
           f"  快照时间 (taken at): {manifest['engine'].get('snapshotAt') or manifest['createdAt']}; 数据目录 (data directory): {data_dir}"]
    if staged.verdict is not None:
        if staged.verdict["verified"]:
            out.append(f"  快照内的审计链 (audit chain in the snapshot): verified through {staged.verdict['chainedThrough']} (链完好)")
        else:
            out.append(f"  快照内的审计链未通过校验 (the audit chain in the snapshot does NOT verify): {staged.verdict['problem']};"
                       f" 仍予恢复 (restored all the same, accepted: {accept_unverified})")
    if audit_info.get("allocated") is not None:
        out.append(f"  审计日志回到事件 {audit_info['allocated']}；此后记下的检查点将不再通过校验 (the audit log is back at event"
                   f" {audit_info['allocated']}: checkpoints taken after the snapshot no longer verify)")
    if replaced is not None and replaced.get("allocated") is not None:
        out.append(f"  被替换的审计日志到事件 {replaced['allocated']}，检查点 (the replaced audit log ended at event"
                   f" {replaced['allocated']}, checkpoint): {replaced.get('checkpoint') or '-'}"
                   + ("" if replaced.get("verified", True) else f"; 未通过校验 (did NOT verify): {replaced.get('problem')}"))
    if staged.seq is not None:
        out.append(f"  审计事件 (audit event): RESTORE #{staged.seq}")
    out.append(f"  工作日历 (calendars): 快照中的 (the snapshot's): "
               f"{', '.join(Path(f['path']).name for f in manifest['files'] if f['path'].startswith(CALENDAR_DIR + '/')) or '-'}")
    out.append(f"  鉴权日志 (decision log): 保留现有文件，含快照之后的鉴权记录 (the live files are kept, with the answers given"
               f" after the snapshot): {len(plan.kept)} kept, {len(plan.added)} copied in from the snapshot"
               + (f", {len(plan.diverged)} differing from the snapshot" if plan.diverged else ""))
    if aside is not None:
        out.append(f"  被替换的数据保留在 (the replaced data is kept in): {aside}")
    print("\n".join(out))
    for name in plan.diverged:
        print(f"mulu restore: 警告 (warning): {name}: 现有文件与快照中的不一致，不以快照的开头开始，可能曾被截短或改动"
              f" (the live file does not begin with the snapshot's copy: it was truncated or altered); 保留现有文件"
              f" (the live one is kept); 快照中的在 (the snapshot's is in) {aside / 'from-snapshot' / name if aside else '?'}",
              file=sys.stderr)


# ---- files ------------------------------------------------------------------------------------------


def _fsync_tree(root: Path) -> None:
    for path in sorted(root.rglob("*"), reverse=True):
        if path.is_dir():
            _fsync_dir(path)
    _fsync_dir(root)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


__all__ = ["add_parser", "backup", "check_snapshot", "restore", "run"]
