"""How the service is configured: the store, the rule base, where files go, and a few limits."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

#: The environment variables ``from_environment`` reads (the CLI sets them for every server process).
ENVIRONMENT = {
    "database_url": "DUALUSE_DATABASE_URL",
    "rulebase_path": "DUALUSE_RULEBASE",
    "data_dir": "DUALUSE_DATA_DIR",
    "key_cache_seconds": "DUALUSE_KEY_CACHE_SECONDS",
    "rulebase_check_seconds": "DUALUSE_RULEBASE_CHECK_SECONDS",
    "check_workers": "DUALUSE_CHECK_WORKERS",
}


class ServiceSettings(BaseModel):
    """The service's settings.

    ``database_url``: the store (default: DUALUSE_DATABASE_URL, else the SQLite file var/dualuse.sqlite3).
    ``rulebase_path``: a rule-base folder (default: the bundled CN rule base).
    ``data_dir``: where uploaded files and check reports are written.
    ``key_cache_seconds``: how long a server process trusts a key it has checked; a key revoked
    through another process is refused at the latest this much later (0: check every request).
    ``rulebase_check_seconds``: how often a server process looks whether another one reloaded the rule base.
    ``check_workers``: worker processes for an uploaded check (1: in the server process itself).
    """

    model_config = ConfigDict(frozen=True)

    database_url: str | None = None
    rulebase_path: Path | None = None
    data_dir: Path = Path("var")
    key_cache_seconds: float = Field(default=2.0, ge=0)
    rulebase_check_seconds: float = Field(default=5.0, ge=0)
    check_workers: int = Field(default=1, ge=0)
    max_upload_bytes: int = Field(default=512 * 1024 * 1024, gt=0)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> ServiceSettings:
        """Settings from DUALUSE_* environment variables (unset ones keep their defaults)."""
        source = os.environ if environ is None else environ
        values = {name: source[variable] for name, variable in ENVIRONMENT.items() if source.get(variable)}
        return cls.model_validate(values)

    def to_environment(self) -> dict[str, str]:
        """The DUALUSE_* variables that give these settings to another process."""
        values = self.model_dump(exclude_none=True)
        return {variable: str(values[name]) for name, variable in ENVIRONMENT.items() if name in values}
