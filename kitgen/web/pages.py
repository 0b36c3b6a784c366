"""The pages: make a kit (with its live agenda), the library, suggestions, my teams."""

from __future__ import annotations

from typing import Any, Mapping
from urllib.parse import parse_qs

import yaml
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile  # what request.form() gives (fastapi's is a subclass)

from kitgen.content.schema import Item, Tag
from kitgen.content.search import Query, search
from kitgen.errors import Problem, UserError
from kitgen.i18n.messages import _
from kitgen.inputs.yamlsource import parse_yaml
from kitgen.web import mine
from kitgen.web.forms import PER_LANGUAGE, FormState, form_lists, order_data, state_with_problems, values_from_order
from kitgen.web.service import UPLOAD_LIMIT, Service

router = APIRouter()
# The form's fields that have a place for problems next to them.
ERROR_FIELDS = ["workplace", "team", "core_task", "stakeholders", "sector", "locale", "date", "start",
                "time_budget", "participants", "facilitator", "theme", "module", "exercises", "posters", "concepts"]


def _service(request: Request) -> Service:
    return request.app.state.service


def _render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return request.app.state.pages.render(request, name, status, **context)


def _kit_context(request: Request, state: FormState) -> dict[str, Any]:
    """What the make-a-kit page (and its parts) show besides the form's values."""
    service = _service(request)
    lib = service.library()
    lang = request.state.lang
    tr = lib.translator(lang)

    def title(kind: str, item_id: str) -> str:
        item = getattr(lib, kind).get(item_id)
        return tr.content(f"{item.key}:title", item.title) if item is not None else item_id

    chosen = [(e, title("exercises", e), lib.exercises[e].minutes if e in lib.exercises else 0)
              for e in state.many("exercises")]
    posters = [("core_task", None), ("program", None)] + [
        (e, title("exercises", e)) for e in state.many("exercises") if e in lib.exercises and lib.exercises[e].poster]
    return {"state": state, "chosen": chosen, "poster_choices": posters,
            "modules": sorted((m, title("modules", m)) for m in lib.modules),
            "concepts": sorted(((c, title("concepts", c)) for c in lib.concepts), key=lambda x: x[1]),
            "themes": service.workspace.themes().names(), "default_theme": service.workspace.theme,
            "can_pdf": service.can_make_pdfs, "title": title,
            "error_fields": ERROR_FIELDS + [f"{f}.{code}" for f in PER_LANGUAGE for code in lib.locales
                                            if code != "da"],
            "partial": request.url.path.startswith("/ui/")}


def _checked_state(request: Request, lists: dict[str, list[str]]) -> tuple[FormState, Any]:
    checked = _service(request).check(order_data(lists))
    state = state_with_problems({k: (v if len(v) > 1 or k in ("exercises", "locale", "posters", "concepts")
                                     else v[0]) for k, v in lists.items()}, checked.problems)
    return state, checked


@router.get("/", response_class=HTMLResponse)
async def start(request: Request) -> HTMLResponse:
    service = _service(request)
    teams = await service.pool.run(mine.list_orders, service)
    return _render(request, "start.html", teams=teams, workspace=service.workspace)


MAX_DRAFT = 32_000  # characters of a carried form: a long order is a few thousand


@router.get("/kit", response_class=HTMLResponse)
async def kit_page(request: Request) -> HTMLResponse:
    """The form, empty or filled from the query (a suggestion, "add to kit", an order of my teams)."""
    service = _service(request)
    q = request.query_params
    values: dict[str, Any] = {"locale": ["da"], "sector": "public", "start": "09:00", "posters": ["core_task"]}
    if q.get("draft"):  # the form as it was when the user went to the library (app.js keeps it)
        carried = parse_qs(q["draft"][:MAX_DRAFT], keep_blank_values=True)
        lists = form_lists({k: v for k, v in carried.items() if k != "op"})
        values = {k: (v if len(v) > 1 or k in ("exercises", "locale", "posters", "concepts") else v[0])
                  for k, v in lists.items()}
    name = q.get("order")
    if name:
        data = await service.pool.run(mine.read_order, service, name)
        values.update(values_from_order(data))
        values["saved_as"] = name
    for key in ("participants", "time_budget", "start", "sector", "module"):
        if q.get(key):
            values[key] = q[key]
    if q.get("module"):  # a module is the program: it replaces the exercises picked so far
        values.pop("exercises", None)
    exercises = [e for e in q.get("exercises", "").split(",") if e]
    if q.get("add"):
        exercises = list(dict.fromkeys(values.get("exercises", []) + exercises + [q["add"]]))
    if exercises:
        values["exercises"] = exercises
    if q.get("concepts"):
        values["concepts"] = [c for c in q["concepts"].split(",") if c]
    if q.get("add_concept"):
        values["concepts"] = list(dict.fromkeys(list(values.get("concepts", [])) + [q["add_concept"]]))
    state = FormState(values=values)
    checked = await service.pool.run(service.check, order_data(form_lists(
        {k: v for k, v in values.items() if k != "saved_as"})))
    return _render(request, "kit.html", checked=checked if values.get("exercises") or values.get("module") else None,
                   **_kit_context(request, state))


