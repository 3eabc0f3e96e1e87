"""GraphiQL in a real browser with the network cut off: it renders, and a search runs in it.

The platform runs on the government extranet with no internet, so the GraphiQL page
must come entirely from mulu itself. This test starts the demo server the way an
operator does (``mulu serve --demo``), opens ``/graphql`` in headless Chromium (Debian's
``chromium``), pastes a bearer token into the headers editor, runs a Chinese search and
waits for the result. The screenshot goes to ``test-output/graphiql.png``.

Every non-loopback connection is refused, in layers:

1. where the kernel allows it (root, or unprivileged user namespaces), the server and
   Chromium both run in a fresh network namespace whose only interface is ``lo``: any
   other address is unreachable, whatever Chromium tries, browser process included;
2. Chromium's own flags: no host name resolves except localhost, HTTP(S) to anything
   but loopback goes to a dead proxy, and background networking is off;
3. every request the page makes is recorded over the DevTools protocol
   (``Network.requestWillBeSent``) and the test asserts that each one went to 127.0.0.1 —
   the proof that nothing on the page came from a CDN.

Chromium is driven over ``--remote-debugging-pipe`` (JSON messages on file descriptors
3 and 4), so the test needs no WebSocket library, opens no debugging port, and the
browser can stay in its own network namespace while the test talks to it.

Needs ``chromium`` and ``fonts-noto-cjk`` (Debian). Without Chromium the test is skipped,
except under CI (``CI`` set), where it fails: CI installs it.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parent.parent
OUTPUT_DIR = REPO / "test-output"
SCREENSHOT = OUTPUT_DIR / "graphiql.png"
FAILURE_SCREENSHOT = OUTPUT_DIR / "graphiql-failure.png"
CHROMIUM = os.environ.get("MULU_CHROMIUM", "/usr/bin/chromium")
ENV = {**os.environ, "MULU_JWT_SECRET": "browser-test-secret-0123456789abcdef0123456789"}

SEARCH = """\
{
  search(text: "身份证", first: 5) {
    totalCount
    edges { node { name provider { name } } }
  }
}
"""
EXPECTED = "居民身份证信息"
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
# Schemes that never touch the network (GraphiQL's CSS embeds its fonts as data: URLs).
LOCAL_SCHEMES = {"data", "blob", "about"}

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-first-run",
    "--no-default-browser-check",
    "--mute-audio",
    "--proxy-server=127.0.0.1:9",
    "--proxy-bypass-list=127.0.0.1;localhost;[::1]",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
    "--window-size=1400,900",
    "--lang=zh-CN",
    "--remote-debugging-pipe",
]


def _require_chromium() -> None:
    if os.access(CHROMIUM, os.X_OK):
        return
    reason = (f"{CHROMIUM} not found: install Debian's browser and CJK fonts "
              "(apt-get install -y chromium fonts-noto-cjk) to run the GraphiQL browser test")
    if os.environ.get("CI"):
        pytest.fail(reason + " — under CI it must be installed", pytrace=False)
    pytest.skip(reason)


def _cjk_font() -> str | None:
    """A font family that draws Chinese (fonts-noto-cjk), or None: the screenshot would show boxes."""
    try:
        out = subprocess.run(["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    families = sorted({line.split(",")[0].strip() for line in out.splitlines() if line.strip()},
                      key=lambda family: ("SC" not in family, family))  # Simplified Chinese first
    return families[0] if families else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _running(pid: int) -> bool:
    """Alive and not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return "State:\tZ" not in state


def _group_members(pgid: int) -> list[int]:
    """Live processes in process group `pgid` (Chromium's helpers all stay in its group)."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # state ppid pgrp ...
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(entry.name))
    return members


def _wait_gone(pids: list[int], timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while any(_running(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not any(_running(pid) for pid in pids)


# --- network namespace --------------------------------------------------------------

_HOLDER = r"""
import fcntl, socket, struct, sys
SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1
with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
    flags = struct.unpack("16sH", fcntl.ioctl(s, SIOCGIFFLAGS, struct.pack("16sH", b"lo", 0)))[1]
    fcntl.ioctl(s, SIOCSIFFLAGS, struct.pack("16sH", b"lo", flags | IFF_UP))
