"""The `mulu` command as a newcomer uses it: token, seed, and serve on the embedded engine."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from server.auth import Role, TokenVerifier
from server.settings import Settings

MULU = [sys.executable, "-m", "server.cli"]
ENV = {**os.environ, "MULU_JWT_SECRET": "cli-test-secret-0123456789abcdef0123456789"}


def _run(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([*MULU, *args], capture_output=True, text=True, env=ENV, timeout=timeout)


def test_token_prints_only_a_valid_token() -> None:
    result = _run("token", "--user", "lisi", "--department", "140500-MZJ", "--role", "DEPT_USER", "--role", "auditor", "--ttl", "600")
    assert result.returncode == 0, result.stderr
    token = result.stdout.strip()
    assert result.stdout == token + "\n" and token.count(".") == 2
    principal = TokenVerifier(Settings(_env_file=None, jwt_secret=ENV["MULU_JWT_SECRET"])).verify(token)
    assert principal.user == "lisi" and principal.department_code == "140500-MZJ"
    assert principal.roles == {Role.DEPT_USER, Role.AUDITOR}
    assert 590 <= principal.expires_at - time.time() <= 600


def test_token_with_unknown_role_fails_clearly() -> None:
    result = _run("token", "--user", "x", "--department", "140500-MZJ", "--role", "KING")
    assert result.returncode == 2 and "未知角色" in result.stderr and result.stdout == ""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _engine_children(server: subprocess.Popen) -> list[int]:
    """The redis-server processes the server started (redis renames its command line, so look by parent)."""
    out = subprocess.run(["pgrep", "-P", str(server.pid), "redis-server"], capture_output=True, text=True).stdout
    return [int(pid) for pid in out.split()]


def _running(pid: int) -> bool:
    """Alive and not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "State:\tZ" not in state


def _gone(pids: list[int], timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while any(_running(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    return not any(_running(pid) for pid in pids)


def _wait_ready(port: int, server: subprocess.Popen, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"server exited early: {server.stderr.read() if server.stderr else ''}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError("server did not become ready")


def _count_items(port: int) -> int:
    token = _run("token", "--user", "t", "--department", "140500-DSJ", "--role", "AUTHORITY_ADMIN").stdout.strip()
    response = httpx.post(
        f"http://127.0.0.1:{port}/graphql",
        json={"query": "{ departments(first: 100) { totalCount edges { node { itemCount } } } }"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    edges = response.json()["data"]["departments"]["edges"]
    return sum(edge["node"]["itemCount"] for edge in edges)


@pytest.mark.timeout(600)
def test_seed_then_serve_demo_then_stop_cleanly(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    first = _run("seed", "--data-dir", str(data_dir))
    assert first.returncode == 0, first.stderr
    again = _run("seed", "--data-dir", str(data_dir))
    assert again.returncode == 0 and "items" in again.stderr
    assert "items" in first.stderr

    port = _free_port()
    server = subprocess.Popen(
        [*MULU, "serve", "--demo", "--port", str(port), "--data-dir", str(data_dir)],
        env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        _wait_ready(port, server)
        items = _count_items(port)
        assert items >= 300
        page = httpx.get(f"http://127.0.0.1:{port}/graphql", headers={"Accept": "text/html"})
        assert page.status_code == 200 and "GraphiQL" in page.text
        engines = _engine_children(server)
        assert len(engines) == 1
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    assert _gone(engines), "the engine stops with the server"

    # Killed without warning, the server still leaves no engine behind, and the data stays.
    server = subprocess.Popen(
        [*MULU, "serve", "--port", str(port), "--data-dir", str(data_dir)],
        env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        _wait_ready(port, server)
        assert _count_items(port) == items, "reloaded, not re-seeded"
        engines = _engine_children(server)
        assert len(engines) == 1
    finally:
        server.kill()
        server.wait(timeout=30)
    assert _gone(engines), "no orphan engine after the server was SIGKILLed"


def test_workdays_add_checks_a_deadline_by_hand() -> None:
    result = _run("workdays", "add", "2025-09-30", "2")  # National Day 1–8 Oct, 11 Oct (Sat) worked
    assert result.returncode == 0 and result.stdout == "2025-10-10\n"
    unknown_year = _run("workdays", "add", "2026-12-29", "5")
    assert unknown_year.returncode == 0 and unknown_year.stdout == "2027-01-05 provisional\n"
    bad = _run("workdays", "add", "2025/09/30", "2")
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr and bad.stdout == ""


def _search_works(port: int, token: str, requests: int) -> set[int]:
    """Runs searches that must all succeed, each on a new connection (the kernel spreads new
    connections over the workers); returns which processes answered /healthz meanwhile."""
    pids = set()
    for _ in range(requests):
        response = httpx.post(
            f"http://127.0.0.1:{port}/graphql", json={"query": '{ search(text: "人口", first: 1) { totalCount } }'},
            headers={"Authorization": f"Bearer {token}"}, timeout=30,
        )
        assert response.status_code == 200 and response.json()["data"]["search"]["totalCount"] > 0, response.text
        pids.add(int(httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5).headers["x-mulu-worker"]))
    return pids


@pytest.mark.timeout(600)
def test_serve_with_workers_shares_one_engine_and_brings_it_back(tmp_path: Path) -> None:
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [*MULU, "serve", "--workers", "2", "--demo", "--port", str(port), "--data-dir", str(tmp_path / "data")],
        env=ENV, stdout=subprocess.DEVNULL, stderr=log, text=True,
    )
    try:
        _wait_ready(port, server)
        token = _run("token", "--user", "t", "--department", "140500-MZJ", "--role", "DEPT_USER").stdout.strip()
        engines = _engine_children(server)
        assert len(engines) == 1, "one engine for all workers"
        assert len(_search_works(port, token, requests=40)) == 2, "both workers answer"

        os.kill(engines[0], signal.SIGKILL)  # the engine dies; the parent brings it back within seconds
        time.sleep(1)
        _wait_ready(port, server, timeout=60)
        assert _search_works(port, token, requests=10), "served again after the restart"
        engines = _engine_children(server)
        assert len(engines) == 1
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        log.close()
    assert _gone(engines), "the engine stops with the server"
    # The workers reach the engine with its password (MULU_FALKORDB_URL); no log line shows it.
    secret = (tmp_path / "data" / "falkordb" / ".secret").read_text().strip()
    assert secret and secret not in (tmp_path / "serve.log").read_text()
