"""Benchmark `dualuse check` on a large generated order book: rows per second and peak memory.

Also measures reading and writing the same file with pyarrow alone, and prints the ratio.

    python bench/check/generate.py --rows 1000000 --out bench/check/out/shipments_1m.csv
    python bench/check/run.py bench/check/out/shipments_1m.csv
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def pyarrow_baseline(path: Path, out: Path) -> float:
    """Seconds to read the CSV with pyarrow (streaming, all strings) and write it back as CSV."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    started = time.perf_counter()
    reader = pacsv.open_csv(path, convert_options=pacsv.ConvertOptions(auto_dict_encode=False))
    writer = None
    for batch in reader:
        if writer is None:
            writer = pacsv.CSVWriter(out, batch.schema)
        writer.write_batch(batch)
    if writer is not None:
        writer.close()
    _ = pa
    return time.perf_counter() - started


def watch_memory(process: subprocess.Popen[bytes], every: float = 0.25) -> tuple[int, int]:
    """Wait for ``process``; return the peak resident memory (KiB) of its largest process and of all together.

    The check runs its workers under a fork server, so they are not its direct children and the
    kernel's per-child accounting would miss them: on Linux every process of the tree is sampled
    until the check ends: ``VmHWM`` (each process's own high-water mark) and the sum of ``Pss`` (each
    process's share of the memory it uses, shared pages divided between the processes sharing them).
    """
    largest, together, samples = 0, 0, 0
    while process.poll() is None:
        tree = _descendants(process.pid)
        largest = max([largest, *(_kib(f"/proc/{pid}/status", "VmHWM") for pid in tree)])
        if samples % 10 == 0:  # reading Pss walks a process's page tables: not too often, not to slow the check
            together = max(together, sum(_kib(f"/proc/{pid}/smaps_rollup", "Pss") for pid in tree))
        samples += 1
        time.sleep(every)
    return largest, together


def _descendants(root: int) -> list[int]:
    """``root`` and every process under it (Linux /proc; just ``root`` elsewhere)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return [root]
    children: dict[int, list[int]] = {}
    for entry in proc.iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _kib(path: str, key: str) -> int:
    """The ``key:`` line of a /proc memory file, in KiB (0 once the process is gone)."""
    try:
        lines = Path(path).read_text().splitlines()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in lines if line.startswith(key + ":")), 0)


def main() -> None:
    """Run the check in a child process and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", type=Path)
    parser.add_argument("--workers", type=int, default=0)
    args = parser.parse_args()
    rows = sum(1 for _ in args.file.open("rb")) - 1
    with tempfile.TemporaryDirectory(prefix="dualuse-bench-") as folder:
        work = Path(folder)
        env = {**os.environ, "DUALUSE_DATABASE_URL": f"sqlite:///{work / 'bench.sqlite3'}"}
        dualuse = shutil.which("dualuse") or str(Path(sys.executable).parent / "dualuse")
        command = [dualuse, "check", str(args.file), "--out", str(work / "reports"), "--as-of", "2026-06-01",
                   "--workers", str(args.workers), "--quiet"]  # fmt: skip
        started = time.perf_counter()
        with subprocess.Popen(command, env=env) as process:
            largest_kib, together_kib = watch_memory(process)
        elapsed = time.perf_counter() - started
        if process.returncode:
            raise SystemExit(f"dualuse check failed with exit status {process.returncode}")
        largest_kib = max(largest_kib, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
        baseline = pyarrow_baseline(args.file, work / "copy.csv")
        sizes = {p.name: p.stat().st_size for p in (work / "reports").iterdir()}
    print(f"rows: {rows:,}")
    print(f"check: {elapsed:.1f} s, {rows / elapsed:,.0f} rows/s on {os.cpu_count()} cores")
    print(f"peak memory (largest process): {largest_kib / 1024:,.0f} MiB")
    if together_kib:
        print(f"peak memory (all its processes together, shared pages counted once): {together_kib / 1024:,.0f} MiB")
    print(f"pyarrow read+write alone: {baseline:.2f} s, {rows / baseline:,.0f} rows/s")
    print(f"ratio check / pyarrow: {elapsed / baseline:,.1f}x")
    print("report sizes: " + ", ".join(f"{name} {size / 1e6:,.1f} MB" for name, size in sorted(sizes.items())))


if __name__ == "__main__":
    main()