print(" ".join(sorted(name for _, name in socket.if_nameindex())), flush=True)
sys.stdin.read()  # hold the namespace until the test closes our stdin
"""


@contextmanager
def _isolated_network() -> Iterator[tuple[list[str], str]]:
    """Yield (command prefix that runs a program inside the namespace, description).

    A small holder process owns a new network namespace with only `lo`, brought up.
    If the kernel refuses a namespace, the prefix is empty and the browser flags and
    the request log are the only guards.
    """
    unshare, nsenter = shutil.which("unshare"), shutil.which("nsenter")
    if not (unshare and nsenter):
        yield [], "no network namespace (util-linux unshare/nsenter missing): browser flags only"
        return
    if os.geteuid() == 0:
        create, enter = ["--net"], ["--net"]
    else:
        create, enter = ["--user", "--map-root-user", "--net"], ["--user", "--net", "--preserve-credentials"]
    holder = subprocess.Popen(
        [unshare, *create, "--", sys.executable, "-c", _HOLDER],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        interfaces = holder.stdout.readline().split()
        if interfaces != ["lo"]:
            holder.kill()
            detail = holder.communicate(timeout=10)[1].strip().splitlines()[-1:] or ["?"]
            yield [], f"no network namespace ({detail[0]}): browser flags only"
            return
        yield [nsenter, f"--target={holder.pid}", *enter, "--"], "own network namespace with only lo"
    finally:
        if holder.poll() is None:
            holder.stdin.close()
            try:
                holder.wait(timeout=10)
            except subprocess.TimeoutExpired:
                holder.kill()
                holder.wait(timeout=10)


# --- the DevTools protocol over a pipe ----------------------------------------------

class DevTools:
    """A minimal Chrome DevTools Protocol client over ``--remote-debugging-pipe``.

    Chromium reads NUL-terminated JSON messages on its fd 3 and writes on its fd 4.
    Events are kept in ``self.events``; the network ones also feed ``self.requests``.
    """

    def __init__(self, to_browser: int, from_browser: int) -> None:
        self._out, self._in = to_browser, from_browser
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict] = []
        self.requests: list[dict] = []  # Network.requestWillBeSent params

    def _read(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self._in], [], [], remaining)[0]:
                raise TimeoutError("no message from Chromium in time")
            chunk = os.read(self._in, 1 << 20)
            if not chunk:
                raise ConnectionError("Chromium closed the DevTools pipe (did it crash?)")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def _dispatch(self, message: dict) -> None:
        self.events.append(message)
        if message.get("method") == "Network.requestWillBeSent":
            self.requests.append(message["params"])

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = 15) -> dict:
        self._next_id += 1
        message: dict = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        data = json.dumps(message).encode() + b"\0"
        while data:
            data = data[os.write(self._out, data):]
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self._dispatch(reply)

    def pump(self, seconds: float) -> None:
        """Take in events for a while (between polls)."""
        deadline = time.monotonic() + seconds
        try:
            while True:
                self._dispatch(self._read(deadline))
        except TimeoutError:
            pass

    def evaluate(self, session: str, expression: str):
        result = self.send("Runtime.evaluate", {
            "expression": expression, "returnByValue": True, "awaitPromise": True,
        }, session)
        if "exceptionDetails" in result:
            raise RuntimeError(f"page script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, session: str, expression: str, what: str, timeout: float = 20):
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(session, expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
            self.pump(0.1)

    def console_problems(self) -> list[str]:
        problems = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                problems.append(f"exception: {params['exceptionDetails'].get('text')} "
                                f"{params['exceptionDetails'].get('exception', {}).get('description', '')}")
            elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
                problems.append(f"{params['entry']['source']}: {params['entry']['text']} {params['entry'].get('url', '')}")
            elif method == "Runtime.consoleAPICalled" and params["type"] == "error":
                problems.append("console.error: " + " ".join(str(a.get("value", a.get("description")))
                                                             for a in params["args"]))
        return problems


@contextmanager
def _chromium(netns: list[str], profile: Path, log_path: Path) -> Iterator[DevTools]:
    """Start headless Chromium (in its own process group) and stop it and all its helpers."""
    to_browser_r, to_browser_w = os.pipe()
    from_browser_r, from_browser_w = os.pipe()
    # Chromium reads commands on its fd 3 and writes replies on its fd 4. The pipe ends
    # are moved above 10 (so they cannot be 3 or 4 already) and bash wires them,
    # which avoids preexec_fn (unsafe when the test process has threads).
    commands_in = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD_CLOEXEC, 10)
    replies_out = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD_CLOEXEC, 10)
    for fd in (to_browser_r, from_browser_w):
        os.close(fd)
    wire = f'exec "$@" 3<&{commands_in} 4>&{replies_out} {commands_in}<&- {replies_out}>&-'
    log = open(log_path, "wb")
    process = subprocess.Popen(
        ["/bin/bash", "-c", wire, "bash", *netns, CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
        stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
        pass_fds=(commands_in, replies_out), start_new_session=True,
    )
    os.close(commands_in)
    os.close(replies_out)
    devtools = DevTools(to_browser_w, from_browser_r)
    try:
        yield devtools
    finally:
        try:
            devtools.send("Browser.close", timeout=5)
        except Exception:  # noqa: BLE001 - already gone or hung: the kill below handles it
            pass
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # our own group, by id
            process.wait(timeout=10)
        os.close(to_browser_w)
        os.close(from_browser_r)
        log.close()
        left = _group_members(process.pid)
        if left:
            os.killpg(process.pid, signal.SIGKILL)
        assert _wait_gone(left), f"Chromium helpers left running: {left}"


# --- the server ---------------------------------------------------------------------

_POLL_READY = r"""
import sys, time, urllib.request
url, deadline = sys.argv[1], time.monotonic() + float(sys.argv[2])
while time.monotonic() < deadline:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            if response.status == 200:
                sys.exit(0)
    except OSError:
        pass
    time.sleep(0.2)
