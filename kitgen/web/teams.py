"""Many teams: upload a sheet, see every row's problems at its row and column,
build the good rows with live progress, download the kits and the print pack."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile  # what request.form() gives (fastapi's is a subclass)

from kitgen.errors import Problem, UserError
from kitgen.i18n.messages import _
from kitgen.inputs.example_sheet import example_sheet
from kitgen.web.jobs import Job
from kitgen.web.service import UPLOAD_LIMIT, Service

router = APIRouter()


def _service(request: Request) -> Service:
    return request.app.state.service


def _job(request: Request, job_id: str) -> Job:
    job = _service(request).jobs.get(job_id, "batch")
    if job is None:
        raise UserError(Problem("", "sheet", _("that sheet is no longer here (sheets are kept for an hour); "
                                                "upload it again")))
    return job


@router.get("/teams", response_class=HTMLResponse)
async def teams_page(request: Request) -> HTMLResponse:
    return request.app.state.pages.render(request, "teams.html", job=None)


@router.get("/teams/example.xlsx")
async def example(request: Request) -> Response:
    service = _service(request)
    data = await service.pool.run(example_sheet, service.library())
    return Response(data, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": 'attachment; filename="teams.xlsx"'})


@router.post("/teams", response_class=HTMLResponse)
async def upload(request: Request) -> HTMLResponse:
    service = _service(request)
    form = await request.form()
    sheet = form.get("sheet")
    if not isinstance(sheet, UploadFile) or not sheet.filename:
        raise UserError(Problem("", "sheet", _("choose a team sheet (.xlsx or .csv) to upload")))
    data = await sheet.read(UPLOAD_LIMIT + 1)
    job = await service.pool.run(service.read_sheet, data, sheet.filename)
    return request.app.state.pages.render(request, "teams.html", job=job)


@router.post("/teams/{job_id}/build")
async def build(request: Request, job_id: str) -> Response:
    service = _service(request)
    job = _job(request, job_id)
    form = await request.form()
    pack = form.get("print_pack") == "1" and service.can_make_pdfs
    pdf = form.get("pdf") == "1" and service.can_make_pdfs
    if job.state == "checked":  # running before it is handed over: a fast build can't be overwritten,
        job.state = "running"     # and a second click starts no second build
        service.pool.submit(service.build_batch, job, pdf, pack)
    return RedirectResponse(f"/teams/{job.id}", status_code=303)


@router.get("/teams/{job_id}", response_class=HTMLResponse)
async def job_page(request: Request, job_id: str) -> HTMLResponse:
    return request.app.state.pages.render(request, "teams.html", job=_job(request, job_id))


@router.get("/teams/{job_id}/progress", response_class=HTMLResponse)
async def progress(request: Request, job_id: str) -> HTMLResponse:
    return request.app.state.pages.render(request, "_progress.html", job=_job(request, job_id))


@router.get("/teams/{job_id}/{name}")
async def download(request: Request, job_id: str, name: str) -> Response:
    job = _job(request, job_id)
    if name == "kits.zip":
        path = job.file("kits.zip")
    elif name == "print-pack.zip":
        found = sorted((job.folder / "output").glob("print-pack-*.zip"))
        path = found[0] if found else None
    else:
        path = None
    if path is None:
        return Response(status_code=404)
    return Response(path.read_bytes(), media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
