"""Backup and restore (issue 11 point 5, 第三十七条), with real engines and a real `mulu serve`.

`mulu backup` takes a consistent, checksummed snapshot of the embedded engine (one fork of the
running engine), the installed calendars and the decision log (whole lines only) while the server
runs; `mulu restore` refuses a snapshot whose checksums fail and a data directory a server holds;
after a restore the state is the snapshot's, the audit chain verifies, and a checkpoint taken after
the snapshot fails verification, saying it is not in the chain.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

import httpx
import pytest

from graph.embedded import EmbeddedFalkorDB
from graph.falkordb_store import FalkorDBStore
from graph.repos import audit as audit_repo
from seed import demo
from seed.load import LoadReport, load_reference
from server import cli, cli_backup
from server.auth import Role
from server.domain.records.audit import AuditAction, AuditTargetKind
from server.services import audit
from tests.helpers import auth, make_settings

REPO = Path(__file__).resolve().parent.parent
SETTINGS = make_settings()
OFFICER = auth(SETTINGS, "140500-MZJ", Role.DEPT_DATA_OFFICER, user="mzj-officer")
DRAFT = "mutation($input: CreateDraftInput!) { createDraft(input: $input) { item { id } } }"
ITEM = "query($id: ID!) { catalogItem(id: $id) { id name } }"
DECISIONS_DAY = "2026-12-01.jsonl"  # a past day: no server process appends to it now


def _decision_lines(count: int) -> list[bytes]:
    """Lines as the decision log writes them on DECISIONS_DAY (hash-chained: `mulu audit verify` checks them)."""
    from graph.repos.decisions import decision_line, genesis
    from server.domain.records.decisions import AuthorizeDecision
    from server.domain.sharing import AuthorizeReason

    previous, lines = genesis(date(2026, 12, 1)), []
    for n in range(count):
        line, previous = decision_line(AuthorizeDecision(
            at=datetime(2026, 12, 1, 8, n, tzinfo=timezone.utc), user="gateway", department="140500-MZJ",
            item_id=f"item-{n + 1}", grant_id=None, allowed=False, reason=AuthorizeReason.NO_GRANT, elements=()), previous)
        lines.append(line)
    return lines


DECISION_LINES = _decision_lines(4)


def draft(name: str) -> dict:
    return {"input": {"item": {
        "name": name, "summary": "备份与恢复演练时创建的草稿", "providerCode": "140500-MZJ",
        "storageLevel": "CITY", "category": "DEPARTMENTAL", "grade": "GENERAL", "format": "DATABASE",
        "shareType": "UNCONDITIONAL", "shareModes": ["API"], "openType": "NOT_OPEN", "openMode": "NONE",
        "updateCycle": "MONTHLY", "elements": [{"name": "姓名", "code": "XM", "type": "STRING"}],
    }}}


def arrangement(year: int) -> dict:
    return {"year": year, "source": "测试用安排，非官方 (test fixture, not official)",
            "holidays": [{"name": "元旦", "from": f"{year}-01-01", "to": f"{year}-01-01"}], "workdays": []}


# ---- a data directory, a served server, the `mulu` command -------------------------------------------


def seeded(data_dir: Path) -> Path:
    """A stopped server's data directory: the embedded engine with the demo regions and departments."""
    async def seed() -> None:
        engine = EmbeddedFalkorDB(data_dir / "falkordb")
        engine.start()
        store = FalkorDBStore(engine.host, engine.port, "mulu", embedded=engine, password=engine.password)
        try:
            await store.setup_schema()
            await load_reference(store, demo.demo_regions(), demo.demo_departments(), [], [], LoadReport())
        finally:
            await store.close()
            engine.stop()

    asyncio.run(seed())
    return data_dir


def environment(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if key not in ("MULU_NEO4J_URI", "MULU_FALKORDB_URL", "MULU_GRAPH_NAME", "MULU_DATA_DIR")}
    env.update(MULU_DATA_DIR=str(data_dir), MULU_JWT_SECRET=SETTINGS.jwt_secret, MULU_ENVIRONMENT="development",
               **extra)
    return env


def mulu(data_dir: Path, *args: str, **extra_env: str) -> subprocess.CompletedProcess[str]:
    """The real `mulu` command in its own process, on `data_dir`."""
    return subprocess.run([sys.executable, "-m", "server.cli", *args], cwd=REPO, env=environment(data_dir, **extra_env),
                          capture_output=True, text=True, timeout=120)


