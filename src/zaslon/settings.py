"""Settings, built once at the edge (CLI, app factory) from ``ZASLON_*`` variables.

Nothing below the edge reads the environment: the settings object is passed in.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from zaslon.exc import ConfigError


def _default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("zaslon", appauthor=False))


@dataclass(frozen=True, slots=True)
class Settings:
    data_dir: Path = field(default_factory=_default_data_dir)
    database_url: str | None = None  # None: SQLite file in data_dir
    fetch_timeout: float = 60.0
    fetch_retries: int = 3
    list_urls: Mapping[str, str] = field(default_factory=dict)  # overrides of official addresses
    max_queries_per_request: int = 100
    max_body_bytes: int = 4 * 1024 * 1024
    auth_required: bool = True
    threshold: float | None = None  # None: the algorithm's calibrated default

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "zaslon.sqlite3"

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.sqlite_path}"

    def with_(self, **changes: object) -> "Settings":
        return replace(self, **changes)  # type: ignore[arg-type]

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> "Settings":
        env = os.environ if env is None else env
        kw: dict[str, object] = {}
        if env.get("ZASLON_DATA_DIR"):
            kw["data_dir"] = Path(env["ZASLON_DATA_DIR"]).expanduser()
        if env.get("ZASLON_DATABASE_URL"):
            kw["database_url"] = env["ZASLON_DATABASE_URL"]
        for name, key, conv in (
            ("fetch_timeout", "ZASLON_FETCH_TIMEOUT", float),
            ("fetch_retries", "ZASLON_FETCH_RETRIES", int),
            ("max_queries_per_request", "ZASLON_MAX_QUERIES", int),
            ("max_body_bytes", "ZASLON_MAX_BODY_BYTES", int),
            ("threshold", "ZASLON_THRESHOLD", float),
        ):
            if env.get(key):
                try:
                    kw[name] = conv(env[key])
                except ValueError:
                    raise ConfigError(f"{key}={env[key]!r} is not a valid {conv.__name__}") from None
        if env.get("ZASLON_AUTH", "").lower() in ("0", "false", "off", "no"):
            kw["auth_required"] = False
        urls = {
            k[len("ZASLON_URL_"):].lower(): v for k, v in env.items() if k.startswith("ZASLON_URL_") and v
        }
        if urls:
            kw["list_urls"] = urls
        kw.update({k: v for k, v in overrides.items() if v is not None})
        if "data_dir" in kw:
            kw["data_dir"] = Path(str(kw["data_dir"])).expanduser()
        return cls(**kw)  # type: ignore[arg-type]
