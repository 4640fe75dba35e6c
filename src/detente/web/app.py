"""The explorer application: JSON API + server-rendered pages over one store.

`create_app(db)` builds the ASGI app; `serve(db, host=..., port=...)` runs it
with uvicorn. Loopback only by default; any other host needs a token, which
clients send as `Authorization: Bearer TOKEN` or `?token=TOKEN` (a browser
then keeps it in a same-site cookie).
"""

from __future__ import annotations

import hmac
import ipaddress
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlencode

from anyio import to_thread
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles

from detente import __version__
from detente.errors import DetenteError, E
from detente.web import api, pages
from detente.web import loop as loop_pages
from detente.web.deps import StorePool

STATIC_DIR = Path(__file__).parent / "static"
TOKEN_COOKIE = "detente_token"
MAX_PARAM_CHARS = 2000
# Threads answering requests (one store connection each); $DETENTE_WORKER_THREADS overrides.
WORKER_THREADS = int(os.environ.get("DETENTE_WORKER_THREADS", "2"))
SECURITY_HEADERS = {
    # Inline <script> never runs; Plot and cytoscape inject style, hence style-src inline.
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _supplied_token(request: Request) -> str:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.query_params.get("token") or request.cookies.get(TOKEN_COOKIE, "")


def create_app(db: str, *, token: str | None = None) -> FastAPI:
    """The explorer over the store at `db` (path or URL); `token` guards every request."""
    pool = StorePool(db)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # Few worker threads: the store's queries are short and the GIL is shared, so 40
        # threads (anyio's default) only interleave requests and stretch every one of them.
        to_thread.current_default_thread_limiter().total_tokens = WORKER_THREADS
        yield
        pool.close()

    app = FastAPI(
        title="detente explorer",
        version=__version__,
        lifespan=lifespan,
        # /docs is served by `pages.api_docs` from vendored files (FastAPI's own loads
        # them from a CDN); ReDoc is not offered.
        docs_url=None,
        redoc_url=None,
        description="Political events coded from your articles, with evidence.",
    )
    app.state.pool = pool
    app.state.token = token

    @app.middleware("http")
    async def guard(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if (
            len(request.url.query) > MAX_PARAM_CHARS
            or "\x00" in request.url.path
            or any("\x00" in v for v in request.query_params.values())
        ):
            response: Response = PlainTextResponse("bad request", status_code=400)
        elif token and not hmac.compare_digest(_supplied_token(request).encode(), token.encode()):
            response = JSONResponse(
                {"detail": "a valid token is required"},
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        else:
            # An empty form field means "no filter": drop it before validation.
            if any(not v for v in request.query_params.values()):
                kept = [(k, v) for k, v in request.query_params.multi_items() if v]
                request.scope["query_string"] = urlencode(kept).encode()
            response = await call_next(request)
            if token and request.query_params.get("token"):
                response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(loop_pages.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    pages.install_error_pages(app)
    return app


def app_from_env() -> FastAPI:
    """`create_app` from $DETENTE_DB and $DETENTE_TOKEN: a uvicorn factory for several
    worker processes (`uvicorn detente.web.app:app_from_env --factory --workers 2`)."""
    db = os.environ.get("DETENTE_DB", "detente.db")
    if "://" not in db and db != ":memory:" and not Path(db).exists():
        raise DetenteError(E.E602, path=db)
    return create_app(db, token=os.environ.get("DETENTE_TOKEN") or None)


def serve(
    db: str,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    token: str | None = None,
    log_level: str = "info",
) -> None:
    """Run the explorer with uvicorn until interrupted."""
    if not is_loopback(host) and not token:
        raise DetenteError(E.E601, host=host)
    if "://" not in db and db != ":memory:" and not Path(db).exists():
        raise DetenteError(E.E602, path=db)
    import uvicorn

    uvicorn.run(create_app(db, token=token), host=host, port=port, log_level=log_level)
