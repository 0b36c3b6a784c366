"""The JSON API, every endpoint, with good and bad input (Starlette's TestClient)."""

from __future__ import annotations

import io
import json
import time
import zipfile

import docx
import pptx
import pytest

from tests.web.conftest import ORDER


def test_healthz(client):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json() == {"status": "ok"}


def test_validate_gives_the_agenda_with_clock_times(client, order):
    r = client.post("/api/validate", json=order)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["ok"] is True
    agenda = body["agenda"]
    assert agenda[0]["start"] == "09:00"
    # consecutive items: each starts when the one before ends
    for before, after in zip(agenda, agenda[1:]):
        assert after["start"] == before["end"]
    titles = " ".join(a["title"] for a in agenda)
    assert "Kerneopgaven" in titles or "kerneopgave" in titles.lower()


def test_validate_follows_a_change_of_start_and_exercises(client, order):
    first = client.post("/api/validate", json=order).json()["agenda"]
    order["start"] = "13:30"
    order["exercises"] = order["exercises"][:1]
    second = client.post("/api/validate", json=order).json()["agenda"]
    assert second[0]["start"] == "13:30"
    assert len(second) < len(first)


def test_validate_lists_every_problem_by_field(client, order):
    order["exercises"] = ["core_task_deep_dive", "no_such_exercise"]
    order["participants"] = "many"
    order["date"] = "2026-13-40"
    r = client.post("/api/validate", json=order)
    assert r.status_code == 422
    body = r.json()
    assert body["ok"] is False
    fields = {p["field"] for p in body["problems"]}
    assert {"exercises[1]", "participants", "date"} <= fields, body
    assert all(p["message"] for p in body["problems"])
    unknown = next(p for p in body["problems"] if p["field"] == "exercises[1]")
    assert "no_such_exercise" in unknown["message"]


def test_validate_in_danish_and_english(client, order):
    order["exercises"] = ["no_such_exercise"]
    da = client.post("/api/validate?lang=da", json=order).json()["problems"]
    en = client.post("/api/validate?lang=en", json=order).json()["problems"]
    assert da and en and len(da) == len(en)


def test_a_missing_field_is_named(client, order):
    del order["workplace"]
    body = client.post("/api/validate", json=order).json()
    assert any(p["field"] == "workplace" for p in body["problems"])


@pytest.mark.parametrize("payload", [b"not json", b"[1, 2]", b'"an order"'])
def test_validate_refuses_what_is_not_an_order(client, payload):
    r = client.post("/api/validate", content=payload, headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert r.json()["ok"] is False and r.json()["problems"][0]["message"]


def test_warnings_are_returned(client, order):
    order["time_budget"] = 30
    body = client.post("/api/validate", json=order).json()
    assert body["ok"] is True
    assert body["warnings"], "a 30-minute budget for three exercises should warn"


def test_kits_zip_has_a_folder_per_language_with_every_file(client, order):
    order["locale"] = ["da", "en"]
    order["core_task"] = {"da": ORDER["core_task"], "en": "We help citizens on quickly and correctly."}
    order["posters"] = ["core_task"]
    r = client.post("/api/kits", json=order)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/zip"
    assert "attachment" in r.headers["content-disposition"]
    z = zipfile.ZipFile(io.BytesIO(r.content))
    names = set(z.namelist())
    folders = {n.split("/")[0] for n in names}
    assert len(folders) == 1
    root = folders.pop()
    for lang in ("da", "en"):
        for name in ("handout.docx", "deck.pptx", "manifest.json"):
            assert f"{root}/{lang}/{name}" in names, sorted(names)
        assert any(n.startswith(f"{root}/{lang}/poster") and n.endswith(".pdf") for n in names)
        assert any(n.startswith(f"{root}/{lang}/poster") and n.endswith(".png") for n in names)
    handout = docx.Document(io.BytesIO(z.read(f"{root}/en/handout.docx")))
    assert any("We help citizens" in p.text for p in handout.paragraphs)
    deck = pptx.Presentation(io.BytesIO(z.read(f"{root}/da/deck.pptx")))
    assert len(deck.slides) > 3
    manifest = json.loads(z.read(f"{root}/da/manifest.json"))
    assert manifest


def test_kits_is_deterministic(client, order):
    a = client.post("/api/kits", json=order).content
    b = client.post("/api/kits", json=order).content
    assert a == b


def test_kits_refuses_a_bad_order_with_422(client, order):
    order["exercises"] = ["no_such_exercise"]
    r = client.post("/api/kits", json=order)
    assert r.status_code == 422 and r.json()["problems"][0]["field"] == "exercises[0]"


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "{{ 7*7 }}", "{% raw %}x"])
def test_user_text_is_data_in_files(client, order, text):
    order["workplace"] = text
    r = client.post("/api/kits", json=order)
    assert r.status_code == 200, r.text
    z = zipfile.ZipFile(io.BytesIO(r.content))
    handout = next(n for n in z.namelist() if n.endswith("handout.docx"))
    body = "\n".join(p.text for p in docx.Document(io.BytesIO(z.read(handout))).paragraphs)
    assert text in body
    if "7*7" in text:
        assert "49" not in body


SHEET = (
    "workplace,team,core_task,sector,locale,date,start,exercises,participants\n"
    "Nordby,Team A,Vi hjælper borgerne.,public,da,2026-12-03,09:00,core_task_deep_dive;trial_actions,12\n"
    "Nordby,Team B,Vi hjælper borgerne.,public,da,2026-12-04,09:00,no_such_exercise,12\n"
    "Nordby,Team C,Vi hjælper borgerne.,public,da,2026-12-05,25:00,trial_actions,12\n"
)


