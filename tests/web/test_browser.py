"""The web app in a real browser: Playwright for Python driving Debian's Chromium
against a real uvicorn server (tests/web/conftest.py: `server`)."""

from __future__ import annotations

import io
import os
import re
import shutil
import zipfile
from pathlib import Path
from urllib.parse import quote_plus

import docx
import pptx

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("the browser tests need Debian's chromium (.ci/run installs it)")
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(base_url=server, viewport={"width": 1360, "height": 1000},
                                  accept_downloads=True, locale="da-DK")
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def agenda_times(pg) -> list[str]:
    return [t.strip() for t in pg.locator("#plan td.time").all_inner_texts()]


def fill_team(pg) -> None:
    pg.fill("#f-workplace", "Borgerservice Nordby Kommune")
    pg.fill("#f-team", "Team Pas")
    pg.fill("#f-core_task", "Vi hjælper borgerne hurtigt og korrekt videre.")
    pg.fill("#f-date", "2027-02-03")
    pg.fill("#f-participants", "14")


def add_from_picker(pg, query: str) -> None:
    chosen = pg.locator("#program ol.chosen li").count()
    # the results follow the search (a 300 ms delay): wait for that answer and its
    # swap, not for text the first, unfiltered list may hold already (a click on a
    # list being replaced is lost)
    asked = "q=" + quote_plus(query)
    with pg.expect_response(lambda r: "/ui/picker" in r.url and asked in r.url):
        pg.fill("#picker-q", query)
    pg.wait_for_function("q => document.querySelector('#picker-results').textContent.toLowerCase()"
                         ".includes(q)", arg=query.lower().split()[0])
    pg.wait_for_timeout(50)  # the swap of that answer
    button = pg.locator("#picker-results li button").first
    button.click()
    pg.wait_for_function("n => document.querySelectorAll('#program ol.chosen li').length === n",
                         arg=chosen + 1)


def test_make_a_kit_add_three_exercises_watch_the_agenda_and_download(page, tmp_path):
    pg = page
    pg.goto("/kit")
    assert pg.locator("html").get_attribute("lang") == "da"
    fill_team(pg)
    add_from_picker(pg, "kerneopgave")
    first = agenda_times(pg)
    assert first and first[0].startswith("09.00") or first[0].startswith("09:00"), first
    add_from_picker(pg, "tryghed")
    add_from_picker(pg, "prøvehandling")
    three = pg.locator("#program ol.chosen li").count()
    assert three == 3
    pg.wait_for_function("n => document.querySelectorAll('#plan td.time').length > n", arg=len(first))
    longer = agenda_times(pg)
    assert len(longer) > len(first)

    # a later start moves every clock time
    pg.fill("#f-start", "10:30")
    pg.wait_for_function("() => document.querySelector('#plan td.time').textContent.includes('10')")
    later = agenda_times(pg)
    assert re.match(r"10[.:]30", later[0]), later
    assert later != longer

    # move the last exercise up: the program's order changes, the agenda follows
    names_before = pg.locator("#program ol.chosen .name").all_inner_texts()
    pg.locator("#program ol.chosen li").nth(2).locator("button", has_text="↑").click()
    pg.wait_for_function("t => document.querySelectorAll('#program ol.chosen .name')[1].textContent === t",
                         arg=names_before[2])

    with pg.expect_download() as info:
        pg.get_by_role("button", name="Hent kit (zip)").click()
    download = info.value
    assert download.suggested_filename.endswith(".zip")
    path = tmp_path / "kit.zip"
    download.save_as(path)
    z = zipfile.ZipFile(path)
    names = z.namelist()
    handout_name = next(n for n in names if n.endswith("da/handout.docx"))
    deck_name = next(n for n in names if n.endswith("da/deck.pptx"))
    handout = docx.Document(io.BytesIO(z.read(handout_name)))
    text = "\n".join(p.text for p in handout.paragraphs)
    assert "Borgerservice Nordby Kommune" in text
    assert "Vi hjælper borgerne hurtigt og korrekt videre." in text
    deck = pptx.Presentation(io.BytesIO(z.read(deck_name)))
    slide_text = " ".join(sh.text_frame.text for s in deck.slides for sh in s.shapes if sh.has_text_frame)
    assert "10.30" in slide_text or "10:30" in slide_text


def test_problems_appear_next_to_their_field(page):
    pg = page
    pg.goto("/kit")
    fill_team(pg)
    pg.fill("#f-participants", "0")
    pg.fill("#f-date", "")
    add_from_picker(pg, "kerneopgave")
    pg.wait_for_function("() => document.querySelector('#error-participants').textContent.trim() !== ''")
    assert pg.locator("#f-participants").get_attribute("aria-invalid") == "true"
    assert pg.locator("#error-date").inner_text().strip()
    # the download refuses, keeps what was typed and says why at the field
    pg.get_by_role("button", name="Hent kit (zip)").click()
    pg.wait_for_load_state()
    assert pg.locator("#f-workplace").input_value() == "Borgerservice Nordby Kommune"
    assert pg.locator("#error-participants").inner_text().strip()


def test_user_text_shows_literally(page):
    pg = page
    pg.goto("/kit")
    fill_team(pg)
    pg.fill("#f-workplace", "<script>window.pwned=1</script>{{ 7*7 }}")
    add_from_picker(pg, "kerneopgave")
    pg.locator("button", has_text="Vis forhåndsvisning").click()
    pg.wait_for_selector("#preview img")
    assert pg.evaluate("() => window.pwned") is None
    assert pg.locator("#f-workplace").input_value() == "<script>window.pwned=1</script>{{ 7*7 }}"


