"""The JSON API: the same orders as the YAML files, field for field.

    GET  /healthz                      {"status": "ok"}
    POST /api/validate   an order      200 {"ok": true, "agenda": […], "warnings": […]}
                                       or 422 {"ok": false, "problems": […]}
    POST /api/kits       an order      200 application/zip (?pdf=1: with PDF versions) or 422
    POST /api/batches    sheet=<file>  202 {"id", "rows", "problems"}; the good rows are built at once
    GET  /api/batches/{id}             {"state": "running" | "done" | "failed", "done", "total", "failed": […]}
    GET  /api/batches/{id}/kits.zip
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import JSONResponse, Response

from kitgen.errors import Problem, UserError
from kitgen.i18n.messages import _
from kitgen.web.service import UPLOAD_LIMIT, Checked, Service

router = APIRouter()


def _service(request: Request) -> Service:
    return request.app.state.service


def _problems(checked: Checked) -> JSONResponse:
    return JSONResponse({"ok": False, "problems": [{"field": p.field, "message": p.message}
                                                   for p in checked.problems]}, 422)


async def _order(request: Request) -> dict[str, Any]:
    try:
        data = await request.json()
    except ValueError:
        raise UserError(Problem("", "", _("the request is not JSON; send an order as a JSON object"))) from None
    if not isinstance(data, dict):
        raise UserError(Problem("", "", _("an order is a JSON object of fields such as \"workplace\" and "
                                  "\"core_task\"")))
    return data


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.post("/api/validate")
async def validate(request: Request) -> JSONResponse:
    service = _service(request)
    checked = await service.pool.run(service.check, await _order(request))
    if not checked.ok:
        return _problems(checked)
    return JSONResponse({"ok": True, "agenda": checked.agenda(), "warnings": checked.warnings,
                         "minutes": checked.kit.total_minutes if checked.kit else 0})


@router.post("/api/kits")
async def kits(request: Request, pdf: bool = False) -> Response:
    service = _service(request)
    checked = await service.pool.run(service.check, await _order(request))
    if not checked.ok or checked.order is None:
        return _problems(checked)
    if pdf and not service.can_make_pdfs:
        raise UserError(Problem("", "pdf", _("PDF versions need LibreOffice, which is not installed here")))
    data = await service.pool.run(service.build_zip, checked.order, pdf)
    return Response(data, media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{checked.order.slug}.zip"'})


@router.post("/api/batches", status_code=202)
async def batches(request: Request, sheet: UploadFile = File(...)) -> JSONResponse:
    service = _service(request)
    data = await sheet.read(UPLOAD_LIMIT + 1)
    job = await service.pool.run(service.read_sheet, data, sheet.filename or "")
    problems = [{"row": r["row"], "columns": r["columns"], "message": p} for r in job.data["rows"]
                for p in r["problems"]]
    service.pool.submit(service.build_batch, job)
    return JSONResponse({"id": job.id, "rows": len(job.data["rows"]), "problems": problems}, 202)


@router.get("/api/batches/{job_id}")
async def batch_state(request: Request, job_id: str) -> JSONResponse:
    job = _service(request).jobs.get(job_id, "batch")
    if job is None:
        return JSONResponse({"ok": False, "problems": [{"field": "id", "message": _("no batch with that id "
                                                           "(batches are kept for an hour)")}]}, 404)
    state = job.state if job.state in ("done", "failed") else "running"
    return JSONResponse({"state": state, "done": job.done, "total": job.total, "failed": job.failed,
                         "problems": job.problems})


@router.get("/api/batches/{job_id}/kits.zip")
async def batch_zip(request: Request, job_id: str) -> Response:
    job = _service(request).jobs.get(job_id, "batch")
    path = job.file("kits.zip") if job is not None and job.state == "done" else None
    if path is None:
        return JSONResponse({"ok": False, "problems": [{"field": "id",
                                                        "message": _("no finished batch with that id")}]}, 404)
    return Response(path.read_bytes(), media_type="application/zip",
                    headers={"Content-Disposition": 'attachment; filename="kits.zip"'})
