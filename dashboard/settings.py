"""Settings: one frozen value, defaults from the project root, overridable by environment."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    """Where the app finds its data and how it serves."""

    warehouse: Path = ROOT / "data" / "warehouse.duckdb"
    raw_dir: Path = ROOT / "data" / "raw"
    boundaries: Path | None = None  # municipality GeoJSON (third-party, never committed)
    host: str = "127.0.0.1"
    port: int = 8050
    debug: bool = False
    default_region: str = "AM14"
    memory_limit: str = "1GB"  # DuckDB buffer pool of the app's read-only connection
    max_request_bytes: int = 1_000_000  # callbacks send small JSON; anything bigger is refused
    export_max_rows: int = 10_000_000  # rows in one CSV/Parquet export
    export_rows_per_minute: int = 50_000_000  # rows one client may take per minute
    # the shared count of those rows: every worker of a server must be given the same file
    export_budget_file: Path = Path(tempfile.gettempdir()) / "participatiemonitor-budget.json"
    # when set, restricted data needs a login (datasets.RESTRICTED); without it the stewards'
    # functions are shut
    users_file: Path | None = None
    upload_max_bytes: int = 200_000_000  # one file a data steward uploads
    keep_generations: int = 5  # published warehouses kept for a restore
    # answers kept per warehouse generation, shared by the workers (None: none kept; the
    # environment's default is a folder in the temp dir, ANSWER_CACHE=off for none)
    answer_cache: Path | None = None
    answer_cache_bytes: int = 256 << 20

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Defaults, then WAREHOUSE / RAW_DIR / BOUNDARIES / PORT / DEBUG / ..., then
        `overrides`."""
        env = os.environ
        s = cls(
            warehouse=Path(env.get("WAREHOUSE", cls.warehouse)),
            raw_dir=Path(env.get("RAW_DIR", cls.raw_dir)),
            boundaries=Path(env["BOUNDARIES"]) if env.get("BOUNDARIES") else None,
            users_file=Path(env["USERS_FILE"]) if env.get("USERS_FILE") else None,
            port=int(env.get("PORT", cls.port)),
            debug=env.get("DEBUG", "").lower() in ("1", "true", "yes"),
            memory_limit=env.get("DUCKDB_MEMORY_LIMIT", cls.memory_limit),
            max_request_bytes=int(env.get("MAX_REQUEST_BYTES", cls.max_request_bytes)),
            export_max_rows=int(env.get("EXPORT_MAX_ROWS", cls.export_max_rows)),
            export_rows_per_minute=int(env.get("EXPORT_ROWS_PER_MINUTE",
                                               cls.export_rows_per_minute)),
            export_budget_file=Path(env.get("EXPORT_BUDGET_FILE", cls.export_budget_file)),
            upload_max_bytes=int(env.get("UPLOAD_MAX_BYTES", cls.upload_max_bytes)),
            keep_generations=int(env.get("KEEP_GENERATIONS", cls.keep_generations)),
            answer_cache=(None if env.get("ANSWER_CACHE", "").lower() == "off" else Path(
                env.get("ANSWER_CACHE")
                or Path(tempfile.gettempdir()) / "participatiemonitor-answers")),
            answer_cache_bytes=int(env.get("ANSWER_CACHE_BYTES", cls.answer_cache_bytes)),
        )
        return replace(s, **{k: v for k, v in overrides.items() if v is not None})


def current() -> Settings:
    """The settings of the app serving this request (outside a request: the latest app's)."""
    import dash
    import flask

    server = flask.current_app if flask.has_app_context() else dash.get_app().server
    return server.config["SETTINGS"]
