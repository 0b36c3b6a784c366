"""kitgen's messages (errors, warnings, summaries, --help) in English and Danish:
the Danish catalog is complete and keeps every placeholder, the committed
template is current, and the real command line speaks Danish when asked to
(LANG or --lang) and English, exactly as before, otherwise."""

import csv
import os
import re
import string
import subprocess
import sys
from collections import Counter

import pytest
from babel.messages.pofile import read_po

from kitgen.i18n import catalogs
from kitgen.i18n.messages import LANGUAGES, _, language
from kitgen.i18n.translator import po_path
from kitgen.paths import data_dirs
from tests.conftest import ROOT, with_fields

LOCALES_DIR = data_dirs().locales
DA_PO = po_path("da", "messages")
# {name}, {name:.1f}, and the escaped braces {{ and }}: a translation has the same ones.
_TOKENS = re.compile(r"\{\{|\}\}|\{[^{}\s]*\}")


def _catalog(path):
    with path.open("rb") as f:
        return read_po(f)


def _fields(text):
    """The str.format fields of a message, or None when it is not a format string."""
    try:
        return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)
    except ValueError:
        return None


TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_is_translated_keeps_its_placeholders_and_is_not_fuzzy(lang):
    cat = _catalog(po_path(lang, "messages"))
    messages = [m for m in cat if m.id]
    assert len(messages) > 200
    problems = []
    for m in messages:
        if not m.string:
            problems.append(f"untranslated: {m.id!r}")
            continue
        if m.fuzzy:
            problems.append(f"fuzzy: {m.id!r}")
        if Counter(_TOKENS.findall(m.id)) != Counter(_TOKENS.findall(m.string)):
            problems.append(f"placeholders differ: {m.id!r} -> {m.string!r}")
        if _fields(m.id) is not None and _fields(m.string) != _fields(m.id):
            problems.append(f"not the same format fields: {m.id!r} -> {m.string!r}")
        # "error: " + problem, " (did you mean x?)" after a word: the spaces are part of the message.
        if (m.id[:1].isspace(), m.id[-1:].isspace()) != (m.string[:1].isspace(), m.string[-1:].isspace()):
            problems.append(f"leading or trailing space differs: {m.id!r} -> {m.string!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_each_catalog_holds_exactly_the_templates_messages(lang):
    """`kitgen i18n update -l <lang>` after `kitgen i18n extract`: nothing missing, nothing stale."""
    template = {m.id for m in _catalog(LOCALES_DIR / "messages.pot") if m.id}
    translated = {m.id for m in _catalog(po_path(lang, "messages")) if m.id}
    assert template - translated == set(), f"run `kitgen i18n update -l {lang}` and translate the new messages"
    assert translated - template == set(), f"stale messages: run `kitgen i18n update -l {lang}`"


def test_messages_follow_every_shipped_language():
    from kitgen.i18n.messages import _ as say

    with language("de"):
        german = say("no exercise called {id}{hint}")
    with language("sv"):
        swedish = say("no exercise called {id}{hint}")
    assert "{id}{hint}" in german and german != "no exercise called {id}{hint}"
    assert "{id}{hint}" in swedish and swedish not in (german, "no exercise called {id}{hint}")


def test_committed_messages_template_matches_the_code():
    """locales/messages.pot must be regenerated (kitgen i18n extract) when a message changes."""
    fresh = {(m.id, m.context) for m in catalogs.extract_messages() if m.id}
    committed = {(m.id, m.context) for m in _catalog(LOCALES_DIR / "messages.pot") if m.id}
    assert fresh == committed, "run `kitgen i18n extract && kitgen i18n update -l da`"


def test_the_labels_of_the_documents_are_not_messages():
    """labels.py marks the (Danish) labels of the kitgen domain with an N_ of its own."""
    ids = {m.id for m in catalogs.extract_messages() if m.id}
    assert "Dagsorden" not in ids and "Workshop om social kapital" not in ids


def test_messages_follow_the_language_and_fill_in_values_after_translation():
    assert _("1 problem found") == "1 problem found"
    with language("da"):
        assert _("1 problem found") == "1 problem fundet"
        assert _("{n} problems found").format(n=3) == "3 problemer fundet"
        assert _("not a message kitgen has") == "not a message kitgen has"
    with language("sv"):  # every shipped language has the messages
        assert _("{n} problems found").format(n=3) == "3 problem hittades"
    with language("fi"):  # others read English
        assert _("{n} problems found").format(n=3) == "3 problems found"


def test_warnings_made_in_the_build_threads_of_a_batch_are_in_the_callers_language(tmp_path):
    from kitgen.batch import run_batch

    sheet = tmp_path / "teams.csv"
    with sheet.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow(["arbejdsplads", "team", "kerneopgave", "øvelser", "dato", "deltagere", "tidsramme"])
        writer.writerow(["Nordby", "Team A", "Vi hjælper borgerne.", "good_story, trial_actions", "2026-12-03",
                         "12", "15"])
    with language("da"):
        report = run_batch(sheet, tmp_path / "out", jobs=2)
    assert [r.status for r in report.results] == ["built"], report.results
    assert any("mere end tidsrammen på 15 minutter" in w for w in report.results[0].warnings), report.results


# -- the real command line ------------------------------------------------------------

def kitgen(*args, lang, cwd=ROOT):
    """`kitgen *args` with LANG=lang and no other locale variable that would win over it."""
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    env.update(LANG=lang, COLUMNS="200", NO_COLOR="1")
    return subprocess.run([sys.executable, "-m", "kitgen.cli", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=300, env=env)


@pytest.fixture
def broken_order(tmp_path):
    """An empty workplace (line 1), a date that does not exist and an unknown field (the last line)."""
    order = tmp_path / "broken.yaml"
    order.write_text(with_fields(workplace='""', date="32-13-2026", participantz="12"), encoding="utf-8")
    return order


@pytest.fixture
def misspelled_sheet(tmp_path):
    """A team sheet with "deltager" for "deltagere" in its header."""
    sheet = tmp_path / "teams.csv"
    sheet.write_text("arbejdsplads;team;kerneopgave;øvelser;dato;deltager\n"
                     "Nordby;Team A;Vi hjælper borgerne.;good_story;2026-12-03;12\n", encoding="utf-8")
    return sheet


DANISH = [pytest.param(["--lang", "da"], "en_US.UTF-8", id="--lang da"),
          pytest.param([], "da_DK.UTF-8", id="LANG=da_DK.UTF-8")]


def _lines(order):
    return order.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize(("options", "lang"), DANISH)
def test_a_broken_order_is_reported_in_danish(broken_order, tmp_path, options, lang):
    result = kitgen(*options, "build", broken_order, "-o", tmp_path / "out", lang=lang)
    assert result.returncode == 1
    err = result.stderr
    assert "Traceback" not in err
    unknown_line = _lines(broken_order).index("participantz: 12") + 1
    date_line = next(i for i, line in enumerate(_lines(broken_order), 1) if line.startswith("date:"))
    assert f"fejl: {broken_order}:1: workplace: er tom: skriv arbejdspladsens navn" in err
    assert f"fejl: {broken_order}:{date_line}: date: '32-13-2026' er ikke en gyldig dato" in err
    assert (f"fejl: {broken_order}:{unknown_line}: participantz: er ikke et felt i en bestilling "
            "(mente du participants?)") in err
    assert "kitgen: 3 problemer fundet" in err
    assert "error:" not in err and "problems found" not in err
    assert not (tmp_path / "out").exists()


def test_a_broken_order_is_reported_in_english_as_before(broken_order, tmp_path):
    result = kitgen("build", broken_order, "-o", tmp_path / "out", lang="en_US.UTF-8")
    assert result.returncode == 1
    err = result.stderr
    assert "Traceback" not in err
    unknown_line = _lines(broken_order).index("participantz: 12") + 1
    date_line = next(i for i, line in enumerate(_lines(broken_order), 1) if line.startswith("date:"))
    assert err.splitlines() == [
        f"error: {broken_order}:{unknown_line}: participantz: is not a field of an order "
        "(did you mean participants?)",
        f"error: {broken_order}:{date_line}: date: '32-13-2026' is not a real date",
        f"error: {broken_order}:1: workplace: is empty: write the workplace's name",
        "kitgen: 3 problems found",
    ]


@pytest.mark.parametrize(("options", "lang"), DANISH)
def test_a_misspelled_column_is_reported_in_danish(misspelled_sheet, tmp_path, options, lang):
    result = kitgen(*options, "batch", misspelled_sheet, "-o", tmp_path / "out", lang=lang)
    assert result.returncode == 1
    err = result.stderr
    assert "Traceback" not in err
    assert ('fejl: teams.csv: række 1, kolonne "deltager": er ikke et felt, kitgen kender (mente du deltagere'
            in err)
    assert "markér en kolonne til egne noter med # forrest i overskriften" in err
    assert "kitgen: 1 problem fundet" in err
    assert not list((tmp_path / "out").glob("*/*/manifest.json"))


def test_a_misspelled_column_is_reported_in_english_as_before(misspelled_sheet, tmp_path):
    result = kitgen("batch", misspelled_sheet, "-o", tmp_path / "out", lang="en_US.UTF-8")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        'error: teams.csv: row 1, column "deltager": is not a field kitgen knows (did you mean deltagere or '
        "antal deltagere or delivery?); mark a column of your own notes with # at the start of its heading",
        "kitgen: 1 problem found",
    ]


def test_a_bad_row_is_reported_in_danish_by_row_and_column(tmp_path):
    sheet = tmp_path / "teams.csv"
    sheet.write_text("arbejdsplads;team;kerneopgave;øvelser;dato\n"
                     "Nordby;Team A;;good_story;32-13-2026\n", encoding="utf-8")
    result = kitgen("--lang", "da", "batch", sheet, "-o", tmp_path / "out", lang="en_US.UTF-8")
    assert result.returncode == 1
    err = result.stderr
    assert "Traceback" not in err
    assert ('fejl: teams.csv: række 2, kolonne "kerneopgave": er tom: skriv teamets kerneopgave med jeres '
            "egne ord") in err
    assert "fejl: teams.csv: række 2, kolonne \"dato\": '32-13-2026' er ikke en gyldig dato" in err
    assert "kitgen: 1 række(r) fejlede; de andre teams blev bygget" in err
    assert "bygget 0, sprunget over (uændret) 0, fejlet 1, advarsler 0" in result.stdout


def test_help_in_danish():
    result = kitgen("--lang", "da", "build", "--help", lang="en_US.UTF-8")
    assert result.returncode == 0, result.stderr
    help_text = " ".join(result.stdout.split())  # rich wraps and frames the lines
    assert "Byg kittet til hver ORDER i <output>/<arbejdsplads-team>/<sprog>/." in help_text
    assert "Bestillingsfiler (YAML)." in help_text
    assert "Outputmappe (standard: arbejdsmappens, ellers ./output)." in help_text
    assert "Enhver advarsel er en fejl." in help_text
    assert "Build the kit for each ORDER" not in help_text
    top = kitgen("--help", lang="da_DK.UTF-8")
    assert top.returncode == 0 and "Byg workshopkits om social kapital til danske arbejdspladser." in top.stdout
    # click's and Typer's own words too, not only kitgen's
    for words in ("Brug:", "Argumenter", "Tilvalg", "[skal angives]", "Vis denne hjælp, og afslut."):
        assert words in help_text, words
    for english in ("Usage:", "Options", "Arguments", "[required]", "Show this message"):
        assert english not in help_text, english


@pytest.mark.parametrize("args, danish", [
    (("build", "--nope"), "Intet tilvalg hedder --nope"),
    (("build",), "Der mangler et argument 'ORDER...'."),
    (("batch", "x.csv", "--jobs", "abc"), "Ugyldig værdi for '--jobs' / '-j': 'abc' er ikke et gyldigt tal"),
])
def test_command_line_mistakes_are_explained_in_danish(args, danish):
    result = kitgen(*args, lang="da_DK.UTF-8")
    err = " ".join(result.stderr.split())
    assert result.returncode == 2 and danish in err and "Prøv 'python -m kitgen" in err, err


def test_help_in_english_as_before():
    result = kitgen("build", "--help", lang="en_US.UTF-8")
    assert result.returncode == 0, result.stderr
    help_text = " ".join(result.stdout.split())
    assert "Usage:" in help_text and "Show this message and exit." in help_text
    assert "Build the kit for each ORDER into <output>/<workplace-team>/<language>/." in help_text
    assert "Every warning is an error." in help_text
