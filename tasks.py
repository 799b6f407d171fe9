#!/usr/bin/env python3
"""The project's two set-up commands, needing only Python 3.11 and pip.

    python3 tasks.py example   run the main job on the bundled example and write a report
    python3 tasks.py test      run the whole test suite (lint, types, tests), as CI does

Each creates the virtual environment .venv and installs the pinned dependencies if needed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
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
    run([dualuse, "check", "examples/shipments.csv", "--out", "reports/example"])


def test() -> None:
    """Lint, type-check and run every test; 'no tests collected' counts as a failure."""
    ensure_environment("dev")
    run([str(BIN / "ruff"), "check", "src", "tests", "bench", "tasks.py"])
    run([str(BIN / "mypy")])
    result = subprocess.run([str(PYTHON), "-m", "pytest", *sys.argv[2:]], cwd=ROOT, check=False)
    if result.returncode == 5:
        sys.exit("pytest collected no tests: that is a failure")
    sys.exit(result.returncode)


COMMANDS = {"example": example, "test": test}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]]()
