"""Shared helpers for the benchmarks: process figures from /proc, percentiles, tables, the server.

Everything here is loopback-only and Linux-only (/proc), like the machines the figures come from.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx

if TYPE_CHECKING:
    from graph.store import GraphStore
    from server.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
_CLK_TCK = os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------------------------------------
# Processes


def rss_bytes(pid: int) -> tuple[int, int]:
    """(current resident set, peak resident set) of a process, in bytes (VmRSS, VmHWM)."""
    values = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) * 1024
    return values.get("VmRSS", 0), values.get("VmHWM", 0)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (all its threads)."""
    with open(f"/proc/{pid}/stat") as stat:
        text = stat.read()
    fields = text[text.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / _CLK_TCK


def system_busy_seconds() -> float:
    """CPU seconds the whole machine has been busy (all cores, from /proc/stat), to tell other load apart."""
    with open("/proc/stat") as stat:
        fields = [int(x) for x in stat.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / _CLK_TCK


@dataclass(frozen=True)
class EngineProcess:
    pid: int
    port: int
    password: str | None = None  # the engine's requirepass, from `<dir>/falkordb/.secret`


def engine_of(data_dir: Path) -> EngineProcess:
    """The embedded engine serving `data_dir`, from the owner note in its lock file and the
    password file beside it."""
    from graph.embedded import read_engine_secret

    lock = Path(data_dir) / "falkordb" / ".lock"
    fields = dict(line.split("=", 1) for line in lock.read_text().splitlines() if "=" in line)
    return EngineProcess(pid=int(fields["engine_pid"]), port=int(fields["port"]),
                         password=read_engine_secret(Path(data_dir) / "falkordb"))


def listening_pid(port: int) -> int | None:
    """The process listening on a loopback TCP `port` (from /proc/net/tcp*), or None when it is not
    ours to see: how the engine's CPU and RSS are found for a Neo4j the bench did not start."""
    inodes = set()
    for table_path in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table_path).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:  # 0A: LISTEN
                inodes.add(f"socket:[{fields[9]}]")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if any(os.readlink(fd) in inodes for fd in (entry / "fd").iterdir()):
                return int(entry.name)
        except OSError:
            continue
    return None


def dir_bytes(path: Path) -> int:
    """Bytes of the files under `path` (an engine's files on disk; a running engine may remove one meanwhile)."""
    total = 0
    for file in Path(path).rglob("*"):
        try:
            total += file.stat().st_size if file.is_file() else 0
        except OSError:
            continue
    return total


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def mib(value: float) -> str:
    return f"{value / 2**20:,.0f} MiB"


# ---------------------------------------------------------------------------------------------
# Statistics and tables


def percentile(values: list[float], p: float) -> float:
    """Linear-interpolated percentile (p in 0..100); NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def ms(seconds: float) -> str:
    if seconds != seconds:  # NaN
        return "–"
    return f"{seconds * 1000:.1f}" if seconds < 10 else f"{seconds * 1000:,.0f}"


def table(headers: list[str], rows: list[list[object]]) -> str:
    """A GitHub-markdown table (readable as plain text too)."""
    cells = [[str(c) for c in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        return "| " + " | ".join(c + " " * (w - _width(c)) for c, w in zip(row, widths)) + " |"

    out = [line(cells[0]), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(row) for row in cells[1:]]
    return "\n".join(out)


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def machine_note() -> str:
    cpu = ""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    load = open("/proc/loadavg").read().split()[:3]
    return (f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores ({cpu or platform.machine()}), "
            f"{mem / 2**30:.0f} GiB RAM, Python {platform.python_version()}, {platform.system()} {platform.release()}, "
            f"load average {' '.join(load)}")


def command_line() -> str:
    return "python " + " ".join(shlex.quote(a) for a in [os.path.relpath(sys.argv[0], ROOT), *sys.argv[1:]])


# ---------------------------------------------------------------------------------------------
# The server under test


class Server:
    """`python -m server.cli serve` as a child process on a loopback port, against `data_dir`."""

    def __init__(self, data_dir: Path, port: int, secret: str, log_path: Path, workers: int = 1,
                 engine_env: dict[str, str] | None = None) -> None:
        """`engine_env` (`Engine.server_env()`) points the server at Neo4j; without it the server
        starts its embedded FalkorDB on `data_dir`, whatever this shell's MULU_NEO4J_URI says."""
        self.data_dir = Path(data_dir)
        self.port = port
        self.workers = workers
        self.env = {**os.environ, "MULU_JWT_SECRET": secret, "PYTHONUNBUFFERED": "1"}
        self.env.pop("MULU_NEO4J_URI", None)
        self.env.update(engine_env or {})
        self.log_path = log_path
        self.proc: subprocess.Popen | None = None
        self.url = f"http://127.0.0.1:{port}"

    def start(self, timeout: float = 1800) -> float:
        """Starts the server and waits until /readyz answers; returns the start-up seconds."""
        log = open(self.log_path, "ab")
        started = time.perf_counter()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "server.cli", "serve", "--port", str(self.port), "--data-dir", str(self.data_dir),
             *(["--workers", str(self.workers)] if self.workers > 1 else [])],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}; see {self.log_path}")
            try:
                if httpx.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                    return time.perf_counter() - started
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"server not ready after {timeout:.0f} s; see {self.log_path}")

    def token(self, user: str, department: str, role: str) -> str:
        out = subprocess.run(
            [sys.executable, "-m", "server.cli", "token", "--user", user, "--department", department, "--role", role],
            cwd=ROOT, env=self.env, check=True, capture_output=True, text=True,
        )
        return out.stdout.strip()

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def pids(self) -> list[int]:
        """The server's processes: itself and, with --workers, its workers (not the engine)."""
        return [pid for pid in _descendants(self.pid, include_self=True)
                if Path(_cmdline(pid).split(b"\0", 1)[0].decode(errors="replace")).name.startswith("python")]

    def worker_pids(self) -> list[int]:
        """The processes that answer requests: the workers, or the server itself."""
        pids = self.pids()
        return [pid for pid in pids if pid != self.pid and b"spawn_main" in _cmdline(pid)] or [self.pid]

    def cpu_seconds(self) -> float:
        return sum(_cpu_or_zero(pid) for pid in self.pids())

    def rss_bytes(self) -> tuple[int, int]:
        """Summed over the server's processes: (current, sum of each one's peak)."""
        current = peak = 0
        for pid in self.pids():
            try:
                now, high = rss_bytes(pid)
            except OSError:
                continue
            current, peak = current + now, peak + high
        return current, peak

    def stop(self) -> None:
        """SIGTERM (uvicorn shuts down and stops its engine), SIGKILL after 60 s.

        An engine still replaying its AOF ignores SIGTERM until the command it replays ends,
        so one that outlives its server by 30 s is killed too (it is this run's child's child).
        """
        proc, self.proc = self.proc, None
        if proc is None:
            return
        try:
            engine_pid: int | None = engine_of(self.data_dir).pid
        except (OSError, KeyError, ValueError):
            engine_pid = None
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if engine_pid and _is_engine(engine_pid):
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and _is_engine(engine_pid):
                time.sleep(0.2)
            if _is_engine(engine_pid):
                os.kill(engine_pid, signal.SIGKILL)


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _is_engine(pid: int) -> bool:
    return b"redis-server" in _cmdline(pid)


