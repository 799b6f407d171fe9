"""`dualuse serve`: run the REST API (FastAPI on uvicorn) over the store.

The store is the embedded SQLite file by default, or PostgreSQL given DUALUSE_DATABASE_URL (or
--database). Create a first key with `dualuse keys create --holder NAME --role admin`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from dualuse.cli.context import console, fail
from dualuse.errors import DualuseError


def serve(
    *,
    host: Annotated[
        str, typer.Option("--host", help="The address to listen on (default: this machine only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="The port to listen on.")] = 8000,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Server processes (2 per core is a good start).")
    ] = 1,
    database: Annotated[
        str | None,
        typer.Option("--database", help="Database URL (default: DUALUSE_DATABASE_URL, else var/dualuse.sqlite3)."),
    ] = None,
    rulebase: Annotated[
        Path | None, typer.Option("--rulebase", help="A rule-base folder (default: the bundled CN rule base).")
    ] = None,
    data_dir: Annotated[
        Path, typer.Option("--data-dir", help="Where uploaded files and check reports are written.")
    ] = Path("var"),
    log_level: Annotated[str, typer.Option("--log-level", help="uvicorn's log level: warning, info, debug.")] = "info",
    access_log: Annotated[bool, typer.Option("--access-log/--no-access-log", help="Log every request.")] = True,
) -> None:
    """Serve the REST API: screen, classify, determine, check files, licences, dispositions, re-screening.

    Every route but /api/v1/health needs an API key; the OpenAPI description is at /api/v1/openapi.json.
    """
    import uvicorn

    from dualuse.api.settings import ServiceSettings
    from dualuse.store import open_store, resolve_url

    settings = ServiceSettings(database_url=resolve_url(database), rulebase_path=rulebase, data_dir=data_dir.resolve())
    try:
        open_store(settings.database_url).close()  # create or upgrade the schema once, before the workers start
    except DualuseError as error:
        fail(f"cannot open the store: {error}")
    os.environ.update(settings.to_environment())  # every worker process builds its app from these
    console.print(f"dualuse API on http://{host}:{port}/api/v1 ({workers} worker(s)), store {settings.database_url}")
    uvicorn.run("dualuse.api:create_app_from_environment", factory=True, host=host, port=port, workers=workers,
                log_level=log_level, access_log=access_log)  # fmt: skip
