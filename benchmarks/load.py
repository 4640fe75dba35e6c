"""Load test of the explorer: concurrent clients against `/api/events` with random filters.

Builds (or reuses) benchmarks/out/load.db with at least --events events using
the store generator of `api_latency.py` (real coded events replicated with
shifted dates), starts `detente serve` on 127.0.0.1 at a free port in a
subprocess, and runs --clients concurrent httpx clients for --seconds, each
sending its next request as soon as the last one is answered. Prints total
requests, errors, throughput and median / p99 latency as a markdown table;
`--write` puts the table into docs/benchmarks.md between the `load` markers.
Requirement: no request fails (the exit code is 1 if any did).

    .venv/bin/python benchmarks/load.py [--events 100000] [--clients 50] [--seconds 30] [--write]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api_latency import OUT, bench_store, free_port  # noqa: E402
from docsection import write_section  # noqa: E402

EVENT_TYPES = ["CONSULT", "AID", "ACCUSE", "COOPERATE", "SUPPORT", "REQUEST", "PROTEST",
               "THREATEN", "FIGHT", "ASSAULT", "SANCTION", "RETREAT", "MOBILIZE"]  # fmt: skip
WORDS = ["minister", "talks", "election", "troops", "sanctions", "aid", "border", "president"]


def random_params(rng: random.Random, codes: list[str]) -> dict[str, Any]:
    """A random filter of the kinds the explorer sends (one to three conditions)."""
    choices: list[dict[str, Any]] = [
        {"actor": rng.choice(codes)},
        {"recipient": rng.choice(codes)},
        {"either": rng.choice(codes)},
        {"actor": rng.choice(codes), "recipient": rng.choice(codes)},
        {"event": rng.choice(EVENT_TYPES)},
        {"date_from": f"{rng.randint(2004, 2020)}-{rng.randint(1, 12):02d}"},
        {"date_to": str(rng.randint(2004, 2024))},
        {"quad": rng.randint(1, 4)},
        {"modality": rng.choice(["all", "negated", "future", "asserted"])},
        {"q": rng.choice(WORDS)},
        {"min_confidence": round(rng.random(), 2)},
        {"sort": rng.choice(["date", "-date", "confidence", "goldstein", "event"])},
        {"offset": rng.choice([0, 100, 1000, 10_000])},
        {"limit": rng.choice([10, 50, 100, 500])},
    ]
    params: dict[str, Any] = {}
    for _ in range(rng.randint(1, 3)):
        params.update(rng.choice(choices))
    return params


async def client_loop(
    client: httpx.AsyncClient, rng: random.Random, codes: list[str], until: float,
    times: list[float], errors: list[str],
) -> None:  # fmt: skip
    while time.perf_counter() < until:
        params = random_params(rng, codes)
        start = time.perf_counter()
        try:
            response = await client.get("/api/events", params=params)
            if response.status_code != 200:
                errors.append(f"{response.status_code} {params} {response.text[:120]}")
        except httpx.HTTPError as exc:
            errors.append(f"{type(exc).__name__} {params}")
        times.append((time.perf_counter() - start) * 1000)


async def run_load(
    base_url: str, *, clients: int, seconds: float, codes: list[str]
) -> tuple[list[float], list[str], float]:
    times: list[float] = []
    errors: list[str] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=60) as client:
        start = time.perf_counter()
        until = start + seconds
        await asyncio.gather(
            *(
                client_loop(client, random.Random(n), codes, until, times, errors)
                for n in range(clients)
            )
        )
        elapsed = time.perf_counter() - start
    return times, errors, elapsed


def wait_until_up(base_url: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            if httpx.get(base_url + "/api/stats", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("server did not start")


def write_doc(table: str) -> None:
    write_section(
        "load",
        table,
        heading="Load: concurrent clients on /api/events",
        command=".venv/bin/python benchmarks/load.py --write",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000, help="events in the store")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args()

    db, total = bench_store("load.db", events=args.events)

    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    log = (OUT / "load-server.log").open("wb")  # uvicorn logs every request: never a pipe
    if args.workers == 1:  # the `detente serve` command itself
        command = ["-m", "detente.cli", "serve", "--db", str(db), "--port", str(port)]
    else:  # uvicorn's worker processes need an app factory
        command = ["-m", "uvicorn", "detente.web.app:app_from_env", "--factory", "--host",
                   "127.0.0.1", "--port", str(port), "--workers", str(args.workers)]  # fmt: skip
    env = {**os.environ, "DETENTE_DB": str(db)}
    server = subprocess.Popen([sys.executable, *command], stdout=log, stderr=log, env=env)
    try:
        wait_until_up(base_url, server)
        actors = httpx.get(base_url + "/api/actors", params={"limit": 200}).json()["actors"]
        codes = [a["code"] for a in actors] + ["XXX"]
        times, errors, elapsed = asyncio.run(
            run_load(base_url, clients=args.clients, seconds=args.seconds, codes=codes)
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    p99 = statistics.quantiles(times, n=100)[98]
    table = "\n".join(
        [
            f"Store of {total:,} events (`benchmarks/out/load.db`), uvicorn with {args.workers} "
            f"worker process(es) on 127.0.0.1, {args.clients} concurrent httpx clients for "
            f"{args.seconds:g} s against `/api/events` with 1-3 random filters per request; "
            f"{platform.python_implementation()} {platform.python_version()}, "
            f"{platform.machine()}, {os.cpu_count()} CPU cores shared by the server and the "
            "clients (with every client waiting on its last answer, latency is mostly queueing). "
            f"`.venv/bin/python benchmarks/load.py --workers {args.workers} --write`",
            "",
            "| requests | errors | requests/s | median ms | p99 ms |",
            "|---:|---:|---:|---:|---:|",
            f"| {len(times):,} | {len(errors)} | {len(times) / elapsed:.1f} "
            f"| {statistics.median(times):.1f} | {p99:.1f} |",
        ]
    )
    print(table)
    for error in errors[:20]:
        print("error:", error, file=sys.stderr)
    if args.write:
        write_doc(table)
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
