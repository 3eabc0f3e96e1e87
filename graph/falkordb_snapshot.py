"""Point-in-time snapshots of a FalkorDB engine, and an engine directory rebuilt from one
(第三十七条: `mulu backup` and `mulu restore`, server/cli_backup.py).

How a snapshot is taken, while the server keeps writing:

* **The way a replica asks for one.** `dump_rdb` sends ``REPLCONF capa eof``, ``REPLCONF
  rdb-only 1`` and ``SYNC``: the engine forks, and the child streams the data set as it was at
  the fork -- one instant, every graph whole -- over this connection (diskless replication; the
  embedded engine starts with ``repl-diskless-sync-delay 0``, so the fork is at once). Nothing
  is written into the engine's directory, no setting of the running engine changes, an AOF
  rewrite in progress is waited for by the engine itself, and the same works for a FalkorDB on
  another machine (``MULU_FALKORDB_URL``). The writes of the server go on during the copy (the
  fork is copy-on-write); they are not in the snapshot.
* **Which engine.** A running server's embedded engine is found through the directory's lock:
  the process that started the engine ``flock``s ``<dir>/.lock`` and writes ``pid``,
  ``engine_pid`` and ``port`` into it (graph/embedded.py). `running_engine` trusts the port only
  while the lock is held and only when the process answering there is that ``engine_pid`` -- the
  lock file of a stopped server names a port somebody else may use now. The engine requires a
  password (graph/embedded.py): `running_engine` reads it from ``<dir>/.secret`` (0600) beside the
  lock, so only an account that can read the data directory reaches the engine; every function
  here that connects takes it as `password`.

How an engine directory is rebuilt from a snapshot (`engine_from_rdb`): an engine of its own is
started on the RDB with the append-only file off (``--appendonly no --dbfilename …``), then
``CONFIG SET appendonly yes`` makes it write a fresh multi-part AOF (an RDB base, an empty
incremental part, the manifest) and the wait ends when that rewrite has finished; the engine is
stopped cleanly and the RDB removed. A normal `EmbeddedFalkorDB` start then loads the AOF as it
always does.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from graph.embedded import LOCK_FILE_NAME, EmbeddedFalkorDB, EngineStartError, read_engine_secret

__all__ = [
    "EngineOwner",
    "RdbDump",
    "SnapshotError",
    "directory_owner",
    "dump_rdb",
    "engine_from_rdb",
    "engine_password",
    "engine_versions",
    "running_engine",
]

CHUNK = 1 << 20
_EOF_MARK = 40  # the length of the random end mark of a diskless transfer


class SnapshotError(RuntimeError):
    """A snapshot could not be taken or loaded; the message says why (zh / en)."""


# ---- who owns an engine directory ------------------------------------------------------------------


@dataclass(frozen=True)
class EngineOwner:
    """What the lock file of a held engine directory says (graph/embedded.py `_record_owner`)."""

    pid: int | None  # the server process
    engine_pid: int | None  # its redis-server child
    port: int | None  # the loopback port the engine listens on

    def describe(self) -> str:
        return f"pid {self.pid or '?'}, engine pid {self.engine_pid or '?'}, port {self.port or '?'}"


def directory_owner(engine_dir: Path) -> EngineOwner | None:
    """Who holds the engine directory's lock now; None when nobody does (no server runs there)."""
    try:
        fd = os.open(Path(engine_dir) / LOCK_FILE_NAME, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            text = os.pread(fd, 200, 0).decode("utf-8", errors="replace")
            fields = dict(line.partition("=")[::2] for line in text.splitlines() if "=" in line)
            return EngineOwner(_int(fields.get("pid")), _int(fields.get("engine_pid")), _int(fields.get("port")))
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


def _int(text: str | None) -> int | None:
    return int(text) if text and text.strip().isdigit() else None


def running_engine(engine_dir: Path, host: str = "127.0.0.1", wait: float = 10.0,
                   password: str | None = None) -> tuple[str, int] | None:
    """The address of the engine a running server started in `engine_dir`, or None when no server
    holds the directory. While the owner is starting or restarting its engine (no port recorded
    yet, or another process answers there) this waits up to `wait` seconds, then says so.
    `password`: the engine's; None reads it from the directory (`engine_password`)."""
    deadline = time.monotonic() + wait
    while True:
        owner = directory_owner(engine_dir)
        if owner is None:
            return None
        secret = password if password is not None else engine_password(engine_dir)
        if owner.port and owner.engine_pid and _answers_as(host, owner.port, owner.engine_pid, secret):
            return host, owner.port
        if time.monotonic() >= deadline:
            raise SnapshotError(
                f"数据目录正被服务占用，但其图引擎没有应答 / the data directory is held by a running server"
                f" ({owner.describe()}) whose graph engine does not answer: {engine_dir}")
        time.sleep(0.2)


def engine_password(engine_dir: Path) -> str | None:
    """The password of the embedded engine of `engine_dir` (its ``.secret``), None when it has none
    yet; `SnapshotError` when the file is there but this account may not read it."""
    try:
        return read_engine_secret(Path(engine_dir))
    except EngineStartError as exc:
        raise SnapshotError(str(exc)) from exc


def _answers_as(host: str, port: int, engine_pid: int, password: str | None = None) -> bool:
    client = redis.Redis(host=host, port=port, password=password, socket_connect_timeout=1.0, socket_timeout=2.0,
                         retry=Retry(NoBackoff(), 0))
    try:
        return int(client.info("server")["process_id"]) == engine_pid
    except (redis.exceptions.RedisError, KeyError, ValueError):
        return False
    finally:
        client.close()


def engine_versions(host: str, port: int, password: str | None = None) -> dict[str, str]:
    """The engine's Redis and FalkorDB module versions, for the snapshot's manifest."""
    client = redis.Redis(host=host, port=port, password=password, socket_connect_timeout=2.0, socket_timeout=5.0)
    try:
        versions = {"redis": str(client.info("server").get("redis_version", "?"))}
        for entry in client.module_list():
            fields = {(k.decode() if isinstance(k, bytes) else k): v for k, v in dict(entry).items()}
            name = fields.get("name")
            if (name.decode() if isinstance(name, bytes) else name) == "graph":
                versions["falkordb"] = _module_version(fields.get("ver"))
        return versions
    finally:
        client.close()


def _module_version(ver: object) -> str:
    """FalkorDB reports 41603 for 4.16.3."""
    if isinstance(ver, int):
        return f"{ver // 10000}.{ver // 100 % 100}.{ver % 100}"
    return str(ver)


# ---- taking a snapshot ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RdbDump:
    """A snapshot written to `path`: its size and sha256, and how long the engine took."""

    path: Path
    size: int
    sha256: str
    seconds: float
    diskless: bool  # streamed by the fork (True), or a file the engine saved first


def dump_rdb(host: str, port: int, target: Path, timeout: float = 300.0, password: str | None = None) -> RdbDump:
    """Writes the engine's data set as it is now (one fork, one instant) to `target`, fsynced.

    `timeout` bounds every wait for the engine (the fork, each read), not the whole transfer.
    `password`: the engine's (``AUTH`` before anything else), None for an engine without one."""
    started = time.monotonic()
    digest = hashlib.sha256()
    size = 0
    try:
        with socket.create_connection((host, port), timeout=min(timeout, 10.0)) as sock:
            sock.settimeout(timeout)
            reader = sock.makefile("rb")
            if password is not None:
                sock.sendall(_resp("AUTH", password))
                reply = reader.readline()
                if not reply.startswith(b"+"):
                    raise SnapshotError(f"图引擎拒绝口令 / the engine refused the password (AUTH): {_text(reply)}")
            for command in (("REPLCONF", "capa", "eof"), ("REPLCONF", "rdb-only", "1")):
                sock.sendall(_resp(*command))
                reply = reader.readline()
                if not reply.startswith(b"+"):
                    raise SnapshotError(f"图引擎拒绝快照请求 / the engine refused {' '.join(command)}: {_text(reply)}")
            sock.sendall(_resp("SYNC"))
            header = reader.readline()
            while header in (b"\n", b"\r\n"):  # keep-alive newlines while the fork prepares
                header = reader.readline()
            if not header.startswith(b"$"):
                raise SnapshotError(f"图引擎未给出快照 / the engine did not send a snapshot: {_text(header)}")
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                def write(data: bytes) -> None:
                    nonlocal size
                    out.write(data)
                    digest.update(data)
                    size += len(data)

                diskless = header.startswith(b"$EOF:")
                if diskless:
                    _copy_until_mark(reader, header[5:5 + _EOF_MARK], write)
                else:
                    _copy_exactly(reader, int(header[1:].strip()), write)
                out.flush()
                os.fsync(out.fileno())
    except (OSError, ValueError) as exc:
        if isinstance(exc, FileExistsError):
            raise
        raise SnapshotError(f"从图引擎读取快照失败 / reading the snapshot from the engine at {host}:{port} failed: {exc}") from exc
    _check_rdb(target)
    return RdbDump(target, size, digest.hexdigest(), time.monotonic() - started, diskless)


def _resp(*args: str) -> bytes:
    out = [b"*%d\r\n" % len(args)]
    for arg in args:
        data = arg.encode()
        out.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(out)


def _text(reply: bytes) -> str:
    return reply.decode("utf-8", errors="replace").strip() or "(连接已关闭 / connection closed)"


def _copy_until_mark(reader, mark: bytes, write) -> None:  # type: ignore[no-untyped-def]
    """A diskless transfer ends with the 40-byte mark its header announced: everything before it is
    the RDB. The last 40 bytes read are held back until it is clear they are not the mark."""
    if len(mark) != _EOF_MARK:
        raise SnapshotError("快照传输头无效 / malformed snapshot transfer header")
    held = b""
    while True:
        chunk = reader.read1(CHUNK)
        if not chunk:
            raise SnapshotError("快照传输中断 / the engine closed the connection before the snapshot ended")
        held += chunk
        if held.endswith(mark):
            write(held[:-_EOF_MARK])
            return
        if len(held) > _EOF_MARK:
            write(held[:-_EOF_MARK])
            held = held[-_EOF_MARK:]


def _copy_exactly(reader, length: int, write) -> None:  # type: ignore[no-untyped-def]
    left = length
    while left:
        chunk = reader.read1(min(CHUNK, left))
        if not chunk:
            raise SnapshotError("快照传输中断 / the engine closed the connection before the snapshot ended")
        write(chunk)
        left -= len(chunk)


def _check_rdb(path: Path) -> None:
    """An RDB file starts with `REDIS` and ends with the EOF opcode and an 8-byte checksum (the
    engine checks that checksum when it loads the file)."""
    with open(path, "rb") as f:
        head = f.read(9)
        f.seek(0, os.SEEK_END)
        end = f.tell()
        f.seek(max(0, end - 9))
        tail = f.read(9)
    if not head.startswith(b"REDIS") or len(tail) < 9 or tail[0] != 0xFF:
        raise SnapshotError(f"收到的快照不是完整的 RDB 文件 / the snapshot received is not a whole RDB file: {path}")


# ---- an engine on a snapshot --------------------------------------------------------------------------


@contextmanager
def engine_from_rdb(rdb: Path, engine_dir: Path, *, persist: bool, sha256: str | None = None,
                    timeout: float = 300.0) -> Iterator[EmbeddedFalkorDB]:
    """An engine of its own, started in `engine_dir` on the data set of `rdb`.

    ``persist=False``: to read a snapshot (the backup's own check). `engine_dir` is a scratch
    directory; the RDB is linked into it and never written (no AOF, no saves).
    ``persist=True``: to rebuild an engine directory (restore). `engine_dir` must hold no data
    yet; the RDB is copied in (and refused unless its copy has the `sha256` given, so a file changed
    since it was checked is not loaded), the engine writes a fresh append-only file from it before this
    yields, and once the engine has stopped the RDB copy is removed, leaving the directory as a
    normal `EmbeddedFalkorDB` start expects it. Statements run inside are in that AOF too.

    The engine has a password like any embedded one: clients inside pass ``engine.password``. It is
    `engine_dir`'s ``.secret`` (made there if missing), so a rebuilt directory keeps it.
    """
    engine_dir = Path(engine_dir)
    engine_dir.mkdir(parents=True, exist_ok=True)
    if any(engine_dir.glob("appendonlydir")) or any(engine_dir.glob("*.rdb")):
        raise SnapshotError(f"目标目录已有数据 / the engine directory already holds data: {engine_dir}")
    name = "restore.rdb"
    placed = engine_dir / name
    if persist:
        copied = _copy_file(rdb, placed)
        if sha256 is not None and copied != sha256:
            placed.unlink()
            raise SnapshotError(f"快照文件在校验后被改动 / the snapshot changed after it was checked: {rdb}")
    else:
        os.symlink(Path(rdb).absolute(), placed)
    engine = EmbeddedFalkorDB(engine_dir, startup_timeout=60.0,
                              extra_args=["--appendonly", "no", "--dbfilename", name])
    try:
        engine.start()
        if persist:
            _write_aof(engine, timeout)
        yield engine
    finally:
        engine.stop()
        try:
            placed.unlink()
        except FileNotFoundError:
            pass
    if persist:
        _fsync_dir(engine_dir)
        _fsync_dir(engine_dir / "appendonlydir")


def _write_aof(engine: EmbeddedFalkorDB, timeout: float) -> None:
    """Turns the append-only file on and waits until the engine has written it in full."""
    client = redis.Redis(host=engine.host, port=engine.port, password=engine.password, socket_connect_timeout=2.0,
                         socket_timeout=timeout)
    try:
        client.config_set("appendonly", "yes")
        deadline = time.monotonic() + timeout
        while True:
            info = client.info("persistence")
            if not info.get("aof_rewrite_in_progress") and not info.get("aof_rewrite_scheduled"):
                break
            if time.monotonic() >= deadline:
                raise SnapshotError(f"图引擎未能在 {timeout:g} 秒内写出追加日志 / the engine did not write its"
                                    f" append-only file within {timeout:g} s; log {engine.log_file}")
            time.sleep(0.05)
        if not info.get("aof_enabled") or info.get("aof_last_bgrewrite_status") != "ok" \
                or info.get("aof_last_write_status") != "ok":
            raise SnapshotError(f"图引擎写追加日志失败 / the engine failed to write its append-only file"
                                f" ({info.get('aof_last_bgrewrite_status')}); log {engine.log_file}")
    finally:
        client.close()
    manifests = list((engine.data_dir / "appendonlydir").glob("*.manifest"))
    if not manifests:
        raise SnapshotError(f"图引擎没有写出追加日志清单 / no AOF manifest was written; log {engine.log_file}")


def _copy_file(source: Path, target: Path) -> str:
    """Copies `source` to a new file `target`, fsynced; the sha256 of what was copied."""
    digest = hashlib.sha256()
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with open(source, "rb") as src, os.fdopen(fd, "wb") as out:
        while chunk := src.read(CHUNK):
            out.write(chunk)
            digest.update(chunk)
        out.flush()
        os.fsync(out.fileno())
    return digest.hexdigest()


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return
        raise
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
