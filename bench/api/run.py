"""Load benchmark of the REST API: screen and determine under concurrent clients, on loopback only.

    python bench/api/run.py                       # 50 clients, 60 s per endpoint, 2 server workers
    python bench/api/run.py --duration 10 --rate 600

Starts `uvicorn dualuse.api:create_app_from_environment` on 127.0.0.1 (a free port) over a fresh SQLite
store in a temporary folder, creates an analyst key, and drives each endpoint from a separate load
process with ``--clients`` concurrent keep-alive connections (httpx, asyncio). With ``--rate 0`` the
clients send as fast as the server answers (closed loop: the throughput the server can give); with
``--rate R`` they send R requests per second in all, on a fixed schedule (open loop), and latency is
measured from each request's scheduled time, so a slow server cannot hide its queueing. Every loop is
bounded by the duration and by ``--max-requests``; the server is stopped at the end.

Prints, per endpoint: requests, requests per second, p50/p90/p99/max latency in ms, and errors
(non-2xx answers and failed connections).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"  # the benchmark never sends traffic anywhere but this machine's loopback

NAMES = [
    ("Lockheed Martin Corporation", "US"), ("三菱造船株式會社", "JP"), ("Mitsubishi Shipbuilding Co., Ltd.", "JP"),
    ("Acme Trading GmbH", "DE"), ("Toyota Motor Corporation", "JP"), ("Kawasaki Heavy Industries", "JP"),
    ("Optique Berlin GmbH", "DE"), ("Seoul Laser Co., Ltd.", "KR"), ("防衛装備庁", "JP"), ("General Dynamics", "US"),
    ("Hanoi Chemicals JSC", "VN"), ("Arizona Wafer Inc.", "US"), ("株式会社SUBARU", "JP"), ("IHI Corporation", "JP"),
    ("Bangkok Plastics Co., Ltd.", "TH"), ("Amsterdam Bikes B.V.", "NL"), ("Surat Polishing Tools", "IN"),
    ("New York Jewelers LLC", "US"), ("Boeing Defense, Space & Security", "US"), ("Tanaka Trading K.K.", "JP"),
]  # fmt: skip
ITEMS = [
    {"description": "Samarium oxide Sm2O3 99.99% powder", "hs_code": "2846901940"},
    {"description": "Gallium metal 6N ingot", "hs_code": "8112929010"},
    {"description": "Tungsten carbide powder", "hs_code": "2849902000"},
    {"description": "A4 copy paper 80 gsm", "hs_code": "48025610"},
    {"description": "Lithium-ion battery pack 250 Wh/kg", "hs_code": "85076000"},
]


def screen_body(number: int) -> dict[str, Any]:
    """The screening request number ``number``: the names rotate, with a suffix so the set stays realistic."""
    name, country = NAMES[number % len(NAMES)]
    return {"name": name if number % 4 else f"{name} {number % 97}", "country": country, "as_of": "2026-03-01"}


def determine_body(number: int) -> dict[str, Any]:
    """The order line number ``number``."""
    name, country = NAMES[number % len(NAMES)]
    return {"id": f"BENCH-{number}", "as_of": "2026-03-01", "item": ITEMS[number % len(ITEMS)],
            "end_user": {"name": name, "country": country}, "destination": country, "quantity": "10", "unit": "kg"}  # fmt: skip


BODIES = {"screen": screen_body, "determine": determine_body}


# ------------------------------------------------------------------------------------------------- load process
class Connection:
    """One keep-alive HTTP/1.1 connection, each request sent in one write with TCP_NODELAY.

    (httpx's asyncio client measured ~44 ms per request on this machine: small writes meeting delayed
    ACKs. A load generator must not be slower than the server it measures, so it speaks HTTP itself.)
    """

    def __init__(self, port: int, key: str) -> None:
        self.port = port
        self.head = f"Host: {HOST}:{port}\r\nAuthorization: Bearer {key}\r\nContent-Type: application/json\r\n"
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, body: bytes) -> int:
        """Send one POST and read the whole answer; the status code."""
        if self.writer is None or self.reader is None:
            self.reader, self.writer = await asyncio.open_connection(HOST, self.port)
            self.writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        request = f"POST {path} HTTP/1.1\r\n{self.head}Content-Length: {len(body)}\r\n\r\n".encode() + body
        self.writer.write(request)
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        await self.reader.readexactly(length)
        return status

    async def close(self) -> None:
        """Close the connection."""
        if self.writer is not None:
            self.writer.close()
            self.reader = self.writer = None


async def _drive(port: int, key: str, endpoint: str, *, clients: int, duration: float, rate: float,
                 max_requests: int) -> dict[str, Any]:  # fmt: skip
    latencies: list[float] = []
    errors: dict[str, int] = {}
    counter = iter(range(max_requests))
    path = f"/api/v1/{endpoint}"
    start = time.perf_counter()
    deadline = start + duration
    interval = clients / rate if rate > 0 else 0.0

    async def client(index: int) -> None:
        connection = Connection(port, key)
        scheduled = start + (index * interval / clients if interval else 0.0)
        while True:
            number = next(counter, None)
            if number is None:
                break
            if interval:
                delay = scheduled - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
            if time.perf_counter() >= deadline:
                break
            began = scheduled if interval else time.perf_counter()
            body = json.dumps(BODIES[endpoint](number)).encode()
            try:
                status = await asyncio.wait_for(connection.post(path, body), timeout=30)
                if status >= 300:
                    errors[str(status)] = errors.get(str(status), 0) + 1
            except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError) as error:
                errors[type(error).__name__] = errors.get(type(error).__name__, 0) + 1
                await connection.close()
            latencies.append(time.perf_counter() - began)
            scheduled += interval
        await connection.close()

    await asyncio.gather(*(client(i) for i in range(clients)))
    elapsed = time.perf_counter() - start
    return {"latencies": latencies, "errors": errors, "elapsed": min(elapsed, duration)}


def load_process(port: int, key: str, endpoint: str, plan: tuple[int, float, float, int], results: Any) -> None:
    """The load generator, in its own process: drive one endpoint and send back what it measured.

    ``plan`` is (clients, duration in seconds, total rate or 0, maximum requests).
    """
    clients, duration, rate, max_requests = plan
    results.put(asyncio.run(_drive(port, key, endpoint, clients=clients, duration=duration, rate=rate,
                                   max_requests=max_requests)))  # fmt: skip


# ------------------------------------------------------------------------------------------------- server
def free_port() -> int:
    """A free TCP port on the loopback address."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def start_server(folder: Path, port: int, workers: int, database: str) -> subprocess.Popen[bytes]:
    """Start uvicorn with the dualuse API on the loopback address; wait until health answers."""
    import httpx

    env = {**os.environ, "DUALUSE_DATABASE_URL": database, "DUALUSE_DATA_DIR": str(folder / "var")}
    command = [sys.executable, "-m", "uvicorn", "dualuse.api:create_app_from_environment", "--factory", "--host", HOST,
               "--port", str(port), "--workers", str(workers), "--log-level", "warning", "--no-access-log"]  # fmt: skip
    server = subprocess.Popen(command, env=env, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the server stopped with status {server.returncode}")
        try:
            if httpx.get(f"http://{HOST}:{port}/api/v1/health", timeout=1).status_code == 200:
                time.sleep(2.0 * workers)  # let every worker finish building its engines
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    stop_server(server)
    sys.exit("the server did not answer within 120 s")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    """Stop the server and its workers."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


# ------------------------------------------------------------------------------------------------- report
def percentile(values: list[float], fraction: float) -> float:
    """The value below which ``fraction`` of the sorted values lie (nearest rank)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def summarise(endpoint: str, measured: dict[str, Any]) -> dict[str, Any]:
    """Requests per second, latency percentiles in ms, and errors."""
    latencies = measured["latencies"]
    return {
        "endpoint": endpoint,
        "requests": len(latencies),
        "rps": len(latencies) / measured["elapsed"] if measured["elapsed"] else 0.0,
        "p50_ms": percentile(latencies, 0.50) * 1000,
        "p90_ms": percentile(latencies, 0.90) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "max_ms": max(latencies, default=float("nan")) * 1000,
        "mean_ms": statistics.fmean(latencies) * 1000 if latencies else float("nan"),
        "errors": sum(measured["errors"].values()),
        "error_kinds": measured["errors"],
    }


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load per endpoint (default 60)")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (default 50)")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes (default 2, one per core)")
    parser.add_argument(
        "--rate",
        default="0",
        help="total requests/s, open loop: a number, or per endpoint as "
        "screen=600,determine=100 (default 0: closed loop)",
    )
    parser.add_argument("--endpoints", default="screen,determine", help="comma-separated: screen, determine")
    parser.add_argument("--max-requests", type=int, default=2_000_000, help="stop after this many requests")
    parser.add_argument("--database", default=None, help="a database URL (default: SQLite in a temporary folder)")
    args = parser.parse_args()
    rates = {name: float(value) for name, _, value in (part.rpartition("=") for part in args.rate.split(","))}
    rates = {name or "*": value for name, value in rates.items()}
    from dualuse.services.keys import create_key
    from dualuse.store import open_store

    with tempfile.TemporaryDirectory(prefix="dualuse-bench-api-") as name:
        folder = Path(name)
        database = args.database or f"sqlite:///{folder / 'dualuse.sqlite3'}"
        store = open_store(database)
        key = create_key(store, holder="API benchmark", role="analyst", actor="bench", at=datetime.now(UTC)).key
        store.close()
        port = free_port()
        server = start_server(folder, port, args.workers, database)
        rows = []
        try:
            context = multiprocessing.get_context("spawn")
            for endpoint in args.endpoints.split(","):
                results = context.Queue()
                warm = context.Process(
                    target=load_process, args=(port, key, endpoint, (args.clients, 3.0, 0.0, 100_000), results)
                )
                warm.start()
                results.get()
                warm.join()
                plan = (args.clients, args.duration, rates.get(endpoint, rates.get("*", 0.0)), args.max_requests)
                process = context.Process(target=load_process, args=(port, key, endpoint, plan, results))
                process.start()
                measured = results.get(timeout=args.duration + 120)
                process.join()
                rows.append({**summarise(endpoint, measured), "rate": plan[2]})
        finally:
            stop_server(server)
    store_kind = "SQLite" if database.startswith("sqlite") else database.split(":", 1)[0]
    print(f"\ndualuse API on {HOST}, {args.workers} uvicorn worker(s), {store_kind} store, {args.clients} clients, "
          f"{args.duration:g} s per endpoint, {os.cpu_count()} cores; load: closed loop (as fast as answered) or "
          "open loop at a fixed total rate")  # fmt: skip
    print(f"{'endpoint':<10} {'load':>8} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} "
          f"{'max ms':>8} {'errors':>7}")  # fmt: skip
    for row in rows:
        load = f"{row['rate']:g}/s" if row["rate"] else "closed"
        print(f"{row['endpoint']:<10} {load:>8} {row['requests']:>9} {row['rps']:>8.0f} {row['p50_ms']:>8.1f} "
              f"{row['p90_ms']:>8.1f} {row['p99_ms']:>8.1f} {row['max_ms']:>8.1f} {row['errors']:>7}"
              + (f"  {row['error_kinds']}" if row["errors"] else ""))  # fmt: skip


if __name__ == "__main__":
    main()
