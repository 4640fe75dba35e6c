"""A local web site for feed tests: files from a folder on 127.0.0.1, and broken pages.

Files are served with an ETag (hash of the bytes) and Last-Modified, and
answer conditional requests with 304. Special paths:

- `/slow/...`: waits `Site.slow_seconds`, then serves the rest of the path;
- `/gated/...`: waits until `Site.gate` is set, then serves the rest of the path;
- `/flaky/...`: 503 on the first request, then the rest of the path;
- `/huge.html`: an endless-looking page of `Site.huge_bytes` bytes;
- `/loop/a` and `/loop/b`: redirect to each other.

Every request is logged as (path, status, User-Agent).
"""

from __future__ import annotations

import contextlib
import email.utils
import hashlib
import http.server
import mimetypes
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit


class Site:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.slow_seconds = 3.0
        self.huge_bytes = 6_000_000  # above the fetcher's default limit (5 MB)
        self.gate = threading.Event()
        self.log: list[tuple[str, int, str]] = []
        self._flaky_seen: set[str] = set()
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                # the client may give up (a time-out, a size limit), as it should
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    site.answer(self, urlsplit(self.path).path)

            def send_response(self, code: int, message: str | None = None) -> None:
                # logged before any byte is sent: the client cannot be answered unlogged
                path = urlsplit(self.path).path
                site.log.append((path, code, self.headers.get("User-Agent", "")))
                super().send_response(code, message)

            def log_message(self, *args: object) -> None:  # quiet
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return f"{self.base}/{path.lstrip('/')}"

    def requests_to(self, path: str) -> list[int]:
        return [status for logged, status, _ in self.log if logged == path]

    def start(self) -> Site:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.gate.set()
        self.server.shutdown()
        self.server.server_close()

    # -- answering ----------------------------------------------------------------

    def answer(self, req: http.server.BaseHTTPRequestHandler, path: str) -> int:
        if path.startswith("/slow/"):
            time.sleep(self.slow_seconds)
            path = path.removeprefix("/slow")
        elif path.startswith("/gated/"):
            self.gate.wait(60)
            path = path.removeprefix("/gated")
        elif path.startswith("/flaky/") and path not in self._flaky_seen:
            self._flaky_seen.add(path)
            return self._send(req, 503, b"try again later", "text/plain")
        elif path.startswith("/flaky/"):
            path = path.removeprefix("/flaky")
        if path in ("/loop/a", "/loop/b"):
            req.send_response(302)
            req.send_header("Location", "/loop/b" if path == "/loop/a" else "/loop/a")
            req.send_header("Content-Length", "0")
            req.end_headers()
            return 302
        if path == "/huge.html":
            return self._huge(req)
        file = (self.root / path.lstrip("/")).resolve()
        if not file.is_file() or self.root.resolve() not in file.parents:
            return self._send(
                req, 404, b"<html><body><h1>Not found</h1></body></html>", "text/html"
            )
        body = file.read_bytes()
        etag = '"' + hashlib.sha1(body).hexdigest() + '"'
        modified = email.utils.formatdate(int(file.stat().st_mtime), usegmt=True)
        if req.headers.get("If-None-Match") == etag or (
            "If-None-Match" not in req.headers and req.headers.get("If-Modified-Since") == modified
        ):
            req.send_response(304)
            req.send_header("ETag", etag)
            req.end_headers()
            return 304
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if file.suffix in (".rss", ".atom", ".xml"):
            kind = "application/xml"
        return self._send(req, 200, body, kind, ETag=etag, **{"Last-Modified": modified})

    def _send(
        self,
        req: http.server.BaseHTTPRequestHandler,
        status: int,
        body: bytes,
        kind: str,
        **headers: str,
    ) -> int:
        req.send_response(status)
        req.send_header("Content-Type", kind)
        req.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            req.send_header(name, value)
        req.end_headers()
        req.wfile.write(body)
        return status

    def _huge(self, req: http.server.BaseHTTPRequestHandler) -> int:
        req.send_response(200)
        req.send_header("Content-Type", "text/html")
        req.send_header("Content-Length", str(self.huge_bytes))
        req.end_headers()
        chunk = b"<p>" + b"padding " * 1000 + b"</p>\n"
        sent = 0
        while sent < self.huge_bytes:
            piece = chunk[: self.huge_bytes - sent]
            req.wfile.write(piece)
            sent += len(piece)
        return 200