sys.exit(1)
"""


@contextmanager
def _server(netns: list[str], data_dir: Path, port: int, log_path: Path) -> Iterator[subprocess.Popen]:
    log = open(log_path, "w", encoding="utf-8")
    server = subprocess.Popen(
        [*netns, sys.executable, "-m", "server.cli", "serve", "--demo", "--port", str(port),
         "--data-dir", str(data_dir)],
        cwd=REPO, env=ENV, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        yield server
    finally:
        engines = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        log.close()
        assert _wait_gone([int(pid) for pid in engines]), f"the server left its engine running: {engines}"


def _wait_ready(netns: list[str], server: subprocess.Popen, port: int, log_path: Path, timeout: float = 120) -> None:
    # Polled from inside the namespace: the server's loopback is not the test's.
    poll = subprocess.Popen([*netns, sys.executable, "-c", _POLL_READY,
                             f"http://127.0.0.1:{port}/readyz", str(timeout)])
    while poll.poll() is None:
        if server.poll() is not None:
            poll.kill()
            poll.wait()
            break
        time.sleep(0.2)
    if poll.returncode != 0:
        raise AssertionError(f"server not ready on port {port}:\n{log_path.read_text(encoding='utf-8')[-3000:]}")


def _token() -> str:
    result = subprocess.run(
        [sys.executable, "-m", "server.cli", "token", "--user", "browser", "--department", "140500-MZJ",
         "--role", "DEPT_USER", "--ttl", "600"],
        cwd=REPO, env=ENV, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


# --- page scripts -------------------------------------------------------------------

def _js(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


RENDERED = "!!document.querySelector('.graphiql-execute-button') && !!document.querySelector('.graphiql-query-editor .CodeMirror')"

# The headers editor is the one GraphiQL pre-filled with the Authorization placeholder.
PASTE_TOKEN = """(() => {{
  const editors = [...document.querySelectorAll('.graphiql-editor-tool .CodeMirror')].map(el => el.CodeMirror);
  const headers = editors.find(cm => cm.getValue().includes('Authorization'));
  if (!headers) return null;
  const before = headers.getValue();
  headers.setValue(JSON.stringify({{Authorization: 'Bearer ' + {token}}}, null, 2));
  return before;
}})()"""

SET_QUERY = "document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue({query}), true"

# GraphiQL parses the query editor 100 ms after a change (debounced) and runs with the
# operation name it found then; until that, the old default query's `Example` would be
# sent. A person is never that fast: wait until our anonymous query has been parsed.
QUERY_PARSED = """(() => {
  const cm = document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror;
  return cm.operationName === null && Array.isArray(cm.operations) && cm.operations.length === 1;
})()"""

BUTTON_CENTRE = """(() => {
  const r = document.querySelector('.graphiql-execute-button').getBoundingClientRect();
  return {x: r.left + r.width / 2, y: r.top + r.height / 2};
})()"""

RESULT_TEXT = """(() => {
  const el = document.querySelector('.graphiql-response .CodeMirror');
  return el ? el.CodeMirror.getValue() : '';
})()"""


def _click(devtools: DevTools, session: str, x: float, y: float) -> None:
    for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
        devtools.send("Input.dispatchMouseEvent", {
            "type": kind, "x": x, "y": y, "button": "left" if kind != "mouseMoved" else "none",
            "clickCount": 1 if kind != "mouseMoved" else 0,
        }, session)


def _offsite(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return False
    host = parts.hostname or ""
    return not (parts.scheme in {"http", "https", "ws", "wss"}
                and (host in LOOPBACK_HOSTS or host.startswith("127.")))


# --- the test -----------------------------------------------------------------------

@pytest.mark.timeout(180)
def test_graphiql_renders_offline_and_runs_a_chinese_search(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    _require_chromium()
    font = _cjk_font()
    if font is None and os.environ.get("CI"):
        pytest.fail("no Chinese font for the screenshot: apt-get install -y fonts-noto-cjk", pytrace=False)
    started = time.monotonic()
    token = _token()
    port = _free_port()
    OUTPUT_DIR.mkdir(exist_ok=True)
    SCREENSHOT.unlink(missing_ok=True)
    FAILURE_SCREENSHOT.unlink(missing_ok=True)
    timings: dict[str, float] = {}
    server_log, browser_log = tmp_path / "server.log", tmp_path / "chromium.log"

    with _isolated_network() as (netns, isolation), \
            _server(netns, tmp_path / "data", port, server_log) as server, \
            _chromium(netns, tmp_path / "profile", browser_log) as devtools:
        # The browser starts while the server loads its demo catalog.
        try:
            version = devtools.send("Browser.getVersion")["product"]
        except (ConnectionError, TimeoutError) as exc:
            raise AssertionError(f"Chromium did not start: {exc}\n"
                                 f"{browser_log.read_text(errors='replace')[-3000:]}") from exc
        target = devtools.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = devtools.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            devtools.send(f"{domain}.enable", session=session)
        devtools.send("Emulation.setDeviceMetricsOverride",
                      {"width": 1400, "height": 900, "deviceScaleFactor": 1, "mobile": False}, session)

        _wait_ready(netns, server, port, server_log)
        timings["server ready"] = time.monotonic() - started
        try:
            page = f"http://127.0.0.1:{port}/graphql"
            navigation = devtools.send("Page.navigate", {"url": page}, session)
            assert not navigation.get("errorText"), f"could not open {page}: {navigation}"
            devtools.wait_for(session, RENDERED, "GraphiQL to render (.graphiql-execute-button)")
            timings["GraphiQL rendered"] = time.monotonic() - started

            placeholder = devtools.wait_for(session, PASTE_TOKEN.format(token=_js(token)),
                                            "the headers editor with its Authorization placeholder", timeout=10)
            assert "在此粘贴令牌" in placeholder, placeholder
            devtools.evaluate(session, SET_QUERY.format(query=_js(SEARCH)))
            devtools.wait_for(session, QUERY_PARSED, "GraphiQL to parse the new query", timeout=10)
            centre = devtools.evaluate(session, BUTTON_CENTRE)
            _click(devtools, session, centre["x"], centre["y"])
            result = devtools.wait_for(session, f"(() => {{ const t = {RESULT_TEXT}; return t.includes({_js(EXPECTED)}) ? t : ''; }})()",
                                       f"the result pane to show {EXPECTED}")
            timings["search answered"] = time.monotonic() - started

            body = json.loads(result)
            assert not body.get("errors"), body
            names = [edge["node"]["name"] for edge in body["data"]["search"]["edges"]]
            assert EXPECTED in names and body["data"]["search"]["totalCount"] >= 1
            # The click sent our query with the pasted token (the placeholder is never sent).
            runs = [r["request"] for r in devtools.requests
                    if r["request"]["method"] == "POST" and "身份证" in r["request"].get("postData", "")]
            assert runs, "the search POST was not seen"
            assert all(r["headers"].get("Authorization") == f"Bearer {token}" for r in runs)

            shot = devtools.send("Page.captureScreenshot", {"format": "png"}, session)
            SCREENSHOT.write_bytes(base64.b64decode(shot["data"]))
        except BaseException:
            try:
                shot = devtools.send("Page.captureScreenshot", {"format": "png"}, session, timeout=5)
                FAILURE_SCREENSHOT.write_bytes(base64.b64decode(shot["data"]))
                print(f"failure screenshot: {FAILURE_SCREENSHOT}")
            except Exception:  # noqa: BLE001
                pass
            print("browser console:", *devtools.console_problems(), sep="\n  ")
            print("requests:", *(r["request"]["url"][:200] for r in devtools.requests), sep="\n  ")
            raise
        devtools.pump(0.2)  # late events (favicon, schema refetch) are checked too
        urls = [r["request"]["url"] for r in devtools.requests]
        problems = devtools.console_problems()

    timings["stopped"] = time.monotonic() - started
    assert urls, "no request was recorded: the request log is not working"
    offsite = sorted({url for url in urls if _offsite(url)})
    assert not offsite, f"the page requested non-loopback URLs: {offsite}"
    # The page is sent with a strict CSP: a violation would mean something was blocked.
    csp = [p for p in problems if "Content Security Policy" in p]
    assert not csp, csp

    with capsys.disabled():
        print(f"\nGraphiQL browser test: {version}; network: {isolation}; "
              f"{len(urls)} requests, all loopback; Chinese font: {font or 'NONE (boxes)'}; "
              + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items())
              + f"\n  screenshot: {SCREENSHOT}")
