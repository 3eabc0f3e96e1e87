"""A real Neo4j for the tests and the benchmarks: Neo4j's own test harness, started from the
launcher in `tools/neo4j/` (built by `scripts/neo4j-build` from Maven Central).

The launcher prints its Bolt URI on one line and stops when its stdin closes or its parent
dies, so a test run that is killed leaves no JVM behind. Authentication is off (loopback only).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LAUNCHER = REPO / "tools" / "neo4j"
CLASSPATH_FILE = LAUNCHER / "target" / "classpath.txt"
CLASSES = LAUNCHER / "target" / "classes"
#: Written by scripts/neo4j-build when Java, Maven or Maven Central is missing: the reason, in one line.
UNAVAILABLE_FILE = LAUNCHER / "target" / "unavailable.txt"
JVM_OPTIONS = ("-Xms512m", "-Xmx2g")
START_TIMEOUT_SECONDS = 120.0


class Neo4jUnavailable(RuntimeError):
    """Neo4j cannot be started here (no Java, no Maven, or the launcher was not built)."""


def unavailable_reason() -> str | None:
    """Why the harness cannot start on this machine, or None when it can."""
    if UNAVAILABLE_FILE.is_file():
        return UNAVAILABLE_FILE.read_text(encoding="utf-8").strip() or "Neo4j launcher not built"
    if shutil.which("java") is None:
        return "no Java on this machine (the Neo4j test harness needs Java 17)"
    if not CLASSPATH_FILE.is_file() or not CLASSES.is_dir():
        return "the Neo4j launcher is not built: run `bash scripts/neo4j-build` (needs Maven and Maven Central)"
    return None


class Neo4jHarness:
    """One in-process Neo4j in its own JVM. `start()` returns at once; `uri()` waits for the
    Bolt URI, so the JVM's ten-odd seconds of start-up overlap with other work."""

    def __init__(self, work_dir: Path | None = None, port: int = 0) -> None:
        """`work_dir` holds the harness's files (a new temporary folder, removed on stop, by
        default); every start is an empty database, even on the same folder. `port` 0 takes a
        free one; the same port again lets a test bring a Neo4j back where the old one listened."""
        self._own_dir = work_dir is None
        self.work_dir = work_dir or Path(tempfile.mkdtemp(prefix="mulu-neo4j-"))
        self.port = port
        self.process: subprocess.Popen[str] | None = None
        self._uri: str | None = None
        self._ready = threading.Event()
        self._output: list[str] = []

    def start(self) -> Neo4jHarness:
        reason = unavailable_reason()
        if reason:
            raise Neo4jUnavailable(reason)
        classpath = f"{CLASSES}{os.pathsep}{CLASSPATH_FILE.read_text(encoding='utf-8').strip()}"
        self.process = subprocess.Popen(
            ["java", *JVM_OPTIONS, "-cp", classpath, "mulu.neo4j.Launcher", str(self.work_dir / "db"), str(self.port)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            start_new_session=True,  # a Ctrl-C in a terminal reaches pytest only; we stop the JVM
        )
        threading.Thread(target=self._read_output, name="neo4j-output", daemon=True).start()
        return self

    def _read_output(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        for line in self.process.stdout:
            line = line.rstrip("\n")
            if self._uri is None and line.startswith("bolt://"):
                self._uri = line.rstrip("/")
                self._ready.set()
            else:
                self._output.append(line)
                del self._output[:-200]
        self._ready.set()

    def uri(self, timeout: float = START_TIMEOUT_SECONDS) -> str:
        """The Bolt URI once Neo4j accepts connections; raises with the JVM's output if it failed."""
        if self.process is None:
            raise Neo4jUnavailable("the Neo4j harness was not started")
        self._ready.wait(timeout)
        if self._uri is None:
            tail = "\n".join(self._output[-30:])
            raise Neo4jUnavailable(f"Neo4j did not start within {timeout:.0f} s (exit code {self.process.poll()}):\n{tail}")
        return self._uri

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def stop(self, timeout: float = 30.0) -> None:
        """Closes the launcher's stdin (its signal to shut down cleanly); kills it if it lingers."""
        if self.process is not None and self.process.poll() is None:
            try:
                assert self.process.stdin is not None
                self.process.stdin.close()
            except OSError:
                pass
            deadline = time.monotonic() + timeout
            while self.process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.05)
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
        if self._own_dir:
            shutil.rmtree(self.work_dir, ignore_errors=True)