@router.post("/ui/plan", response_class=HTMLResponse)
async def live_plan(request: Request) -> HTMLResponse:
    """The agenda with clock times and the problems next to each field, as the form changes."""
    lists = form_lists(await request.form())
    state, checked = await _service(request).pool.run(_checked_state, request, lists)
    return _render(request, "_plan.html", checked=checked, **_kit_context(request, state))


@router.post("/ui/program", response_class=HTMLResponse)
async def program(request: Request) -> HTMLResponse:
    """Add, remove or move an exercise; returns the chosen list and the agenda."""
    lists = form_lists(await request.form())
    chosen = list(lists.get("exercises", []))
    op, _, arg = (lists.get("op") or [""])[0].partition(":")
    if op == "add" and arg and arg not in chosen:
        chosen.append(arg)
    elif op in ("remove", "up", "down") and arg.isdigit() and int(arg) < len(chosen):
        i = int(arg)
        if op == "remove":
            chosen.pop(i)
        elif op == "up" and i > 0:
            chosen[i - 1], chosen[i] = chosen[i], chosen[i - 1]
        elif op == "down" and i + 1 < len(chosen):
            chosen[i + 1], chosen[i] = chosen[i], chosen[i + 1]
    lists["exercises"] = chosen
    lists.pop("op", None)
    state, checked = await _service(request).pool.run(_checked_state, request, lists)
    return _render(request, "_program.html", checked=checked, focus=(lists.get("focus") or [""])[0],
                   **_kit_context(request, state))


@router.get("/ui/picker", response_class=HTMLResponse)
async def picker(request: Request) -> HTMLResponse:
    """Exercises that match the search and the filters, each with "add"."""
    q = request.query_params
    lib = _service(request).library()
    query = _query(q)
    found = search(lib, query, lib.translator(request.state.lang))[:60]
    return _render(request, "_picker.html", found=found, tr=lib.translator(request.state.lang), query=query)


def _query(q: Any) -> Query:
    tags = tuple(Tag(t) for t in q.getlist("tag") if t in {x.value for x in Tag}) if hasattr(q, "getlist") else ()
    def number(name: str) -> int | None:
        value = (q.get(name) or "").strip()
        return int(value) if value.isdigit() and len(value) < 5 else None
    return Query(kind=q.get("kind", "exercises") if q.get("kind") in ("exercises", "concepts", "modules")
                 else "exercises", tags=tags, max_minutes=number("max_minutes"),
                 participants=number("group"), source=(q.get("source") or "")[:60], text=(q.get("q") or "")[:80])


@router.post("/ui/preview", response_class=HTMLResponse)
async def preview(request: Request) -> HTMLResponse:
    service = _service(request)
    lists = form_lists(await request.form())
    checked = await service.pool.run(service.check, order_data(lists))
    if not checked.ok or checked.order is None:
        return _render(request, "_preview.html", job=None, problems=checked.problems)
    job = await service.pool.run(service.preview, checked.order)
    return _render(request, "_preview.html", job=job, problems=[])


@router.get("/jobs/{job_id}/{name}")
async def job_file(request: Request, job_id: str, name: str) -> Response:
    job = _service(request).jobs.get(job_id, "preview")
    path = job.file(name) if job is not None else None
    if path is None or path.suffix != ".png":
        return Response(status_code=404)
    return Response(path.read_bytes(), media_type="image/png")


