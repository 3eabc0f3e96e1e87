"""The `mulu` command: serve, seed, token."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from policies import cli as policy_cli
from server import cli_audit, cli_backup, cli_workdays
from server.settings import Settings

if TYPE_CHECKING:
    import threading

    from starlette.applications import Starlette

    from graph.embedded import EmbeddedFalkorDB


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mulu", description="晋城市政务数据资源目录 (Jincheng government data catalog)")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="启动服务 (start the server)")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--data-dir", type=Path)
    serve.add_argument("--demo", action="store_true", help="图为空时先载入演示数据 (load the demo data if the graph is empty)")
    serve.add_argument("--workers", type=int, default=1,
                       help="服务进程数，共用一个图引擎 (server processes sharing one graph engine; one per core)")

    seed = commands.add_parser("seed", help="载入演示目录 (load the demo catalog, idempotently)")
    seed.add_argument("--items", type=int, help="生成指定条数的目录 (generate a catalog of N items instead)")
    seed.add_argument("--seed", type=int, default=0, help="generator seed")
    seed.add_argument("--data-dir", type=Path)
    seed.add_argument("--reset", action="store_true", help="先清空图 (delete the graph first)")

    token = commands.add_parser("token", help="签发开发用令牌 (print a development bearer token)")
    token.add_argument("--user", required=True)
    token.add_argument("--department", required=True, help="部门编码，如 140500-GAJ (department code)")
    token.add_argument("--role", required=True, action="append", help="可重复 (repeatable): DEPT_USER, DEPT_DATA_OFFICER, AUTHORITY_ADMIN, POLICY_ADMIN, AUDITOR")
    token.add_argument("--ttl", type=int, default=8 * 3600, help="有效秒数 (seconds)")

    cli_workdays.add_parser(commands)
    policy_cli.add_parser(commands)
    cli_audit.add_parser(commands)
    cli_backup.add_parser(commands)
    commands.add_parser("schema", help="打印 GraphQL SDL (print the GraphQL schema; commit it as server/api/schema.graphql)")

    args = parser.parse_args(argv)
    overrides = {
        key: value
        for key, value in {"host": getattr(args, "host", None), "port": getattr(args, "port", None),
                           "data_dir": getattr(args, "data_dir", None)}.items()
        if value is not None
    }
    settings = Settings(**overrides)
    if args.command == "serve":
        if args.workers > 1:
            return _serve_workers(settings, args.demo, args.workers)
        return _serve(settings, args.demo)
    if args.command == "policy":
        return policy_cli.run(args, settings)
    if args.command == "workdays":
        return cli_workdays.run(args, settings)
    if args.command == "audit":
        return cli_audit.run(args, settings)
    if args.command in ("backup", "restore"):
        return cli_backup.run(args, settings)
    if args.command == "schema":
        from server.api.schema import build_schema

        print(build_schema(settings).as_str())
        return 0
    if args.command == "seed":
        return asyncio.run(_seed(settings, args.items, args.seed, args.reset))
    return _token(settings, args.user, args.department, args.role, args.ttl)


def _serve(settings: Settings, demo: bool) -> int:
    import uvicorn

    from graph.embedded import EngineStartError
    from server.app import create_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    print(f"mulu: GraphiQL at http://{settings.host}:{settings.port}/graphql "
          f"(engine: {settings.engine}, data: {settings.data_dir.resolve()})", file=sys.stderr)
    try:
        uvicorn.run(create_app(settings, demo=demo), host=settings.host, port=settings.port, log_level="info")
    except EngineStartError as exc:
        print(f"mulu: {exc}", file=sys.stderr)
        return 2
    return 0


def _serve_workers(settings: Settings, demo: bool, workers: int) -> int:
    """Several server processes on one engine: Python executes a request on one core, so one
    process cannot use a second core. This process starts the embedded engine (it owns the data
    directory), sets up the schema and the demo, watches the engine, and runs uvicorn's worker
    supervisor; each worker builds its app from the environment (`worker_app`) and talks to the
    engine through `MULU_FALKORDB_URL`. Caches (reference data, policy) are per worker; a policy
    change reaches every worker through its refresh (`MULU_POLICY_REFRESH_SECONDS`)."""
    import os
    import threading

    import uvicorn

    from graph.embedded import EmbeddedFalkorDB, EngineStartError

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    engine = None
    if settings.engine == "falkordb" and not settings.falkordb_url:
        engine = EmbeddedFalkorDB(settings.data_dir / "falkordb", port=settings.falkordb_port)
        try:
            engine.start()
        except EngineStartError as exc:
            print(f"mulu: {exc}", file=sys.stderr)
            return 2
        # With the engine's password (redis://:SECRET@127.0.0.1:PORT): the workers inherit this
        # environment, which only this account (and root) can read in /proc. Never logged: the
        # lines below print the engine and the data directory, not the URL.
        os.environ["MULU_FALKORDB_URL"] = engine.client_url
        settings = settings.model_copy(update={"falkordb_url": engine.client_url})
    os.environ["MULU_DATA_DIR"] = str(settings.data_dir.resolve())  # the workers' calendar files (第三十条 deadlines)
    stop = threading.Event()
    try:
        asyncio.run(_prepare_graph(settings, demo))
        if engine is not None:
            threading.Thread(target=_watch_engine, args=(engine, stop), name="engine-watch", daemon=True).start()
        print(f"mulu: GraphiQL at http://{settings.host}:{settings.port}/graphql "
              f"(engine: {settings.engine}, {workers} workers, data: {settings.data_dir.resolve()})", file=sys.stderr)
        uvicorn.run("server.cli:worker_app", factory=True, host=settings.host, port=settings.port,
                    workers=workers, log_level="info")
    finally:
        stop.set()
        if engine is not None:
            engine.stop()
    return 0


async def _prepare_graph(settings: Settings, demo: bool) -> None:
    """Schema and demo data once, before the workers start (not once per worker, concurrently)."""
    from graph.connect import open_store
    from server.app import load_demo_if_empty

    async with open_store(settings) as store:
        if demo:
            await load_demo_if_empty(store)


def _watch_engine(engine: "EmbeddedFalkorDB", stop: "threading.Event") -> None:
    """Brings a dead engine back within a second: the workers hold no engine handle of their own,
    so they answer 503 (ENGINE_UNAVAILABLE) until it answers again."""
    while not stop.wait(1.0):
        try:
            engine.ensure_running()
        except Exception:  # noqa: BLE001 - keep watching; the log says why a restart failed
            logging.getLogger("mulu.engine").exception("could not restart the graph engine")


def worker_app() -> "Starlette":
    """The app of one `mulu serve --workers N` process, configured from the environment."""
    from server.app import create_app

    return create_app(Settings())


async def _seed(settings: Settings, items: int | None, generator_seed: int, reset: bool) -> int:
    from graph.connect import open_store
    from seed.load import load_demo, load_generated

    started = time.perf_counter()
    async with open_store(settings) as store:
        if reset:
            await store.drop()
            await store.setup_schema()
        async with store.bulk_load():
            report = await (load_generated(store, items, generator_seed) if items else load_demo(store))
    seconds = time.perf_counter() - started
    print(
        f"loaded {report.departments} departments, {report.items} items, {report.elements} data elements, "
        f"{report.sources} source links in {seconds:.1f} s ({report.elements / seconds:,.0f} elements/s)",
        file=sys.stderr,
    )
    return 0


def _token(settings: Settings, user: str, department: str, roles: list[str], ttl: int) -> int:
    from server.auth import Role, mint_token

    try:
        parsed = [Role(role.upper()) for role in roles]
    except ValueError as exc:
        print(f"mulu token: 未知角色 (unknown role) {exc}; 可选: {', '.join(r.value for r in Role)}", file=sys.stderr)
        return 2
    print(mint_token(settings, user, department, parsed, ttl))
    return 0


if __name__ == "__main__":
    sys.exit(main())