def _cpu_or_zero(pid: int) -> float:
    try:
        return cpu_seconds(pid)
    except OSError:
        return 0.0


def _descendants(root: int, include_self: bool = False) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            text = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(text[text.rindex(")") + 2:].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        if pid != root or include_self:
            found.append(pid)
        todo.extend(children.get(pid, []))
    return found


# ---------------------------------------------------------------------------------------------
# The graph engine under test

ENGINES = ("falkordb", "neo4j")


def add_engine_arguments(parser: argparse.ArgumentParser) -> None:
    """`--engine` and `--neo4j-uri`, the same in every bench."""
    parser.add_argument("--engine", choices=ENGINES, default="falkordb",
                        help="the embedded FalkorDB (default), or Neo4j: its test harness (tools/neo4j), started "
                             "by the bench with its files under --data-dir/neo4j")
    parser.add_argument("--neo4j-uri",
                        help="with --engine neo4j: a Neo4j that is already running (and loaded, for the search "
                             "bench) instead of a harness started here; user and password from MULU_NEO4J_USER "
                             "and MULU_NEO4J_PASSWORD")


@dataclass
class Engine:
    """The graph engine a bench measures: how the server and the bench reach it, and the process
    whose CPU and RSS are reported as the engine's (the embedded FalkorDB's redis-server, or
    Neo4j's JVM), so the two engines are measured the same way."""

    kind: str
    data_dir: Path
    neo4j_uri: str | None = None
    neo4j_pid: int | None = None

    def server_env(self) -> dict[str, str]:
        """The environment that points `mulu serve` / `mulu seed` at this engine."""
        return {"MULU_NEO4J_URI": self.neo4j_uri} if self.kind == "neo4j" and self.neo4j_uri else {}

    def settings(self) -> Settings:
        """Settings for `graph.connect.open_store` (Neo4j user and password come from the environment)."""
        from server.settings import Settings

        if self.kind == "neo4j":
            return Settings(data_dir=self.data_dir, neo4j_uri=self.neo4j_uri)
        return Settings(data_dir=self.data_dir, neo4j_uri=None, falkordb_url=None)

    def pid(self) -> int:
        """The engine's process. The embedded FalkorDB's is read from its lock file, so it must be
        running (started by the server, or by `open_store`)."""
        if self.kind == "neo4j":
            if self.neo4j_pid is None:
                raise RuntimeError(f"no process of ours listens on {self.neo4j_uri}: the engine's CPU and RSS "
                                   "cannot be read")
            return self.neo4j_pid
        return engine_of(self.data_dir).pid

    def files(self) -> Path:
        """Where the engine keeps its files (the append-only file, or Neo4j's store and transaction logs)."""
        return self.data_dir / ("neo4j" if self.kind == "neo4j" else "falkordb")

    def cypher(self, max_connections: int = 16) -> Cypher:
        """A raw Cypher client to the running engine, for the benches' own statements."""
        if self.kind == "neo4j":
            return Cypher.neo4j(self.settings())
        engine = engine_of(self.data_dir)
        return Cypher.falkordb(engine.port, max_connections, password=engine.password)

    def store(self, max_connections: int = 16) -> GraphStore:
        """A GraphStore of the bench's own on the running engine (it does not own the engine)."""
        if self.kind == "neo4j":
            from graph.neo4j_store import Neo4jStore

            settings = self.settings()
            return Neo4jStore(settings.neo4j_uri, settings.neo4j_user, settings.neo4j_password,
                              settings.neo4j_database, pool_size=max_connections)
        from graph.falkordb_store import FalkorDBStore

        engine = engine_of(self.data_dir)
        return FalkorDBStore("127.0.0.1", engine.port, max_connections=max_connections, password=engine.password)


@contextmanager
def engine_for(kind: str, data_dir: Path, neo4j_uri: str | None = None) -> Iterator[Engine]:
    """The engine for one bench run. FalkorDB: nothing to start (the server, or `open_store`,
    starts the embedded engine on `data_dir`). Neo4j: the one at `neo4j_uri`, or else Neo4j's test
    harness started here on `data_dir/neo4j` and stopped on exit. The harness deletes its database
    when it stops (a new one on the same folder starts empty), so its data lives for this run only."""
    data_dir = Path(data_dir).resolve()
    if kind != "neo4j":
        yield Engine(kind, data_dir)
        return
    if neo4j_uri:
        yield Engine(kind, data_dir, neo4j_uri, listening_pid(urlsplit(neo4j_uri).port or 7687))
        return
    from tests.neo4j_harness import Neo4jHarness

    work_dir = data_dir / "neo4j"
    shutil.rmtree(work_dir, ignore_errors=True)  # what a killed run left behind
    work_dir.mkdir(parents=True)
    harness = Neo4jHarness(work_dir=work_dir).start()
    try:
        yield Engine(kind, data_dir, harness.uri(), harness.pid)
    finally:
        harness.stop()


async def empty_neo4j(engine: Engine) -> None:
    """Deletes every node, in slices: `Neo4jStore.drop()` deletes all in one transaction, and the
    ~200,000 nodes of 20,000 items would have to fit in the harness's 2 GiB heap at once."""
    cypher = engine.cypher()
    try:
        while (await cypher.write("MATCH (n) WITH n LIMIT 20000 DETACH DELETE n RETURN count(*)"))[0][0]:
            pass
    finally:
        await cypher.close()


class Cypher:
    """Raw Cypher to the engine, rows as lists: the statements a bench asks itself (the bare
    full-text query, the grants it generates questions from), outside the store's named ones."""

    def __init__(self, run: Callable[[str, dict, bool], Any], close: Callable[[], Any]) -> None:
        self._run, self._close = run, close

    @classmethod
    def falkordb(cls, port: int, max_connections: int, password: str | None = None) -> Cypher:
        from falkordb.asyncio import FalkorDB
        from redis.asyncio import BlockingConnectionPool

        # No read timeout (redis-py's asyncio default is 5 s), as `FalkorDB(host, port)` has none: reading
        # every grant for the questions takes longer than that on a busy machine.
        pool = BlockingConnectionPool(host="127.0.0.1", port=port, password=password,
                                      max_connections=max_connections, timeout=60,
                                      socket_timeout=None)
        graph = FalkorDB(connection_pool=pool).select_graph("mulu")

        async def run(statement: str, params: dict, write: bool) -> list[list]:
            result = await (graph.query if write else graph.ro_query)(statement, params)
            return result.result_set

        return cls(run, pool.disconnect)

    @classmethod
    def neo4j(cls, settings: Settings) -> Cypher:
        from neo4j import AsyncGraphDatabase, NotificationMinimumSeverity, RoutingControl

        driver = AsyncGraphDatabase.driver(settings.neo4j_uri, auth=(settings.neo4j_user, settings.neo4j_password),
                                           notifications_min_severity=NotificationMinimumSeverity.OFF)

        async def run(statement: str, params: dict, write: bool) -> list[list]:
            records, _, _ = await driver.execute_query(
                statement, params, routing_=RoutingControl.WRITE if write else RoutingControl.READ,
                database_=settings.neo4j_database)
            return [list(record.values()) for record in records]

        return cls(run, driver.close)

    async def read(self, statement: str, params: dict | None = None) -> list[list]:
        return await self._run(statement, params or {}, False)

    async def write(self, statement: str, params: dict | None = None) -> list[list]:
        return await self._run(statement, params or {}, True)

    async def close(self) -> None:
        await self._close()


class MemorySampler(threading.Thread):
    """Samples resident memory every `interval` seconds: `readers` maps a name to a function
    returning bytes (e.g. the server's processes summed, the engine)."""

    def __init__(self, readers: dict[str, Callable[[], int]], interval: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.readers, self.interval = readers, interval
        self.max: dict[str, int] = {name: 0 for name in readers}
        self.last: dict[str, int] = {name: 0 for name in readers}
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            self.sample()
            self._halt.wait(self.interval)

    def sample(self) -> None:
        for name, read in self.readers.items():
            try:
                rss = read()
            except OSError:
                continue
            self.last[name] = rss
            self.max[name] = max(self.max[name], rss)

    def stop(self) -> None:
        self._halt.set()
        self.join()
        self.sample()


# ---------------------------------------------------------------------------------------------
# A lean HTTP/1.1 client for the load phases


class RawHTTP:
    """One keep-alive HTTP/1.1 connection that POSTs JSON and reads Content-Length replies.

    httpx spends ~2.5 ms of CPU per request, on the same two cores as the server it measures
    (54 % of a core at 16 callers in the authorize bench). A gateway runs on its own machine, so
    the load generator should cost as little as possible here: this one does ~0.1 ms."""

    def __init__(self, host: str, port: int, headers: dict[str, str]) -> None:
        self.host, self.port = host, port
        self._head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, body: bytes) -> tuple[int, bytes]:
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        request = (f"POST {path} HTTP/1.1\r\nHost: {self.host}\r\nContent-Type: application/json\r\n"
                   f"Content-Length: {len(body)}\r\n{self._head}\r\n").encode() + body
        self._writer.write(request)
        try:
            head = await self._reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, ConnectionError):
            await self.close()
            raise ConnectionError("connection closed by the server")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        length = next(int(line.split(":", 1)[1]) for line in lines[1:] if line.lower().startswith("content-length:"))
        return status, await self._reader.readexactly(length)

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._reader = self._writer = None