def in_process(*args: str) -> int:
    """`mulu …` in this process (quicker than a process of its own; the environment is the one
    `_embedded_only` leaves)."""
    return cli.main(list(args))


@pytest.fixture(autouse=True)
def _embedded_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands run in this process see the embedded engine, whatever the suite's environment."""
    for name in ("MULU_NEO4J_URI", "MULU_FALKORDB_URL", "MULU_GRAPH_NAME", "MULU_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)


@dataclass
class Server:
    data_dir: Path
    process: subprocess.Popen | None = None
    base: str = ""

    def start(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.base = f"http://127.0.0.1:{port}"
        log = self.data_dir.parent / "server.log"
        with log.open("a") as out:
            self.process = subprocess.Popen([sys.executable, "-m", "server.cli", "serve", "--port", str(port)],
                                            cwd=REPO, env=environment(self.data_dir), stdin=subprocess.DEVNULL,
                                            stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"mulu serve exited with {self.process.returncode}:\n{log.read_text()[-3000:]}")
            try:
                if httpx.get(self.base + "/readyz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        pytest.fail(f"mulu serve not ready:\n{log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
        self.process = None

    def gql(self, query: str, **variables: object) -> dict:
        response = httpx.post(self.base + "/graphql", json={"query": query, "variables": variables},
                              headers=OFFICER, timeout=30)
        body = response.json()
        assert "errors" not in body, body
        return body["data"]


def tree(directory: Path) -> dict[str, tuple[int, int, str]]:
    """Every file under `directory`: size, modification time and sha256 (to prove nothing changed)."""
    return {
        path.relative_to(directory).as_posix():
            (path.stat().st_size, path.stat().st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest())
        for path in sorted(directory.rglob("*")) if path.is_file()
    } | {path.relative_to(directory).as_posix() + "/": (0, 0, "") for path in directory.rglob("*") if path.is_dir()}


@dataclass
class World:
    server: Server
    data_dir: Path
    before: str  # the item made before the snapshot
    snapshot: Path
    manifest: dict
    output: str


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """A served server on the embedded engine with an item, a calendar and decision-log lines (the
    last one half written), and a snapshot `mulu backup` took while it ran."""
    root = tmp_path_factory.mktemp("backup")
    data_dir = seeded(root / "data")
    server = Server(data_dir)
    server.start()
    try:
        before = server.gql(DRAFT, **draft("备份前的目录"))["createDraft"]["item"]["id"]
        (root / "2027.json").write_text(json.dumps(arrangement(2027), ensure_ascii=False), encoding="utf-8")
        assert in_process("workdays", "load", str(root / "2027.json"), "--data-dir", str(data_dir)) == 0
        (data_dir / "decisions").mkdir(exist_ok=True)
        (data_dir / "decisions" / DECISIONS_DAY).write_bytes(  # a writer mid-line
            DECISION_LINES[0] + DECISION_LINES[1] + DECISION_LINES[2][:20])

        backup = mulu(data_dir, "backup", "--to", str(root / "snapshot"))
        assert backup.returncode == 0, backup.stderr
        manifest = json.loads((root / "snapshot" / "manifest.json").read_text(encoding="utf-8"))
        yield World(server, data_dir, before, root / "snapshot", manifest, backup.stdout)
    finally:
        server.stop()


# ---- the tests ------------------------------------------------------------------------------------------


def test_a_snapshot_is_taken_while_the_server_runs_and_checksummed(world: World) -> None:
    assert "the running server's engine" in world.output, world.output
    assert "BACKUP #" in world.output
    manifest = world.manifest
    assert manifest["format"] == "mulu-backup/1" and manifest["engine"]["kind"] == "falkordb"
    assert manifest["engine"]["versions"]["redis"].startswith("8.")
    audit_in_snapshot = manifest["audit"]
    assert audit_in_snapshot["verified"] is True and audit_in_snapshot["allocated"] >= 1
    # The backup linked the events written so far before the fork: the snapshot's checkpoint covers them.
    assert audit_in_snapshot["checkpoint"].startswith(f"{audit_in_snapshot['allocated']}:")
    files = {entry["path"]: entry for entry in manifest["files"]}
    assert {"falkordb/graph.rdb", "calendar/2027.json", f"decisions/{DECISIONS_DAY}"} <= set(files)
    assert [path for path in files if path.startswith("calendar/")] == ["calendar/2027.json"]
    assert (world.snapshot / "decisions" / DECISIONS_DAY).read_bytes() == DECISION_LINES[0] + DECISION_LINES[1]  # never half a line
    assert files[f"decisions/{DECISIONS_DAY}"]["lines"] == 2
    for path, entry in files.items():
        data = (world.snapshot / path).read_bytes()
        assert (len(data), hashlib.sha256(data).hexdigest()) == (entry["size"], entry["sha256"])
    digest = hashlib.sha256((world.snapshot / "manifest.json").read_bytes()).hexdigest()
    assert (world.snapshot / "MANIFEST.sha256").read_text() == f"{digest}  manifest.json\n"
    # Nothing of the snapshot was left in the engine's directory (it streamed from a fork).
    assert sorted(p.name for p in (world.data_dir / "falkordb").iterdir()) == [".lock", ".secret", "appendonlydir", "falkordb.log"]


def test_restore_refuses_while_the_server_runs(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    assert world.server.process is not None
    before = tree(world.data_dir)
    assert in_process("restore", str(world.snapshot), "--data-dir", str(world.data_dir)) == 1
    message = capsys.readouterr().err
    assert "服务正在运行" in message and "a server is running" in message, message
    after = tree(world.data_dir)
    after.pop("falkordb/falkordb.log"), before.pop("falkordb/falkordb.log")  # the running engine's own log
    assert after == before


def test_a_snapshot_with_one_byte_changed_is_refused_and_the_data_dir_is_untouched(
        world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir = seeded(tmp_path / "data")
    (data_dir / "calendar").mkdir()
    (data_dir / "calendar" / "2026.json").write_text(json.dumps(arrangement(2026)), encoding="utf-8")
    before = tree(data_dir)

    def tampered(name: str, change) -> Path:  # noqa: ANN001
        copy = tmp_path / name
        shutil.copytree(world.snapshot, copy)
        change(copy)
        return copy

    def flip(path: Path, at: int) -> None:
        data = bytearray(path.read_bytes())
        data[at] ^= 0x01
        path.write_bytes(bytes(data))

    rdb = tampered("rdb", lambda s: flip(s / "falkordb" / "graph.rdb", (s / "falkordb" / "graph.rdb").stat().st_size // 2))
    refused = mulu(data_dir, "restore", str(rdb))  # the real command, in its own process
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "falkordb/graph.rdb" in refused.stderr and "checksum mismatch" in refused.stderr, refused.stderr

    cases = {
        "manifest.json: 与 MANIFEST.sha256 不符": tampered("manifest", lambda s: flip(s / "manifest.json", 40)),
        "checksum mismatch with MANIFEST.sha256": tampered("sum", lambda s: flip(s / "MANIFEST.sha256", 3)),
        f"decisions/{DECISIONS_DAY}": tampered("decisions", lambda s: flip(s / "decisions" / DECISIONS_DAY, 0)),
        "calendar/2027.json: 缺少文件 (missing)": tampered("missing", lambda s: (s / "calendar" / "2027.json").unlink()),
        "calendar/2028.json: 多出清单之外的文件 (extra": tampered(
            "extra", lambda s: (s / "calendar" / "2028.json").write_text("{}")),
    }
    for expected, snapshot in cases.items():
        assert in_process("restore", str(snapshot), "--data-dir", str(data_dir)) == 1, expected
        message = capsys.readouterr().err
        assert expected in message and "refused" in message, (expected, message)
    assert tree(data_dir) == before
    assert not list(data_dir.glob("before-restore-*")) and not list(data_dir.glob(".restore-*"))


def test_restore_returns_the_state_of_the_snapshot_and_the_audit_chain_still_verifies(
        world: World, capsys: pytest.CaptureFixture[str]) -> None:
    server, data_dir = world.server, world.data_dir
    # After the snapshot: another item, another year's calendar, more decisions.
    after = server.gql(DRAFT, **draft("备份后的目录"))["createDraft"]["item"]["id"]
    (data_dir.parent / "2028.json").write_text(json.dumps(arrangement(2028)), encoding="utf-8")
    assert in_process("workdays", "load", str(data_dir.parent / "2028.json"), "--data-dir", str(data_dir)) == 0
    capsys.readouterr()
    with open(data_dir / "decisions" / DECISIONS_DAY, "ab") as log:
        log.write(DECISION_LINES[2][20:] + DECISION_LINES[3])
    server.stop()

    assert in_process("audit", "checkpoint", "--data-dir", str(data_dir)) == 0
    later = capsys.readouterr().out.strip()
    snapshot_seq = world.manifest["audit"]["allocated"]
    assert int(later.split(":")[0]) > snapshot_seq + 1  # the BACKUP event, then the later item

    restored = mulu(data_dir, "restore", str(world.snapshot))
    assert restored.returncode == 0, restored.stderr
    assert "RESTORE #" in restored.stdout and f"back at event {snapshot_seq}" in restored.stdout, restored.stdout
    assert f"checkpoint): {later}" in restored.stdout, restored.stdout  # the replaced log's head, read before the swap
    [aside] = data_dir.glob("before-restore-*")  # what was replaced is kept, not deleted
    # The decision log is not rolled back (第三十九条): the live files stay, nothing of them is set aside.
    assert sorted(p.name for p in aside.iterdir()) == ["calendar", "falkordb"]
    assert sorted(p.name for p in (aside / "calendar").iterdir()) == ["2027.json", "2028.json"]

    # The chain verifies, and proves the snapshot's own checkpoint; the later checkpoint is gone.
    assert in_process("audit", "verify", "--checkpoint", world.manifest["audit"]["checkpoint"], "--data-dir", str(data_dir)) == 0
    assert capsys.readouterr().out.startswith("OK")
    assert in_process("audit", "verify", "--checkpoint", later, "--data-dir", str(data_dir)) == 1
    stale = capsys.readouterr().err
    assert f"checkpoint event {later.split(':')[0]} is not in the chain" in stale, stale

    assert sorted(p.name for p in (data_dir / "calendar").iterdir()) == ["2027.json"]
    assert (data_dir / "decisions" / DECISIONS_DAY).read_bytes() == b"".join(DECISION_LINES)
    assert "1 kept" in restored.stdout, restored.stdout
    server.start()
    assert server.gql(ITEM, id=world.before)["catalogItem"]["name"] == "备份前的目录"
    assert server.gql(ITEM, id=after)["catalogItem"] is None


def test_a_restore_keeps_the_live_decision_log_adds_what_it_lacks_and_sets_aside_what_differs(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """第三十九条: the decision log records use that happened; a restore never rolls it back."""
    data_dir = seeded(tmp_path / "data")
    decisions = data_dir / "decisions"
    decisions.mkdir()
    (decisions / "2026-11-30.jsonl").write_bytes(b'{"n":1}\n')
    (decisions / "2026-12-01.jsonl").write_bytes(b'{"n":1}\n{"n":2}\n')
    assert in_process("backup", "--to", str(tmp_path / "snapshot"), "--data-dir", str(data_dir)) == 0
    (decisions / "2026-11-30.jsonl").unlink()  # lost since
    (decisions / "2026-12-01.jsonl").write_bytes(b'{"n":1}\n{"n":9}\n{"n":3}\n')  # altered since
    (decisions / "2026-12-02.jsonl").write_bytes(b'{"n":4}\n')  # answered after the snapshot
    capsys.readouterr()
    assert in_process("restore", str(tmp_path / "snapshot"), "--data-dir", str(data_dir)) == 0
    said = capsys.readouterr()
    assert (decisions / "2026-11-30.jsonl").read_bytes() == b'{"n":1}\n'  # copied in from the snapshot
    assert (decisions / "2026-12-01.jsonl").read_bytes() == b'{"n":1}\n{"n":9}\n{"n":3}\n'  # the live one is kept
    assert (decisions / "2026-12-02.jsonl").read_bytes() == b'{"n":4}\n'
    [aside] = data_dir.glob("before-restore-*")
    assert (aside / "from-snapshot" / "decisions" / "2026-12-01.jsonl").read_bytes() == b'{"n":1}\n{"n":2}\n'
    assert "decisions/2026-12-01.jsonl" in said.err and "truncated or altered" in said.err, said.err
    assert "1 copied in from the snapshot, 1 differing" in said.out, said.out
    assert not list(data_dir.glob(".restore-*"))


async def _restore_events(data_dir: Path) -> list:
    engine = EmbeddedFalkorDB(data_dir / "falkordb")
    engine.start()
    store = FalkorDBStore(engine.host, engine.port, "mulu", embedded=engine, password=engine.password)
    try:
        events = [audit_repo.audit_record(props) for props in await audit_repo.stored_events_after(store, 0, 10_000)]
    finally:
        await store.close()
        engine.stop()
    return [event for event in events if event.action == AuditAction.RESTORE]


def test_a_snapshot_whose_audit_chain_does_not_verify_is_restored_only_with_a_reason(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir = seeded(tmp_path / "data")

    async def tamper() -> None:
        engine = EmbeddedFalkorDB(data_dir / "falkordb")
        engine.start()
        store = FalkorDBStore(engine.host, engine.port, "mulu", embedded=engine, password=engine.password)
        try:
            await audit.chain(store)
            _raw(engine, "MATCH (e:AuditEvent {seq: 1}) SET e.reason = 'rewritten'")
        finally:
            await store.close()
            engine.stop()

    asyncio.run(tamper())
    assert in_process("backup", "--to", str(tmp_path / "snapshot"), "--data-dir", str(data_dir)) == 0
    fresh = seeded(tmp_path / "fresh")
    before = tree(fresh)
    capsys.readouterr()
    assert in_process("restore", str(tmp_path / "snapshot"), "--data-dir", str(fresh)) == 1
    refused = capsys.readouterr().err
    assert "does NOT verify" in refused and "--accept-unverified" in refused, refused
    after = tree(fresh)
    after.pop("falkordb/falkordb.log"), before.pop("falkordb/falkordb.log")
    assert after == before
    assert in_process("restore", str(tmp_path / "snapshot"), "--data-dir", str(fresh),
                      "--accept-unverified", "第三十七条：唯一可用的备份，篡改另行调查") == 0
    said = capsys.readouterr()
    assert "does NOT verify" in said.out + said.err
    [event] = asyncio.run(_restore_events(fresh))
    assert "唯一可用的备份" in event.reason and event.after["auditInSnapshot"]["verified"] is False, event


def _raw(engine: EmbeddedFalkorDB, query: str) -> None:
    import redis

    client = redis.Redis(host=engine.host, port=engine.port, password=engine.password)
    try:
        client.execute_command("GRAPH.QUERY", "mulu", query)
    finally:
        client.close()


def test_with_MULU_NEO4J_URI_the_files_are_backed_up_and_the_graph_tools_are_named(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    (data_dir / "calendar").mkdir(parents=True)
    (data_dir / "calendar" / "2027.json").write_text(json.dumps(arrangement(2027)), encoding="utf-8")
    (data_dir / "decisions").mkdir()
    (data_dir / "decisions" / DECISIONS_DAY).write_bytes(b'{"n":1}\n{"n":')
    unreachable = {"MULU_NEO4J_URI": "bolt://127.0.0.1:1", "MULU_NEO4J_RETRY_SECONDS": "0", "MULU_NEO4J_CONNECT_SECONDS": "1"}
    backup = mulu(data_dir, "backup", "--to", str(tmp_path / "snapshot"), **unreachable)
    assert backup.returncode == 0, backup.stderr
    assert "neo4j-admin database dump neo4j" in backup.stdout and "neo4j-admin database backup" in backup.stdout
    manifest = json.loads((tmp_path / "snapshot" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["engine"]["kind"] == "neo4j"
    assert [entry["path"] for entry in manifest["files"]] == ["calendar/2027.json", f"decisions/{DECISIONS_DAY}"]
    assert (tmp_path / "snapshot" / "decisions" / DECISIONS_DAY).read_bytes() == b'{"n":1}\n'


async def test_a_backup_and_a_restore_are_audit_events_chained_like_any_other(empty_store) -> None:  # noqa: ANN001
    """The statement behind them (audit/record) on both engines: numbered, chained, verified."""
    backup = cli_backup._event(AuditAction.BACKUP, "a" * 64, "snapshot-1", after={"auditSeqInSnapshot": 0})
    restore = cli_backup._event(AuditAction.RESTORE, "a" * 64, "snapshot-1", after={"auditSeqInSnapshot": 0})
    assert [await audit.record_operation(empty_store, backup), await audit.record_operation(empty_store, restore)] == [1, 2]
    assert await audit.chain(empty_store) == 2
    verdict = await audit.verify(empty_store)
    assert verdict.ok and verdict.chained_through == 2 and await audit.last_seq(empty_store) == 2
    events = [audit_repo.audit_record(props) for props in await audit_repo.stored_events_after(empty_store, 0, 10)]
    assert [(e.action, e.target.kind, e.target.code, e.actor.roles) for e in events] == [
        (AuditAction.BACKUP, AuditTargetKind.SNAPSHOT, "snapshot-1", ("CLI",)),
        (AuditAction.RESTORE, AuditTargetKind.SNAPSHOT, "snapshot-1", ("CLI",)),
    ]
