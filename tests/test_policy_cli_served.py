"""Issue #12, point 11: `mulu policy` beside a real `mulu serve` (its own process, the embedded
engine), run from another directory: through `--server URL` (a token in MULU_TOKEN) and through
`--data-dir` (attached to the server's engine). Failing to reach either is one line and a non-zero
exit, and no `./data` appears. The server's start-up line says where its engine is."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from seed.load import item_id
from server.auth import Role, mint_token
from server.settings import Settings
from tests.helpers import free_port, wait_ready

MULU = [sys.executable, "-m", "server.cli"]
SECRET = "policy-cli-test-secret-0123456789abcdef0123"
REPO = Path(__file__).resolve().parent.parent
# Nothing of the caller's engine configuration: only the flags say where the versions are.
ENV = {key: value for key, value in os.environ.items()
       if key not in ("MULU_NEO4J_URI", "MULU_FALKORDB_URL", "MULU_DATA_DIR", "MULU_TOKEN")}
ENV.update({"MULU_JWT_SECRET": SECRET, "PYTHONPATH": str(REPO)})

DEATH = item_id("140500-GAJ", "死亡注销户口信息")  # 有条件共享, 民政局 in scope
NO_RECORD = item_id("140500-GAJ", "无犯罪记录证明开具信息")  # 有条件共享, 民政局 NOT in scope


def token(department: str, role: Role, user: str = "tester") -> str:
    return mint_token(Settings(_env_file=None, jwt_secret=SECRET), user, department, [role], 3600)


@dataclass
class Served:
    url: str
    data_dir: Path
    log: Path
    elsewhere: Path  # the directory the commands run in: not the server's


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    root = tmp_path_factory.mktemp("served-policy")
    data_dir, log, elsewhere = root / "server-data", root / "serve.log", root / "elsewhere"
    elsewhere.mkdir()
    port = free_port()
    with log.open("w") as sink:
        server = subprocess.Popen([*MULU, "serve", "--demo", "--port", str(port), "--data-dir", str(data_dir)],
                                  cwd=root, env=ENV, stdout=sink, stderr=subprocess.STDOUT, text=True)
    try:
        wait_ready(server, f"http://127.0.0.1:{port}", log)
        yield Served(f"http://127.0.0.1:{port}", data_dir, log, elsewhere)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=30)


def policy(cwd: Path, *args: str, token_: str | None = None) -> subprocess.CompletedProcess:
    env = {**ENV, **({"MULU_TOKEN": token_} if token_ else {})}
    return subprocess.run([*MULU, "policy", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=180)


def one_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("mulu policy: ")
    return result.stderr


def test_the_server_says_where_its_engine_is(served: Served) -> None:
    text = served.log.read_text()
    line = next(line for line in text.splitlines() if "mulu starting:" in line)
    assert f"engine falkordb at embedded in {(served.data_dir / 'falkordb').resolve()}" in line
    assert f"--data-dir {served.data_dir.resolve()}" in line
    secret = (served.data_dir / "falkordb" / ".secret").read_text().strip()
    assert secret and secret not in text


def test_commands_reach_a_running_server_from_another_directory(served: Served) -> None:
    auditor = token("140500-DSJ", Role.AUDITOR, "auditor")
    through_server = ("--server", served.url)
    through_dir = ("--data-dir", str(served.data_dir))
    for where, token_ in ((through_server, auditor), (through_dir, None)):
        history = policy(served.elsewhere, "history", *where, token_=token_)
        assert history.returncode == 0 and "随程序发布的策略文件" in history.stdout, history.stderr
        shown = policy(served.elsewhere, "show", "1", *where, token_=token_)
        assert shown.returncode == 0 and "# ---- rules.toml ----" in shown.stdout, shown.stderr
        for item, expected in ((DEATH, "ALLOW ALLOWED"), (NO_RECORD, "DENY OUT_OF_SCOPE")):
            explained = policy(served.elsewhere, "explain", "--item-id", item, "--department", "140500-MZJ",
                               "--role", "DEPT_USER", "--action", "apply", *where, token_=token_)
            assert explained.returncode == (0 if expected.startswith("ALLOW") else 1), explained.stderr
            assert f"decision: {expected}" in explained.stdout
            assert "140500-MZJ 晋城市民政局" in explained.stdout and "140500-GAJ 晋城市公安局" in explained.stdout
    assert not (served.elsewhere / "data").exists()


def test_explain_decides_as_the_server_applies(served: Served) -> None:
    clerk = {"Authorization": f"Bearer {token('140500-MZJ', Role.DEPT_USER, 'minzheng-clerk')}"}
    apply = ("mutation($input: ApplyForAccessInput!) { applyForAccess(input: $input) { accessRequest { status } } }")
    for item, codes in ((DEATH, ["GMSFHM"]), (NO_RECORD, ["XM"])):
        explained = policy(served.elsewhere, "explain", "--item-id", item, "--department", "140500-MZJ", "--role",
                           "DEPT_USER", "--action", "apply", "--data-dir", str(served.data_dir))
        payload = {"itemId": item, "elementCodes": codes, "purpose": "核实低保申请人家庭成员状况",
                   "scenario": "最低生活保障审核确认", "until": "2027-09-30"}
        answer = httpx.post(served.url + "/graphql", json={"query": apply, "variables": {"input": payload}},
                            headers=clerk, timeout=60).json()
        server_allowed = "errors" not in answer
        assert (explained.returncode == 0) == server_allowed, (explained.stdout, answer)
        if not server_allowed:
            reason = answer["errors"][0]["extensions"]["reason"]
            assert f"decision: DENY {reason}" in explained.stdout


def test_save_then_diff_and_dry_run_name_in_chinese(served: Served, tmp_path: Path) -> None:
    admin_token = token("140500-DSJ", Role.POLICY_ADMIN, "policy-admin")
    rules = tmp_path / "rules.toml"
    rules.write_text((REPO / "policies" / "rules.toml").read_text(encoding="utf-8").replace(
        "review_working_days = 2 ", "review_working_days = 1 ", 1), encoding="utf-8")
    opened = tmp_path / "policy.csv"
    opened.write_text((REPO / "policies" / "policy.csv").read_text(encoding="utf-8").replace(
        "p, apply, department_staff, CONDITIONAL, in_scope", "p, apply, department_staff, CONDITIONAL, other_department"),
        encoding="utf-8")

    dry = policy(served.elsewhere, "dry-run", "--policy", str(opened), "--rules", str(rules),
                 "--data-dir", str(served.data_dir))
    assert dry.returncode == 0, dry.stderr
    assert (f"item {NO_RECORD} 无犯罪记录证明开具信息: 140500-MZJ 晋城市民政局 (DEPT_USER) apply: "
            "DENY OUT_OF_SCOPE → ALLOW ALLOWED") in dry.stdout.splitlines()
    assert "rules.toml requests.review_working_days: 2 → 1" in dry.stdout

    saved = policy(served.elsewhere, "save", "--rules", str(rules), "--reason", "审核时限调整为一个工作日",
                   "--server", served.url, token_=admin_token)
    assert saved.returncode == 0 and "saved policy version 2" in saved.stdout, saved.stderr
    for where, token_ in ((("--server", served.url), admin_token), (("--data-dir", str(served.data_dir)), None)):
        diff = policy(served.elsewhere, "diff", "1", "2", *where, token_=token_)
        assert diff.returncode == 0, diff.stderr
        assert "  requests.review_working_days: 2 → 1" in diff.stdout.splitlines()
    history = policy(served.elsewhere, "history", "--data-dir", str(served.data_dir))
    assert "policy-admin" in history.stdout and "审核时限调整为一个工作日" in history.stdout
    assert not (served.elsewhere / "data").exists()


def test_unreachable_server_or_wrong_directory_is_one_line(served: Served, tmp_path: Path) -> None:
    nowhere = f"http://127.0.0.1:{free_port()}"
    err = one_line(policy(tmp_path, "history", "--server", nowhere, token_="x.y.z"))
    assert "无法连接服务" in err and "cannot reach" in err
    err = one_line(policy(tmp_path, "history", "--server", served.url))
    assert "MULU_TOKEN" in err
    err = one_line(policy(tmp_path, "history", "--server", served.url, token_="not-a-token"))
    assert "UNAUTHENTICATED" in err
    empty = tmp_path / "empty"
    empty.mkdir()
    for argv in (("history", "--data-dir", str(empty)), ("history", "--data-dir", str(tmp_path / "missing")),
                 ("history",), ("diff", "1", "files"),
                 ("explain", "--item-id", DEATH, "--department", "140500-MZJ", "--role", "DEPT_USER", "--action", "apply")):
        err = one_line(policy(tmp_path, *argv))
        assert "没有图" in err and "--data-dir" in err, err
    assert sorted(path.name for path in tmp_path.iterdir()) == ["empty"]  # no ./data, no missing/


@pytest.mark.parametrize(("engine", "shown", "secret"), [
    ({"falkordb_url": "redis://:s3cret%2Fpw@10.0.0.5:6390"}, "engine falkordb at redis://10.0.0.5:6390,", "s3cret"),
    ({"neo4j_uri": "neo4j://reader:pa55word@neo4j.internal:7687"}, "engine neo4j at neo4j://reader@neo4j.internal:7687 "
                                                                   "(database neo4j)", "pa55word"),
    ({"neo4j_uri": "bolt://127.0.0.1:7687"}, "engine neo4j at bolt://127.0.0.1:7687 (database neo4j)", None),
    ({"falkordb_port": 6391, "data_dir": Path("/srv/mulu")}, "engine falkordb at redis://127.0.0.1:6391, embedded in "
                                                             "/srv/mulu/falkordb (attach: --data-dir /srv/mulu)", None),
])
def test_the_startup_line_names_the_engine_without_its_password(engine: dict, shown: str, secret: str | None) -> None:
    from server.app import startup_line

    line = startup_line(Settings(_env_file=None, jwt_secret=SECRET, **engine))
    assert shown in line
    assert secret is None or secret not in line
