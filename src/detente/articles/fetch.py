"""A polite HTTP client for feeds and article pages (standard library only).

Polite by default: one request per host at a time with `delay` seconds
between two requests to a host, a User-Agent naming detente, robots.txt
obeyed. Every request has a time-out (connect to last byte) and a size
limit; time-outs, connection errors, 429 and 5xx are retried with a growing
pause. Failures raise `FetchFailure` with a short machine reason; callers
report them and go on.
"""

from __future__ import annotations

import http.client
import threading
import time
import urllib.error
import urllib.request
import urllib.robotparser
from dataclasses import dataclass, field
from email.message import Message
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urlsplit

from detente.errors import DetenteError, E


def _user_agent() -> str:
    try:
        mine = version("detente")
    except PackageNotFoundError:  # run from a source tree
        mine = "dev"
    return f"detente/{mine} (political event coder; +https://github.com/detente)"


@dataclass(frozen=True, slots=True)
class FetchOptions:
    user_agent: str = field(default_factory=_user_agent)
    delay: float = 1.0  # seconds between two requests to one host
    timeout: float = 20.0  # seconds for one request, connect to last byte
    retries: int = 2  # more tries after a time-out, connection error, 429 or 5xx
    max_bytes: int = 5_000_000
    robots: bool = True


@dataclass(frozen=True, slots=True)
class Response:
    url: str  # as asked for
    final_url: str  # after redirects
    status: int  # 200, or 304 (not modified: empty body)
    body: bytes
    etag: str = ""
    last_modified: str = ""
    content_type: str = ""


class FetchFailure(Exception):
    """A request that failed for good: `reason` is timeout | network | robots |
    redirect-loop | too-large | http-NNN."""

    def __init__(self, url: str, reason: str, error: DetenteError) -> None:
        super().__init__(str(error))
        self.url = url
        self.reason = reason
        self.error = error


def _failure(url: str, reason: str, why: object) -> FetchFailure:
    return FetchFailure(url, reason, DetenteError(E.E011, url=url, why=why))


class _Retry(Exception):
    def __init__(self, failure: FetchFailure) -> None:
        self.failure = failure


_ROBOTS_TTL = 3600.0  # seconds a host's robots.txt is trusted
_ROBOTS_FAILED_TTL = 300.0  # an unreachable robots.txt forbids the host this long
_DISALLOW_ALL = ["User-agent: *", "Disallow: /"]


@dataclass(slots=True)
class _Host:
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_at: float = 0.0  # monotonic time of the next allowed request
    robots: urllib.robotparser.RobotFileParser | None = None
    robots_until: float = 0.0


class Fetcher:
    """HTTP GET with politeness per host; safe to share between threads."""

    def __init__(self, options: FetchOptions | None = None) -> None:
        self.options = options or FetchOptions()
        self._hosts: dict[str, _Host] = {}
        self._lock = threading.Lock()
        self._opener = urllib.request.build_opener()

    def _host(self, url: str) -> _Host:
        parts = urlsplit(url)
        with self._lock:
            return self._hosts.setdefault(f"{parts.scheme}://{parts.netloc}", _Host())

    def get(self, url: str, *, etag: str = "", last_modified: str = "") -> Response:
        """GET `url` (conditionally, given a stored ETag or Last-Modified)."""
        if urlsplit(url).scheme not in ("http", "https"):
            raise _failure(url, "network", "only http and https URLs are fetched")
        host = self._host(url)
        with host.lock:  # one request per host at a time
            if self.options.robots and not self._allowed(url, host):
                raise FetchFailure(url, "robots", DetenteError(E.E012, url=url))
            headers = {"If-None-Match": etag} if etag else {}
            if last_modified:
                headers["If-Modified-Since"] = last_modified
            return self._with_retries(url, host, headers)

    # -- inside the host's lock ---------------------------------------------------

    def _with_retries(self, url: str, host: _Host, headers: dict[str, str]) -> Response:
        pause = max(self.options.delay, 0.5)
        for attempt in range(self.options.retries + 1):
            try:
                return self._request(url, host, headers)
            except _Retry as retry:
                if attempt == self.options.retries:
                    raise retry.failure from None
                time.sleep(pause)
                pause *= 2
        raise AssertionError("unreachable")

    def _request(self, url: str, host: _Host, headers: dict[str, str]) -> Response:
        wait = host.next_at - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        request = urllib.request.Request(
            url, headers={"User-Agent": self.options.user_agent, **headers}
        )
        started = time.monotonic()
        try:
            with self._opener.open(request, timeout=self.options.timeout) as answer:
                body = self._read(url, answer, started)
                return _response(url, answer.geturl(), answer.status, body, answer.headers)
        except urllib.error.HTTPError as err:
            if err.code == 304:
                return _response(url, url, 304, b"", err.headers)
            if "infinite loop" in str(err.msg):
                raise _failure(url, "redirect-loop", "too many redirects") from None
            failure = _failure(url, f"http-{err.code}", f"HTTP {err.code} {err.reason}")
            if err.code == 429 or err.code >= 500:
                raise _Retry(failure) from None
            raise failure from None
        except (TimeoutError, urllib.error.URLError, OSError, http.client.HTTPException) as err:
            reason = getattr(err, "reason", err)
            kind = "timeout" if isinstance(reason, TimeoutError) else "network"
            why = f"no answer within {self.options.timeout:g} s" if kind == "timeout" else reason
            raise _Retry(_failure(url, kind, why)) from None
        except ValueError as err:  # a URL urllib cannot use
            raise _failure(url, "network", err) from None
        finally:
            host.next_at = time.monotonic() + self.options.delay

    def _read(self, url: str, answer: object, started: float) -> bytes:
        read = getattr(answer, "read")  # noqa: B009 - an http.client response
        limit, chunks, size = self.options.max_bytes, [], 0
        while chunk := read(65536):
            size += len(chunk)
            if size > limit:
                raise _failure(url, "too-large", f"larger than the limit of {limit} bytes")
            if time.monotonic() - started > self.options.timeout:
                raise _Retry(
                    _failure(url, "timeout", f"not read within {self.options.timeout:g} s")
                )
            chunks.append(chunk)
        return b"".join(chunks)

    def _allowed(self, url: str, host: _Host) -> bool:
        now = time.monotonic()
        if host.robots is None or now > host.robots_until:
            parts = urlsplit(url)
            robots = urllib.robotparser.RobotFileParser()
            try:
                answer = self._with_retries(f"{parts.scheme}://{parts.netloc}/robots.txt", host, {})
                rules, ttl = answer.body.decode("utf-8", "replace").splitlines(), _ROBOTS_TTL
            except FetchFailure as failure:
                code = failure.reason.removeprefix("http-")
                if code in ("401", "403"):
                    rules, ttl = _DISALLOW_ALL, _ROBOTS_TTL
                elif code.isdigit() and code < "500":
                    rules, ttl = [], _ROBOTS_TTL  # no robots.txt: everything is allowed
                else:  # unreachable: wait and ask again (RFC 9309)
                    rules, ttl = _DISALLOW_ALL, _ROBOTS_FAILED_TTL
            robots.parse(rules)
            host.robots, host.robots_until = robots, now + ttl
        return host.robots.can_fetch(self.options.user_agent, url)


def _response(url: str, final: str, status: int, body: bytes, headers: Message) -> Response:
    return Response(
        url=url,
        final_url=final,
        status=status,
        body=body,
        etag=headers.get("ETag", "") or "",
        last_modified=headers.get("Last-Modified", "") or "",
        content_type=headers.get("Content-Type", "") or "",
    )
