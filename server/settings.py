"""Settings, from the environment (prefix `MULU_`) or a `.env` file.

With no `MULU_NEO4J_URI` the server starts its embedded FalkorDB; with one, it talks to
that Neo4j and starts nothing.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from server.domain.jurisdiction import OwnCaseRule

DEV_SECRET = "mulu-development-secret-change-me-0123456789"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MULU_", env_file=".env", extra="ignore")

    environment: Literal["development", "production"] = "development"
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    data_dir: Path = Path("data")

    # Graph engine: Neo4j when a URI is given, the embedded FalkorDB otherwise.
    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: str = ""
    neo4j_database: str = "neo4j"
    neo4j_pool_size: int = Field(100, ge=1)  # connections per server process
    neo4j_connect_seconds: float = Field(5.0, gt=0)  # to open one connection
    neo4j_acquire_seconds: float = Field(10.0, gt=0)  # to get one from a full pool
    neo4j_retry_seconds: float = Field(5.0, ge=0)  # the driver's retries before a request gets 503
    # Each graph statement's limit: a hung engine fails an interactive request (503) after this; bulk
    # work (imports, bulk loads, backups, schema set-up) has the longer one (graph/store.py).
    engine_timeout_seconds: float = Field(5.0, gt=0)
    engine_bulk_timeout_seconds: float = Field(300.0, gt=0)
    graph_name: str = "mulu"  # FalkorDB graph key
    falkordb_port: int | None = None  # fixed port for the embedded engine; free port if unset
    # A FalkorDB that is already running (redis://host:port, or redis://:password@host:port): the
    # server starts none. `mulu serve --workers N` sets it, with the embedded engine's password, for
    # its worker processes, which share the engine the parent started. Not in repr: it may hold a secret.
    falkordb_url: str | None = Field(None, repr=False)

    # Authentication: HS256 with a shared secret (development) or RS256 keys from a JWKS URL (SSO).
    jwt_secret: str = DEV_SECRET
    jwt_jwks_url: str | None = None
    jwt_issuer: str = "mulu-dev"
    jwt_audience: str = "mulu"

    # 第十三条: the catalog code scheme (see server/domain/coding.py).
    catalog_code_format: str = "{department}/{category}{sequence:05d}"

    # Who decides when the competent authority's own department applies or provides: another
    # person of that authority (OTHER_PERSON), or the authority of the next level up (NEXT_LEVEL).
    authority_own_case: OwnCaseRule = OwnCaseRule.OTHER_PERSON

    # 第三十九条: every authorize decision is appended to <data dir>/decisions/ and synced to disk
    # before it is answered; off only for a benchmark's baseline (a crash may then lose the last ones).
    decision_log_sync: bool = True

    # How often a replica checks the graph for a newly saved policy version (seconds).
    policy_refresh_seconds: float = Field(5.0, ge=0)

    # Limits of the GraphQL endpoint.
    max_query_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 2000
    max_page_size: int = 100
    max_batch: int = 10
    max_body_bytes: int = 256 * 1024
    max_import_bytes: int = 20 * 1024 * 1024  # a department's whole catalog as a spreadsheet
    # Rows of one imported file (items and data elements; header and blank rows not counted): over → 413.
    # 20,000 element rows are validated in about a second (bench/import_validate_bench.py).
    max_import_rows: int = Field(50_000, ge=1)
    max_header_bytes: int = Field(16 * 1024, ge=1024)  # all request headers together; over → 431

    # Schema introspection and the GraphiQL page: on in development, off in production unless
    # turned on here (DESIGN.md, "GraphQL conventions"). None means "as the environment says".
    introspection: bool | None = None
    graphiql: bool | None = None

    @field_validator("catalog_code_format")
    @classmethod
    def _code_format(cls, value: str) -> str:
        from server.domain.coding import check_code_format

        check_code_format(value)
        return value

    @property
    def engine(self) -> Literal["neo4j", "falkordb"]:
        return "neo4j" if self.neo4j_uri else "falkordb"

    @property
    def development(self) -> bool:
        return self.environment == "development"

    @property
    def introspection_on(self) -> bool:
        return self.development if self.introspection is None else self.introspection

    @property
    def graphiql_on(self) -> bool:
        return self.development if self.graphiql is None else self.graphiql


@lru_cache
def get_settings() -> Settings:
    return Settings()
