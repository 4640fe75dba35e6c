"""The polite fetcher against the local test site (tests/feedsite.py): no internet."""

from __future__ import annotations

import time

import pytest

from detente.articles.fetch import Fetcher, FetchFailure, FetchOptions
from feedsite import Site

FAST = FetchOptions(delay=0.2, timeout=1.0, retries=1, max_bytes=200_000)


def _reason(fetcher: Fetcher, url: str) -> str:
    with pytest.raises(FetchFailure) as caught:
        fetcher.get(url)
    assert caught.value.url == url and "[E01" in str(caught.value)
    return caught.value.reason


def test_polite_get_and_conditional_get(feed_site: Site) -> None:
    fetcher = Fetcher(FAST)
    url = feed_site.url("news/ghana-togo.html")
    started = time.monotonic()
    first = fetcher.get(url)
    again = fetcher.get(url, etag=first.etag)
    since = fetcher.get(url, last_modified=first.last_modified)
    assert first.status == 200 and b"Ghana signed an agreement" in first.body
    assert first.etag and first.last_modified
    assert (again.status, again.body, since.status) == (304, b"", 304)
    # robots.txt first, then three requests at least `delay` apart, each naming detente
    assert [(path, status) for path, status, _ in feed_site.log] == [
        ("/robots.txt", 200),
        ("/news/ghana-togo.html", 200),
        ("/news/ghana-togo.html", 304),
        ("/news/ghana-togo.html", 304),
    ]
    assert time.monotonic() - started >= 3 * FAST.delay
    assert all(agent.startswith("detente/") for _, _, agent in feed_site.log)


def test_failures_have_reasons(feed_site: Site) -> None:
    feed_site.slow_seconds = 3.0
    fetcher = Fetcher(FAST)
    assert _reason(fetcher, feed_site.url("news/withdrawn.html")) == "http-404"
    assert _reason(fetcher, feed_site.url("slow/news/ghana-togo.html")) == "timeout"
    assert _reason(fetcher, feed_site.url("huge.html")) == "too-large"
    assert _reason(fetcher, feed_site.url("loop/a")) == "redirect-loop"
    assert _reason(fetcher, feed_site.url("private/memo.html")) == "robots"
    assert _reason(fetcher, "ftp://127.0.0.1/file") == "network"
    assert feed_site.requests_to("/news/withdrawn.html") == [404]  # a 404 is not retried
    assert "/private/memo.html" not in [path for path, _, _ in feed_site.log]
    assert feed_site.requests_to("/robots.txt") == [200]  # read once per host


def test_server_errors_are_retried(feed_site: Site) -> None:
    answer = Fetcher(FAST).get(feed_site.url("flaky/news/serbia-hungary.html"))
    assert answer.status == 200 and b"Serbia accused Hungary" in answer.body
    assert feed_site.requests_to("/flaky/news/serbia-hungary.html") == [503, 200]


def test_robots_can_be_ignored_only_on_request(feed_site: Site) -> None:
    (feed_site.root / "private").mkdir()
    (feed_site.root / "private" / "memo.html").write_text("<p>internal</p>")
    assert Fetcher(FetchOptions(delay=0, robots=False)).get(feed_site.url("private/memo.html"))
    (feed_site.root / "robots.txt").unlink()  # no robots.txt: everything is allowed
    assert Fetcher(FetchOptions(delay=0)).get(feed_site.url("private/memo.html")).status == 200