def test_a_sheet_with_a_bad_row_shows_its_row_and_column(page, tmp_path):
    sheet = tmp_path / "teams.csv"
    sheet.write_text(
        "workplace,team,core_task,sector,locale,date,start,exercises,participants\n"
        "Nordby,Team A,Vi hjælper borgerne.,public,da,2027-01-04,09:00,core_task_deep_dive,12\n"
        "Nordby,Team B,Vi hjælper borgerne.,public,da,2027-01-05,09:00,ingen_saadan_oevelse,12\n",
        encoding="utf-8")
    pg = page
    pg.goto("/teams")
    pg.set_input_files("#sheet", str(sheet))
    pg.get_by_role("button", name="Læs arket").click()
    bad = pg.locator("tr.bad")
    assert bad.count() == 1
    cells = bad.locator("td").all_inner_texts()
    assert cells[0].strip() == "3" and "exercises" in cells[2] and "ingen_saadan_oevelse" in cells[3]
    pg.get_by_role("button", name="Byg de gode rækker").click()
    pg.wait_for_selector("a:has-text('Hent alle kits')", timeout=60_000)
    with pg.expect_download() as info:
        pg.locator("a", has_text="Hent alle kits").click()
    z = zipfile.ZipFile(info.value.path())
    assert any("team-a" in n and n.endswith("handout.docx") for n in z.namelist())
    assert not any("team-b" in n for n in z.namelist())


def test_switch_the_language(page):
    pg = page
    pg.goto("/library")
    assert pg.locator("html").get_attribute("lang") == "da"
    assert pg.locator("h1").inner_text() == "Bibliotek"
    pg.select_option("#ui-lang", "en")
    pg.wait_for_function("() => document.documentElement.lang === 'en'")
    assert pg.locator("h1").inner_text() == "Library"
    nav = " ".join(pg.locator("header nav a").all_inner_texts())
    assert "Make a kit" in nav or "kit" in nav.lower()
    # the choice is remembered on the next page
    pg.goto("/teams")
    assert pg.locator("html").get_attribute("lang") == "en"
    pg.select_option("#ui-lang", "de")
    pg.wait_for_function("() => document.documentElement.lang === 'de'")
    pg.select_option("#ui-lang", "da")
    pg.wait_for_function("() => document.documentElement.lang === 'da'")


def test_the_form_works_from_the_keyboard_alone(page):
    pg = page
    pg.goto("/kit")
    pg.keyboard.press("Tab")  # the skip link comes first
    assert pg.evaluate("() => document.activeElement.className") == "skip"
    pg.focus("#f-workplace")
    pg.keyboard.type("Borgerservice Nordby Kommune")
    pg.keyboard.press("Tab")
    pg.keyboard.type("Team Pas")
    pg.keyboard.press("Tab")
    assert pg.evaluate("() => document.activeElement.id") == "f-core_task"
    pg.keyboard.type("Vi hjælper borgerne hurtigt videre.")
    pg.focus("#f-date")
    pg.keyboard.type("03022027")
    pg.focus("#picker-q")
    pg.keyboard.type("kerneopgave")
    pg.wait_for_selector("#picker-results li button")
    # Tab from the search field past the filters and the first result's link to its "add" button
    for _ in range(12):
        pg.keyboard.press("Tab")
        if pg.evaluate("() => document.activeElement.matches('#picker-results button')"):
            break
    else:
        raise AssertionError("Tab never reached an exercise's add button")
    pg.keyboard.press("Enter")
    pg.wait_for_selector("#program ol.chosen li")
    pg.wait_for_selector("#plan td.time")
    # Enter in a text field does not submit (and lose) the form
    pg.focus("#f-workplace")
    pg.keyboard.press("Enter")
    assert pg.url.endswith("/kit")
    assert pg.locator("#program ol.chosen li").count() == 1


def test_add_to_kit_in_the_library_adds_to_the_kit_being_made(page):
    """Half a kit made, then the library: an exercise, a concept and a module go into
    that kit, with what was typed kept (app.js carries the form there and back)."""
    pg = page
    pg.goto("/kit")
    fill_team(pg)
    add_from_picker(pg, "kerneopgave")
    first = pg.locator("#program ol.chosen li").first.inner_text()
    pg.wait_for_function("() => (sessionStorage.getItem('kitgen-kit-draft') || '').includes('exercises=')")
    pg.goto("/library?kind=exercises&q=prøvehandling")
    pg.locator("a.add-to-kit").first.click()
    pg.wait_for_selector("#kit-form")
    assert pg.locator("#f-workplace").input_value() == "Borgerservice Nordby Kommune"
    assert pg.locator("#f-core_task").input_value() == "Vi hjælper borgerne hurtigt og korrekt videre."
    chosen = pg.locator("#program ol.chosen li").all_inner_texts()
    assert len(chosen) == 2 and chosen[0] == first and "prøvehandling" in chosen[1].lower()
    assert len(agenda_times(pg)) >= 4  # the agenda of both, with clock times
    pg.goto("/library?kind=concepts&q=bonding")
    pg.locator("a.add-to-kit").first.click()
    pg.wait_for_selector("#kit-form")
    assert pg.locator("#f-team").input_value() == "Team Pas"
    assert pg.eval_on_selector("#f-concepts", "s => [...s.selectedOptions].map(o => o.value)") == ["bonding_bridging_linking"]
    assert pg.locator("#program ol.chosen li").count() == 2