@router.post("/kit.zip")
async def download_kit(request: Request) -> Response:
    """The kit as `kitgen build` writes it, zipped; the form with its problems when it has some."""
    service = _service(request)
    lists = form_lists(await request.form())
    state, checked = await service.pool.run(_checked_state, request, lists)
    if not checked.ok or checked.order is None:
        return _render(request, "kit.html", 422, checked=checked, **_kit_context(request, state))
    pdf = (lists.get("pdf") or [""])[0] == "1" and service.can_make_pdfs
    data = await service.pool.run(service.build_zip, checked.order, pdf)
    return Response(data, media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{checked.order.slug}.zip"'})


@router.post("/order.yaml")
async def save_order(request: Request) -> Response:
    lists = form_lists(await request.form())
    data = order_data(lists)
    text = "# A kitgen order: `kitgen build` reads it; open it again on the page.\n" + yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, width=100)
    return Response(text.encode("utf-8"), media_type="application/x-yaml",
                    headers={"Content-Disposition": 'attachment; filename="order.yaml"'})


@router.post("/open", response_class=HTMLResponse)
async def open_order(request: Request) -> HTMLResponse:
    form = await request.form()
    upload = form.get("order")
    if not isinstance(upload, UploadFile):
        raise UserError(Problem("order", "order", _("choose an order file (.yaml) to open")))
    raw = await upload.read(UPLOAD_LIMIT + 1)
    if len(raw) > UPLOAD_LIMIT:
        raise UserError(Problem(upload.filename or "order", "", _("is too large to be an order")))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(Problem(upload.filename or "order", "", _("is not UTF-8 text; save it as UTF-8"))) from None
    located = parse_yaml(text, upload.filename or "order.yaml")
    if not isinstance(located.data, dict):
        raise UserError(Problem(upload.filename or "order.yaml", "",
                                _("is not an order (fields such as workplace:)")))
    values = values_from_order(located.data)
    lists = form_lists({k: v for k, v in values.items()})
    state, checked = await _service(request).pool.run(_checked_state, request, lists)
    return _render(request, "kit.html", checked=checked, **_kit_context(request, state))


@router.post("/mine/save")
async def save_mine(request: Request) -> Response:
    service = _service(request)
    lists = form_lists(await request.form())
    name = await service.pool.run(mine.save_order, service, order_data(lists), (lists.get("saved_as") or [""])[0])
    return RedirectResponse(f"/?saved={name}", status_code=303)


@router.post("/mine/{name}/duplicate")
async def duplicate(request: Request, name: str) -> Response:
    service = _service(request)
    copy = await service.pool.run(mine.duplicate, service, name)
    return RedirectResponse(f"/kit?order={copy}", status_code=303)


@router.post("/mine/{name}/build")
async def rebuild(request: Request, name: str) -> Response:
    service = _service(request)
    await service.pool.run(mine.rebuild, service, name)
    return RedirectResponse(f"/?built={name}", status_code=303)


@router.get("/library", response_class=HTMLResponse)
async def library(request: Request) -> HTMLResponse:
    lib = _service(request).library()
    query = _query(request.query_params)
    tr = lib.translator(request.state.lang)
    found = search(lib, query, tr)
    return _render(request, "library.html", found=found, query=query, tr=tr)


@router.get("/library/{kind}/{item_id}", response_class=HTMLResponse)
async def library_item(request: Request, kind: str, item_id: str) -> HTMLResponse:
    # lazy: `kitgen serve` starts without it; the first item page loads it
    from kitgen.kit.describe import describe

    lib = _service(request).library()
    tables: dict[str, Mapping[str, Item]] = {"exercise": lib.exercises, "concept": lib.concepts,
                                             "module": lib.modules}
    item = tables.get(kind, {}).get(item_id)
    if item is None:  # a page that does not exist: 404, with the page's words
        return request.app.state.pages.render(request, "error.html", 404, problems=[{
            "field": kind, "message": _("nothing in the library is called {id!r}").format(id=item_id)}])
    return _render(request, "item.html", item=item, d=describe(lib, item, request.state.lang))


@router.get("/suggest", response_class=HTMLResponse)
async def suggest_page(request: Request) -> HTMLResponse:
    return _render(request, "suggest.html", result=None, asked={}, problems=[])


@router.post("/suggest", response_class=HTMLResponse)
async def suggest_program(request: Request) -> HTMLResponse:
    # lazy: `kitgen serve` starts without the planner
    from kitgen.web.suggesting import suggest_from_form

    service = _service(request)
    lists = form_lists(await request.form())
    result, problems, views = await service.pool.run(suggest_from_form, service, lists, request.state.lang)
    return _render(request, "suggest.html", result=result, asked=lists, problems=problems, views=views)
