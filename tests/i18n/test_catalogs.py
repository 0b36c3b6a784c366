"""Catalogs: compiled on demand, fuzzy never used, stale detection, placeholders, negotiation."""

import io
import shutil

import pytest
from babel.messages.pofile import read_po, write_po

from kitgen.i18n import catalogs
from kitgen.errors import UserError
from kitgen.i18n.locale import Formatter, available_locales, resolve_locale
from kitgen.i18n.translator import Translator
from kitgen.paths import data_dirs

LOCALES_DIR = data_dirs().locales


@pytest.fixture
def locales(tmp_path):
    root = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, root, ignore=shutil.ignore_patterns("*.mo"))
    return root


def edit_po(path, context, **changes):
    cat = read_po(path.open("rb"))
    msg = cat.get(next(m.id for m in cat if m.context == context), context=context)
    for key, value in changes.items():
        if key == "fuzzy":
            (msg.flags.add if value else msg.flags.discard)("fuzzy")
        else:
            setattr(msg, key, value)
    buf = io.BytesIO()
    write_po(buf, cat)
    path.write_bytes(buf.getvalue())


def test_locale_negotiation_and_aliases(locales):
    shutil.rmtree(locales / "nb", ignore_errors=True)
    (locales / "nb" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy(locales / "en" / "LC_MESSAGES" / "content.po", locales / "nb" / "LC_MESSAGES")
    available = available_locales(locales)
    assert resolve_locale("no", available) == "nb"
    assert resolve_locale("nb-NO", available) == "nb"
    assert resolve_locale("EN_gb", available) == "en"
    assert resolve_locale("da-DK", available) == "da"
    with pytest.raises(UserError, match=r"no locale 'fr'; available: da, .*nb"):
        resolve_locale("fr", available)


def test_mo_files_are_compiled_into_the_user_cache_and_not_committed(locales, tmp_path,
                                                                     monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert not list(locales.rglob("*.mo"))
    tr = Translator("en", locale_dirs=[locales])
    assert tr.label("Pause") == "Break"
    assert not list(locales.rglob("*.mo")), "nothing is written beside the catalogs"
    assert len(list((tmp_path / "cache" / "kitgen" / "mo").glob("en-kitgen-*.mo"))) == 1
    import subprocess
    tracked = subprocess.run(["git", "ls-files", "locales"], cwd=LOCALES_DIR.parent,
                             capture_output=True, text=True).stdout
    assert ".mo" not in tracked


def test_fuzzy_translations_are_never_used(locales):
    po = locales / "en" / "LC_MESSAGES" / "content.po"
    edit_po(po, "exercise/good_story:title", fuzzy=True)
    tr = Translator("en", locale_dirs=[locales])
    danish = "Den gode historie"
    assert tr.content("exercise/good_story:title", danish) == danish
    assert "good_story:title" in tr.check()[0]


def test_changed_danish_text_becomes_fuzzy_on_update(lib, locales):
    template = catalogs.extract_content(lib)
    msg = next(m for m in template if m.context == "exercise/good_story:summary")
    old_danish = msg.id
    msg.id = msg.id + " Og en ny sætning."
    po = locales / "en" / "LC_MESSAGES" / "content.po"
    merged = catalogs.merge(read_po(po.open("rb")), template)
    updated = merged.get(msg.id, context=msg.context)
    assert updated.fuzzy and updated.string and updated.previous_id == [old_danish]
    # a fuzzy entry is never used: the kit shows the Danish and warns
    buf = io.BytesIO()
    write_po(buf, merged)
    po.write_bytes(buf.getvalue())
    tr = Translator("en", locale_dirs=[locales])
    assert tr.content(msg.context, msg.id) == msg.id and tr.check()


def test_update_never_borrows_a_translation_from_another_item(lib, locales):
    """Similar Danish in a new item is not a translation of it: no fuzzy guesses."""
    template = catalogs.extract_content(lib)
    msg = next(m for m in template if m.context == "exercise/good_story:summary")
    template.add(msg.id + "!", context="exercise/brand_new:summary")
    merged = catalogs.merge(read_po((locales / "en" / "LC_MESSAGES" / "content.po").open("rb")), template)
    fresh = merged.get(msg.id + "!", context="exercise/brand_new:summary")
    assert fresh is not None and not fresh.string and not fresh.fuzzy


def test_stats_report_complete_catalogs(lib):
    rows = {(r.lang, r.domain): r for r in catalogs.stats(lib, available_locales())}
    assert rows[("en", "content")].percent == 100.0 and rows[("en", "kitgen")].percent == 100.0
    assert rows[("en", "content")].fuzzy == 0 and rows[("en", "content")].stale == 0


def test_committed_templates_match_the_content(lib):
    """locales/*.pot must be regenerated (kitgen i18n extract) when content changes."""
    for domain, fresh in (("content", catalogs.extract_content(lib)),
                          ("kitgen", catalogs.extract_labels())):
        committed = read_po((LOCALES_DIR / f"{domain}.pot").open("rb"))
        want = {(m.id if isinstance(m.id, str) else tuple(m.id), m.context) for m in fresh if m.id}
        have = {(m.id if isinstance(m.id, str) else tuple(m.id), m.context) for m in committed if m.id}
        assert want == have, f"run `kitgen i18n extract && kitgen i18n update` ({domain})"


def test_a_translation_that_drops_a_placeholder_is_reported(locales):
    po = locales / "en" / "LC_MESSAGES" / "kitgen.po"
    cat = read_po(po.open("rb"))
    cat.get("Social kapital i {team}").string = "Social capital in the team"
    buf = io.BytesIO()
    write_po(buf, cat)
    po.write_bytes(buf.getvalue())
    problems = catalogs.check_catalogs(["en"], locales)
    assert len(problems) == 1 and "['{team}']" in problems[0].message
    assert problems[0].where.startswith("locales/en/LC_MESSAGES/kitgen.po:")


def test_babel_formats_durations_without_rounding():
    assert Formatter("da").duration(90) == "1 time og 30 minutter"
    assert Formatter("en").minutes(90) == "90 minutes"
    assert Formatter("en").duration(125) == "2 hours, 5 minutes"