def _wait(client, job_id: str) -> dict:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        state = client.get(f"/api/batches/{job_id}").json()
        if state["state"] in ("done", "failed"):
            return state
        time.sleep(0.1)
    raise AssertionError("the batch did not finish")


def test_batches_build_the_good_rows_and_name_the_bad_ones(client):
    r = client.post("/api/batches", files={"sheet": ("teams.csv", SHEET.encode(), "text/csv")})
    assert r.status_code == 202, r.text
    body = r.json()
    assert body["rows"] == 3 and body["id"]
    rows = {p["row"] for p in body["problems"]}
    assert rows == {3, 4}, body["problems"]
    by_row = {p["row"]: p for p in body["problems"]}
    assert "exercises" in by_row[3]["columns"] and "no_such_exercise" in by_row[3]["message"]
    assert "start" in by_row[4]["columns"]
    assert all("teams.csv" in p["message"] and "sheet.csv" not in p["message"] for p in body["problems"])
    # The progress counts the rows that can be built; the bad ones were said above, once.
    state = _wait(client, body["id"])
    assert state["state"] == "done" and state["total"] == 1 and state["done"] == 1
    assert state["failed"] == []
    z = client.get(f"/api/batches/{body['id']}/kits.zip")
    assert z.status_code == 200 and z.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(z.content)).namelist()
    assert any("team-a" in n and n.endswith("handout.docx") for n in names), names
    assert not any("team-b" in n for n in names)


def test_batches_refuse_what_is_not_a_sheet(client):
    r = client.post("/api/batches", files={"sheet": ("teams.pdf", b"%PDF-1.7", "application/pdf")})
    assert r.status_code == 422 and ".xlsx" in r.json()["problems"][0]["message"]
    r = client.post("/api/batches", files={"sheet": ("teams.xlsx", b"not a zip", "application/octet-stream")})
    assert r.status_code == 422


def test_batches_refuse_a_zip_bomb(client):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * 80_000_000)
    r = client.post("/api/batches", files={"sheet": ("teams.xlsx", out.getvalue(), "application/octet-stream")})
    assert r.status_code == 422 and "MB" in r.json()["problems"][0]["message"]


def test_an_oversized_upload_is_refused_before_it_is_read(client):
    big = b"a" * 6_000_000
    r = client.post("/api/batches", files={"sheet": ("teams.csv", big, "text/csv")})
    assert r.status_code == 413 and "MB" in r.json()["problems"][0]["message"]


def test_unknown_batch_ids_are_404(client):
    assert client.get("/api/batches/nope").status_code == 404
    assert client.get("/api/batches/nope/kits.zip").status_code == 404
    assert client.get("/api/batches/..%2F..%2Fetc/kits.zip").status_code == 404


def test_a_missing_sheet_field_is_a_clear_422(client):
    r = client.post("/api/batches", data={"other": "x"})
    assert r.status_code == 422
    assert r.json() == {"ok": False, "problems": [{"field": "sheet", "message": "is missing"}]}


def test_an_upload_without_a_length_is_cut_off_at_the_limit(server):
    """A chunked body has no Content-Length: it is refused once it grows too large."""
    import httpx

    def chunks():
        boundary = b"--x\r\nContent-Disposition: form-data; name=\"sheet\"; filename=\"t.csv\"\r\n\r\n"
        yield boundary
        for _ in range(80):
            yield b"a" * 100_000

    r = httpx.post(server + "/api/batches", content=chunks(),
                   headers={"content-type": "multipart/form-data; boundary=x"}, timeout=30)
    assert r.status_code == 413
    assert "MB" in r.json()["problems"][0]["message"]


def test_the_page_shows_a_draft_program_before_the_names_and_date_are_filled_in(client):
    """Picking exercises first (or coming from "use this program") shows the clock
    times at once; the API still answers 422 until the order is complete."""
    r = client.post("/ui/plan?lang=da", data={"exercises": ["good_story", "trial_actions"], "start": "09:00", "locale": "da"})
    assert r.status_code == 200
    assert "Foreløbigt program" in r.text and ">09.00–09.15<" in r.text
    bad_start = client.post("/ui/plan?lang=da", data={"exercises": ["good_story"], "start": "25:99", "locale": "da"})
    assert "Foreløbigt program" not in bad_start.text  # the program depends on the start: no draft
    api = client.post("/api/validate", json={"exercises": ["good_story"], "start": "09:00"})
    assert api.status_code == 422 and "agenda" not in api.json()


def test_an_unknown_library_item_is_a_404_page(client):
    r = client.get("/library/exercise/no_such_thing")
    assert r.status_code == 404 and "no_such_thing" in r.text and "<html" in r.text.lower()


def test_validation_messages_follow_the_pages_language(client):
    """A German page gets German messages, a Swedish one Swedish (the CLI's own words)."""
    bad = {**ORDER, "participants": 0}
    try:
        english = client.post("/api/validate?lang=en", json=bad).json()["problems"]
        german = client.post("/api/validate?lang=de", json=bad).json()["problems"]
        swedish = client.post("/api/validate?lang=sv", json=bad).json()["problems"]
    finally:
        client.cookies.clear()  # ?lang= is remembered; the other tests read Danish
    assert len(english) == len(german) == len(swedish) == 1
    texts = {english[0]["message"], german[0]["message"], swedish[0]["message"]}
    assert len(texts) == 3 and all("0" in t for t in texts)
