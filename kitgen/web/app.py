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
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kitgen import __version__
from kitgen.content.tags import vocabulary
from kitgen.errors import Problem, UserError
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


class TooLarge(UserError):
    """A request body larger than kitgen ever needs."""


def _too_large(size: int | None = None) -> TooLarge:
    limit = UPLOAD_LIMIT // 1_000_000
    if size is None:
        message = _("the upload is larger than kitgen takes ({limit} MB at most)").format(limit=limit)
    else:
        message = _("the upload is {size} MB; kitgen takes at most {limit} MB").format(
            size=size // 1_000_000, limit=limit)
    return TooLarge(Problem("", "", message))


def problem_response(request: Request, exc: UserError) -> Response:
    """A user's mistake: JSON for the API, the error page for a person; 413 for a too large upload."""
    status = 413 if isinstance(exc, TooLarge) else 422
    problems = [{"field": p.field, "message": str(p) if p.where and not p.field else p.message}
                for p in exc.problems]
    if request.url.path.startswith("/api/"):
        return JSONResponse({"ok": False, "problems": problems}, status)
    return request.app.state.pages.render(request, "error.html", status, problems=problems)


class Edge:
    """What every request goes through (plain ASGI: no extra task per request).

    - its language: ?lang=, else the cookie, else Danish; the page's and the
      messages' (remembered in a cookie when asked for);
    - a body larger than kitgen ever needs is refused: at once by its
      Content-Length, or when it grows past the limit while it is read.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        asked = request.query_params.get("lang")
        lang = asked if asked in languages() else request.cookies.get(COOKIE)
        scope.setdefault("state", {})["lang"] = lang if lang in languages() else "da"
        set_language(message_language(scope["state"]["lang"]))
        limit = UPLOAD_LIMIT + 100_000
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:  # refused before anything reads it
            response = problem_response(request, _too_large(int(length)))
            await response(scope, receive, send)
            return
        received = 0
        cut_off = False
        answered = False

        async def counted() -> Message:
            nonlocal received, cut_off
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                # Stop reading; whatever the app answers to the broken body, the person gets this.
                cut_off = True
                raise _too_large()
            return message

        async def remembered(message: Message) -> None:
            nonlocal answered
            if cut_off:
                if not answered:
                    answered = True
                    await problem_response(request, _too_large())(scope, receive, send)
                return
            if message["type"] == "http.response.start" and asked in languages():
                cookie = f"{COOKIE}={asked}; Max-Age={3600 * 24 * 365}; Path=/; SameSite=strict"
                message.setdefault("headers", []).append((b"set-cookie", cookie.encode()))
            await send(message)

        await self.app(scope, counted, remembered)


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
    app.add_middleware(Edge)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(teams.router)

    async def user_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, UserError)
        return problem_response(request, exc)

    app.add_exception_handler(UserError, user_error)

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
        # lazy: the CLI's crash report, only when a bug happens
        from kitgen.cli.app import crash_report

        where = crash_report(exc)
        log.error("kitgen web: %s (details in %s)", exc, where)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"ok": False, "error": "internal", "details": where}, 500)
        return app.state.pages.render(request, "error.html", 500, bug=where)

    return app
