"""Every page scanned with axe-core (axe-playwright-python bundles it): no
serious or critical violations, a label on every input, the page's lang set."""

from __future__ import annotations

import pytest

from tests.web.test_browser import fill_team
from tests.web.test_browser import browser, page  # noqa: F401

axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")

SHEET = ("workplace,team,core_task,sector,locale,date,start,exercises,participants\n"
         "Nordby,Team A,Vi hjælper borgerne.,public,da,2027-01-04,09:00,core_task_deep_dive,12\n"
         "Nordby,Team B,Vi hjælper borgerne.,public,da,2027-01-05,09:00,ingen_saadan_oevelse,12\n")


def _scan(pg) -> list[str]:
    results = axe_module.Axe().run(pg)
    bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    return [f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(n["target"][0] if isinstance(n["target"][0], str) else str(n["target"])
                        for n in v["nodes"][:5]) for v in bad]


def _unlabelled(pg) -> list[str]:
    return pg.evaluate("""() => [...document.querySelectorAll('input, select, textarea')]
        .filter(el => el.type !== 'hidden' && !el.hidden)
        .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                      && !el.getAttribute('aria-labelledby'))
        .map(el => el.outerHTML.slice(0, 120))""")


def _visit(pg, name: str, tmp_path) -> None:
    if name == "kit":
        pg.goto("/kit?exercises=core_task_deep_dive,trial_actions")
        fill_team(pg)
        pg.fill("#f-participants", "0")  # a problem shown next to its field is part of the page
        pg.wait_for_function("() => document.querySelector('#error-participants').textContent.trim() !== ''")
    elif name == "preview":
        pg.goto("/kit?exercises=core_task_deep_dive")
        fill_team(pg)
        pg.wait_for_selector("#plan td.time")  # the live plan has settled
        with pg.expect_response("**/ui/preview", timeout=60_000):
            pg.locator("#kit-form button[hx-post='/ui/preview']").click()
        pg.wait_for_selector("#preview img")
    elif name == "teams-rows":
        sheet = tmp_path / "teams.csv"
        sheet.write_text(SHEET, encoding="utf-8")
        pg.goto("/teams")
        pg.set_input_files("#sheet", str(sheet))
        pg.locator("form[action='/teams'] button[type=submit]").click()
        pg.wait_for_selector("tr.bad")
    elif name == "suggest-result":
        pg.goto("/suggest")
        pg.check("input[value=trust]")
        pg.locator("form[action='/suggest'] button[type=submit]").click()
        pg.wait_for_selector("section.card table")
    else:
        response = pg.goto(name)
        assert response is not None and (response.ok or "no_such" in name), (name, response and response.status)


PAGES = ["/", "kit", "preview", "/library", "/library?kind=concepts", "/library/exercise/core_task_deep_dive",
         "/library/concept/social_capital", "/library/module/module_2_culture", "/teams", "teams-rows",
         "/suggest", "suggest-result", "/library/exercise/no_such_thing"]


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("name", PAGES)
def test_no_serious_accessibility_violations(page, name, lang, tmp_path):  # noqa: F811
    pg = page
    pg.goto(f"/?lang={lang}")  # the cookie sets the language of every page after
    _visit(pg, name, tmp_path)
    assert pg.locator("html").get_attribute("lang") == lang
    assert pg.title().strip()
    assert _unlabelled(pg) == []
    assert _scan(pg) == []
