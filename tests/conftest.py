"""Shared fixtures: a throwaway PostgreSQL 15 server (Debian's package) for store tests;
a local web site of feeds and article pages (tests/site, served by tests/feedsite.py)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from feedsite import Site

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_postgres(*cmd: str) -> list[str]:
    """initdb and pg_ctl refuse to run as root: run them as the postgres user."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return list(cmd)


@pytest.fixture(scope="session")
def postgresql_url() -> Iterator[str]:
    """A `postgresql://` URL of a fresh server, stopped after the session."""
    if not (PG_BIN / "initdb").exists():
        pytest.skip("PostgreSQL 15 is not installed (apt-get install -y postgresql)")
    base = Path(tempfile.mkdtemp(prefix="detente-pg-"))
    if os.geteuid() == 0:
        shutil.chown(base, user="postgres", group="postgres")
    data = base / "data"
    port = _free_port()
    subprocess.run(
        _as_postgres(
            str(PG_BIN / "initdb"),
            "-D",
            str(data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "--locale=C.UTF-8",
        ),
        check=True,
        capture_output=True,
    )
    subprocess.run(
        _as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(base / "log"),
            "-w",
            "-o",
            f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
        ),
        check=True,
        capture_output=True,
    )
    url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
    try:
        deadline = time.monotonic() + 20
        import psycopg

        while True:
            try:
                psycopg.connect(url).close()
                break
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield url
    finally:
        subprocess.run(
            _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"),
            check=False,
            capture_output=True,
        )
        shutil.rmtree(base, ignore_errors=True)


SITE_FILES = Path(__file__).parent / "site"


@pytest.fixture
def feed_site(tmp_path: Path) -> Iterator[Site]:
    """tests/site copied to a temp folder (with {{SITE}} replaced by its address) and
    served on 127.0.0.1 while the test runs; tests may edit the copy."""
    site = Site(tmp_path / "site")
    for source in sorted(SITE_FILES.rglob("*")):
        if source.is_file():
            target = site.root / source.relative_to(SITE_FILES)
            target.parent.mkdir(parents=True, exist_ok=True)
            text = source.read_text(encoding="utf-8").replace("{{SITE}}", site.base)
            target.write_text(text, encoding="utf-8")
    site.start()
    try:
        yield site
    finally:
        site.stop()
