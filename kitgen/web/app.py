"""`kitgen serve`: the web app, a thin edge around kitgen's one path.

Requests become the same orders the command line reads (same validation, same
messages), `plan` gives the live agenda, the builders run in a bounded pool off
the event loop, and results live in job folders with random ids. Pages are
Jinja2 templates with autoescape (user text is always data), made lively with
htmx (one vendored file); downloads are plain form posts and links.
"""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, AsyncIterator

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from kitgen import __version__
from kitgen.content.tags import vocabulary
from kitgen.errors import UserError
from kitgen.i18n.messages import _, set_language
from kitgen.web.i18n import NAMES, languages, message_language, translator
from kitgen.web.jobs import Jobs, Pool
from kitgen.web.service import UPLOAD_LIMIT, Service
from kitgen.workspace import Workspace

log = logging.getLogger("kitgen.web")
STATIC = Path(__file__).with_name("static")
COOKIE = "kitgen_lang"


class Pages:
    """The Jinja2 environment and what every page knows (its language, the nav)."""

    def __init__(self) -> None:
        self.env = Environment(loader=PackageLoader("kitgen.web", "templates"),
                               autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)

    def render(self, request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        lang = request.state.lang
        _, ngettext = translator(lang)
        tags = [(t.value, words.word(lang)) for t, words in vocabulary().items()]
        html = self.env.get_template(name).render(
            _=_, ngettext=ngettext, tags=tags, tag_words=dict(tags), lang=lang,
            languages=[(code, NAMES.get(code, code)) for code in languages()],
            path=request.url.path, version=__version__, service=request.app.state.service,
            request=request, **context)
        return HTMLResponse(html, status_code=status)


class Language(BaseHTTPMiddleware):
    """The page's language (?lang=, else the cookie, else Danish) and the messages'."""

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        asked = request.query_params.get("lang")
        lang = asked if asked in languages() else request.cookies.get(COOKIE)
        request.state.lang = lang if lang in languages() else "da"
        set_language(message_language(request.state.lang))
        response = await call_next(request)
        if asked in languages():
            response.set_cookie(COOKIE, asked, samesite="strict", max_age=3600 * 24 * 365)
        return response


class UploadLimit(BaseHTTPMiddleware):
    """Refuse a request body larger than kitgen ever needs, before reading it."""

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > UPLOAD_LIMIT + 100_000:
            message = _("the upload is {size} MB; kitgen takes at most {limit} MB").format(
                size=int(length) // 1_000_000, limit=UPLOAD_LIMIT // 1_000_000)
            if request.url.path.startswith("/api/"):
                return JSONResponse({"ok": False, "problems": [{"field": "", "message": message}]}, 413)
            return HTMLResponse(f"<!doctype html><title>kitgen</title><p>{message}</p>", 413)
        return await call_next(request)


def create_app(workspace: Workspace | None = None, jobs_root: Path | None = None) -> FastAPI:
    from kitgen.web import api, pages, teams  # the routes, registered below

    service = Service(workspace or Workspace(None), Jobs(jobs_root), Pool())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        service.pool.close()
        service.jobs.close()

    app = FastAPI(title="kitgen", version=__version__, lifespan=lifespan, docs_url="/api/docs",
                  redoc_url=None, openapi_url="/api/openapi.json")
    app.state.service = service
    app.state.pages = Pages()
    app.add_middleware(UploadLimit)
    app.add_middleware(Language)  # added last, runs first: the upload limit speaks the page's language
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(teams.router)

    @app.exception_handler(UserError)
    async def user_error(request: Request, exc: UserError) -> Response:
        problems = [{"field": p.field, "message": str(p) if p.where and not p.field else p.message}
                    for p in exc.problems]
        if request.url.path.startswith("/api/"):
            return JSONResponse({"ok": False, "problems": problems}, 422)
        return app.state.pages.render(request, "error.html", 422, problems=problems)

    @app.exception_handler(RequestValidationError)
    async def malformed(request: Request, exc: RequestValidationError) -> Response:
        """A request without the field an endpoint needs (e.g. no `sheet` in the upload)."""
        problems = [{"field": ".".join(str(part) for part in e.get("loc", ())[1:]),
                     "message": _("is missing") if e.get("type") == "missing" else str(e.get("msg", ""))}
                    for e in exc.errors()]
        if request.url.path.startswith("/api/"):
            return JSONResponse({"ok": False, "problems": problems}, 422)
        return app.state.pages.render(request, "error.html", 422, problems=problems)

    @app.exception_handler(Exception)
    async def bug(request: Request, exc: Exception) -> Response:
        from kitgen.cli.app import crash_report

        where = crash_report(exc)
        log.error("kitgen web: %s (details in %s)", exc, where)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"ok": False, "error": "internal", "details": where}, 500)
        return app.state.pages.render(request, "error.html", 500, bug=where)

    return app
