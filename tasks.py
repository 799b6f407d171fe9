#!/usr/bin/env python3
"""The project's two set-up commands, needing only Python 3.11 and pip.

    python3 tasks.py example   run the main job on the bundled example and write a report
    python3 tasks.py test      run the whole test suite (lint, types, tests), as CI does

Each creates the virtual environment .venv and installs the pinned dependencies if needed.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import venv
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"


def ensure_environment(extras: str) -> None:
    """Create .venv and install the project with ``extras`` unless the same install is already there."""
    if sys.version_info < (3, 11):
        sys.exit("dualuse needs Python 3.11 or newer")
    if not PYTHON.exists():
        print("creating .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / f".installed-{extras or 'base'}"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    target = f".[{extras}]" if extras else "."
    print(f"installing dualuse{'[' + extras + ']' if extras else ''} and its pinned dependencies …", flush=True)
    run([str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", target])
    stamp.write_text(digest)


def run(command: list[str]) -> None:
    """Run a command from the project folder; stop with its exit status if it fails."""
    result = subprocess.run(command, cwd=ROOT, check=False)
    if result.returncode != 0:
        sys.exit(result.returncode)


def example() -> None:
    """Check the bundled example shipments file and write the reports to reports/example."""
    ensure_environment("")
    dualuse = str(BIN / "dualuse")
    run([dualuse, "rulebase", "check"])
    known = subprocess.run([dualuse, "licences", "show", "LIC-2026-0001"], cwd=ROOT, capture_output=True, check=False)
    if known.returncode != 0:  # the example's licence register, imported once into the default store
        run([dualuse, "licences", "import", "examples/licences.csv", "--actor", "example"])
    run([dualuse, "check", "examples/shipments.csv", "--out", "reports/example", "--actor", "example"])
    print(f"\nreports written to {ROOT / 'reports' / 'example'} (open report.html in a browser)")


#: Debian packages some tests drive: the HTML report and web UI are checked in a real headless browser,
#: and the store is tested on a real PostgreSQL server as well as on SQLite.
SYSTEM_PACKAGES = {
    "/usr/bin/chromium": "chromium",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc": "fonts-noto-cjk",
    "/usr/lib/postgresql": "postgresql",
}


def ensure_system_packages() -> None:
    """Install the Debian packages the tests need, where this machine lets us (root with apt-get).

    Elsewhere the tests that need them are skipped, except under CI, where they fail.
    """
    missing = [package for path, package in SYSTEM_PACKAGES.items() if not Path(path).exists()]
    if not missing:
        return
    apt = shutil.which("apt-get")
    if apt and hasattr(os, "geteuid") and os.geteuid() == 0:
        print(f"installing {' '.join(missing)} from Debian packages …", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for command in ([apt, "update", "-qq"], [apt, "install", "-y", "-qq", "--no-install-recommends", *missing]):
            if subprocess.run(command, env=env, check=False).returncode != 0:
                sys.exit(f"could not install {' '.join(missing)}")
    else:
        print(f"note: {' '.join(missing)} not installed; the tests that need them will be skipped", flush=True)


#: The variable naming the PostgreSQL database the storage tests may use.
POSTGRES_TEST_VARIABLE = "DUALUSE_TEST_POSTGRES_URL"


@contextlib.contextmanager
def postgres_for_tests() -> Iterator[dict[str, str]]:
    """Start a throw-away PostgreSQL server on 127.0.0.1 for the tests and stop it afterwards.

    Yields the environment for pytest: DUALUSE_TEST_POSTGRES_URL names the server. Nothing is started
    when that variable is already set (a database of your own) or when PostgreSQL is not installed;
    then the PostgreSQL runs of the storage tests are skipped, except under CI, where that is an error.
    """
    env = dict(os.environ)
    binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if env.get(POSTGRES_TEST_VARIABLE) or not binaries:
        if not binaries and os.environ.get("CI"):
            sys.exit("PostgreSQL is not installed; CI tests the store on it (apt-get install postgresql)")
        yield env
        return
    bin_dir = Path(binaries[-1]).parent
    as_postgres: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="dualuse-postgres-"))
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # initdb refuses to run as root
        as_postgres = ["runuser", "-u", "postgres", "--"]
        shutil.chown(folder, "postgres", "postgres")
    folder.chmod(0o700)
    data, port = folder / "data", _free_port()
    try:
        subprocess.run([*as_postgres, str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                        "--no-sync", "-E", "UTF8", "--locale", "C"], stdout=subprocess.DEVNULL, check=True)  # fmt: skip
        options = (f"-c listen_addresses=127.0.0.1 -p {port} -c max_connections=200 -c fsync=off "
                   f"-c unix_socket_directories={folder}")  # fmt: skip
        subprocess.run([*as_postgres, str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"),
                        "-o", options, "-w", "start"], stdout=subprocess.DEVNULL, check=True)  # fmt: skip
    except (subprocess.CalledProcessError, OSError) as error:
        shutil.rmtree(folder, ignore_errors=True)
        sys.exit(f"could not start a PostgreSQL server for the tests: {error}")
    print(f"PostgreSQL {bin_dir.parent.name} for the tests on 127.0.0.1:{port}", flush=True)
    env[POSTGRES_TEST_VARIABLE] = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    try:
        yield env
    finally:
        subprocess.run([*as_postgres, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       stdout=subprocess.DEVNULL, check=False)  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test() -> None:
    """Lint, type-check and run every test; 'no tests collected' counts as a failure."""
    ensure_environment("dev,postgres")
    ensure_system_packages()
    run([str(BIN / "ruff"), "check", "src", "tests", "bench", "tasks.py"])
    run([str(BIN / "mypy")])
    with postgres_for_tests() as env:
        result = subprocess.run([str(PYTHON), "-m", "pytest", *sys.argv[2:]], cwd=ROOT, env=env, check=False)
    if result.returncode == 5:
        sys.exit("pytest collected no tests: that is a failure")
    sys.exit(result.returncode)


COMMANDS = {"example": example, "test": test}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]]()
