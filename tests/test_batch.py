"""Batch kits from team sheets: row/column messages, partial failure, incremental
skips, interruption safety, PDF versions, proof sheets and the print pack."""

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import date, datetime

import pytest

from kitgen.batch import run_batch
from kitgen.inputs.sheet import Sheet

from tests.conftest import ROOT

HEADER = ["arbejdsplads", "team", "kerneopgave", "sektor", "sprog", "øvelser", "dato",
          "starttid", "deltagere", "facilitator", "plakater"]
GOOD = [
    ["Borgerservice Nordby", "Pas og kørekort", "Vi hjælper borgerne hurtigt videre.", "offentlig",
     "da", "good_story, trial_actions", "2026-12-03", "09:00", "12", "HR", "core_task"],
    ["Tryk & Co.", "Produktion", "Vi leverer til tiden.", "privat", "da, en", "good_story",
     "4.12.2026", "8.30", "9", "Konsulent", "core_task"],
]


def write_csv(path, rows, header=HEADER):
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def kitgen(*args):
    return subprocess.run([sys.executable, "-m", "kitgen.cli", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, "COLUMNS": "200"})


def test_bad_rows_are_reported_by_row_and_column_and_good_rows_are_built(tmp_path):
    bad = [
        ["Nordby Skole", "Indskoling", "", "offentlig", "da", "good_story", "2026-12-05", "09:00", "20", "HR", ""],
        GOOD[0][:],  # the same team again
        ["", "", "", "", "", "", "", "", "", "", ""],  # an empty row: skipped
        ["Hjemmeplejen", "Syd", "Tryg pleje.", "offentlig", "fr", "good_stori", "32-13-2026", "25:00", "x", "HR", ""],
    ]
    sheet = write_csv(tmp_path / "teams.csv", GOOD + bad)
    result = kitgen("batch", sheet, "-o", tmp_path / "out", "-j", "2")
    assert result.returncode == 1, result.stderr
    err = result.stderr
    assert 'teams.csv: row 4, column "kerneopgave": is empty' in err
    assert "teams.csv: row 5: the same workplace and team as row 2" in err
    assert 'teams.csv: row 7, column "dato": \'32-13-2026\' is not a real date' in err
    assert 'teams.csv: row 7, column "sprog": kitgen has no locale \'fr\'' in err
    assert 'column "øvelser": no exercise called \'good_stori\' (did you mean good_story?)' in err
    assert 'column "deltagere": \'x\' is not a whole number' in err
    assert "Traceback" not in err
    assert "built 2, skipped (unchanged) 0, failed 3" in result.stdout
    manifests = sorted((tmp_path / "out").glob("*/*/manifest.json"))
    assert len(manifests) == 3  # Borgerservice (da) and Tryk (da, en)


def test_unchanged_teams_are_skipped_and_force_rebuilds(tmp_path):
    sheet = write_csv(tmp_path / "teams.csv", GOOD)
    out = tmp_path / "out"
    first = run_batch(sheet, out, jobs=2)
    assert [r.status for r in first.results] == ["built", "built"]
    stamp = {p: p.stat().st_mtime_ns for p in out.rglob("*.docx")}
    again = run_batch(sheet, out, jobs=2)
    assert [r.status for r in again.results] == ["skipped", "skipped"]
    assert stamp == {p: p.stat().st_mtime_ns for p in out.rglob("*.docx")}
    rows = [r[:] for r in GOOD]
    rows[1][2] = "Vi leverer til tiden – hver gang."  # one team changes its core task
    write_csv(sheet, rows)
    changed = run_batch(sheet, out, jobs=2)
    assert [r.status for r in changed.results] == ["skipped", "built"]
    forced = run_batch(sheet, out, jobs=2, force=True)
    assert [r.status for r in forced.results] == ["built", "built"]


def test_a_deleted_output_file_is_rebuilt(tmp_path):
    sheet = write_csv(tmp_path / "teams.csv", GOOD[:1])
    out = tmp_path / "out"
    run_batch(sheet, out, jobs=1)
    next(out.rglob("deck.pptx")).unlink()
    assert [r.status for r in run_batch(sheet, out, jobs=1).results] == ["built"]


def test_killing_a_batch_leaves_no_partial_file_and_a_rerun_completes(tmp_path):
    rows = []
    for i in range(16):
        row = GOOD[0][:]
        row[1] = f"Team {i:02d}"
        rows.append(row)
    sheet = write_csv(tmp_path / "teams.csv", rows)
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "kitgen.cli", "batch", str(sheet), "-o", str(out),
                             "-j", "2"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline and len(list(out.glob("*/*/manifest.json"))) < 3:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # kill -9 the batch and its workers mid-run
    proc.wait()
    finished = len(list(out.glob("*/*/manifest.json")))
    assert 3 <= finished < 16
    # nothing half-written in the output folder: every file is a complete document
    import zipfile

    for path in out.rglob("*"):
        if path.is_file():
            assert not path.name.startswith("."), path
            if path.suffix in (".docx", ".pptx"):
                assert zipfile.ZipFile(path).testzip() is None
            if path.suffix == ".pdf":
                assert path.read_bytes().rstrip().endswith(b"%%EOF")
    report = run_batch(sheet, out, jobs=2)
    assert {r.status for r in report.results} <= {"built", "skipped"}
    assert report.count("skipped") >= finished - 2  # kits completed before the kill are kept
    assert len(list(out.glob("*/*/manifest.json"))) == 16
    staging = out.parent / f".{out.name}.partial"
    assert not list(staging.glob("*.tmp"))


def test_xlsx_with_merged_cells_formulas_dates_and_note_columns(tmp_path):
    import openpyxl
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(HEADER + ["# intern note"])
    ws.append(["Nordby Kommune", "Team A", "Vi hjælper borgerne.", "offentlig", "da", "good_story",
               datetime(2026, 12, 3), "09:00", 10, "HR", "core_task", "x"])
    ws.append([None, "Team B", "Vi hjælper også borgerne.", "offentlig", "da", "good_story",
               "3-12-2026", datetime(2026, 1, 1, 13, 30).time(), 8.0, "HR", "core_task", ""])
    ws.append(["Nordby Kommune", "Team C", "Vi regner.", "offentlig", "da", "good_story",
               date(2026, 12, 4), "09:00", "=A1*0", "HR", "core_task", ""])
    ws.merge_cells("A2:A3")  # the workplace written once for two teams
    book.save(tmp_path / "teams.xlsx")
    sheet = Sheet(tmp_path / "teams.xlsx")
    rows = list(sheet.rows())
    assert sheet.ignored_columns == ["# intern note"]
    assert rows[0].values["date"] == "2026-12-03" and rows[1].values["workplace"] == "Nordby Kommune"
    assert rows[1].values["start"] == "13:30" and rows[1].values["participants"] == 8
    assert any("formula without a calculated value" in str(p) for p in rows[2].problems)
    report = run_batch(tmp_path / "teams.xlsx", tmp_path / "out", jobs=1)
    assert [r.status for r in report.results] == ["built", "built", "failed"]
    assert 'teams.xlsx: row 4, column "deltagere": has a formula' in report.results[2].problems[0]


def test_an_unknown_column_is_an_error_with_the_closest_field(tmp_path):
    """A typo in a heading ("deltager" for "deltagere") must not quietly order one
    handout instead of 24: the whole sheet is refused, every heading named."""
    sheet = write_csv(tmp_path / "t.csv", GOOD, header=[h if h != "deltagere" else "deltager" for h in HEADER]
                      + ["ekstra"])
    result = kitgen("batch", sheet, "-o", tmp_path / "out")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert 't.csv: row 1, column "deltager": is not a field kitgen knows (did you mean deltagere' in result.stderr
    assert 'column "ekstra": is not a field kitgen knows' in result.stderr
    assert "mark a column of your own notes with #" in result.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*/*/manifest.json"))


def test_a_sheet_without_required_columns(tmp_path):
    sheet = write_csv(tmp_path / "t.csv", [["A"]], header=["arbejdsplads"])
    result = kitgen("batch", sheet, "-o", tmp_path / "out")
    assert result.returncode == 1 and "no column for core_task" in result.stderr
    assert "Traceback" not in result.stderr


SOFFICE = shutil.which("soffice")


@pytest.mark.skipif(not SOFFICE, reason="LibreOffice is not installed")
def test_pdf_versions_proof_sheets_and_print_pack(tmp_path):
    sheet = write_csv(tmp_path / "teams.csv", GOOD)
    result = kitgen("batch", sheet, "-o", tmp_path / "out", "--print-pack", "-j", "2")
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    for folder in out.glob("*-*/*"):
        if not (folder / "manifest.json").exists():
            continue
        manifest = json.loads((folder / "manifest.json").read_text())
        for name in ("handout.pdf", "deck.pdf", "proof.pdf", "proof.png"):
            assert name in manifest["files"], (folder, name)
        import pikepdf
        with pikepdf.open(folder / "handout.pdf") as pdf:
            assert str(pdf.Root.Lang) == manifest["locale"] and pdf.Root.MarkInfo.Marked
        with pikepdf.open(folder / "deck.pdf") as pdf:
            assert str(pdf.Root.Lang) == manifest["locale"]
        from kitgen.pdf.fonts import unexpected_fonts
        assert unexpected_fonts((folder / "deck.pdf").read_bytes()) == []
    pack = out / "print-pack-teams"
    rows = list(csv.DictReader((pack / "jobsheet.csv").open(encoding="utf-8")))
    assert len(rows) == 6  # 3 kits × (poster + handout)
    handouts = [r for r in rows if r["file"].endswith("handout.pdf")]
    assert {r["quantity"] for r in handouts} == {"12", "9", "1"}  # participants; 1 for a 2nd language
    posters = [r for r in rows if "poster" in r["file"]]
    # The bleed is the theme's (each kit's manifest records it); PDF versions have none.
    bleeds = {json.loads(m.read_text())["print"]["bleed_mm"] for m in out.glob("*/*/manifest.json")}
    assert bleeds == {3} and all(r["bleed"] == "3 mm" and r["duplex"] == "no" for r in posters)
    assert all(r["bleed"] == "0 mm" and r["duplex"] == "yes" for r in handouts)
    for row in rows:
        assert (pack / row["file"]).is_file()
    assert (pack / "jobsheet.pdf").read_bytes().startswith(b"%PDF")
    import zipfile
    assert len(zipfile.ZipFile(out / "print-pack-teams.zip").namelist()) == 8


def test_pdf_without_libreoffice_says_what_to_install(tmp_path, monkeypatch):
    from kitgen.pdf import convert
    from kitgen.errors import UserError

    monkeypatch.setattr(convert, "find_soffice", lambda: None)
    with pytest.raises(UserError, match="apt-get install libreoffice-writer-nogui"):
        convert.Converter()


def test_pdf_without_the_uno_bridge_says_what_to_install(monkeypatch):
    from kitgen.pdf import convert
    from kitgen.errors import UserError

    monkeypatch.setattr(convert, "find_soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(convert, "find_uno_python", lambda: None)
    with pytest.raises(UserError, match="uno module.*python3-uno"):
        convert.Converter()


FAKE_BRIDGE = """
import json, os, shutil, sys, time
print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin:
    request = json.loads(line)
    name = os.path.basename(request["src"])
    if "hang" in name:
        time.sleep(60)
    if "crash" in name:
        os._exit(1)
    shutil.copyfile(os.environ["KITGEN_TEST_PDF"], request["dst"])
    print(json.dumps({"ok": True}), flush=True)
"""


def test_a_hung_or_crashed_conversion_is_reported_and_the_next_file_gets_a_fresh_libreoffice(
        tmp_path, monkeypatch):
    """The bridge protocol with a stand-in for LibreOffice that hangs on one file and
    dies on another; the files are queued together, as a batch queues a team's."""
    import pikepdf

    from kitgen.pdf import convert

    bridge = tmp_path / "bridge.py"
    bridge.write_text(FAKE_BRIDGE)
    sample = tmp_path / "sample.pdf"
    blank = pikepdf.new()
    blank.add_blank_page()
    blank.save(sample)
    monkeypatch.setenv("KITGEN_TEST_PDF", str(sample))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    hung, fine, crash, last = (tmp_path / f"{name}.docx" for name in ("hang", "handout", "crash", "last"))
    for doc in (hung, fine, crash, last):
        doc.write_bytes(b"stands in for a document")
    with convert.Converter(per_file=1, soffice="/usr/bin/soffice", python=sys.executable,
                           bridge=bridge) as converter:
        started = time.time()
        result = converter.convert([(hung, "da-DK"), (fine, "da-DK"), (crash, "da-DK"), (last, "da-DK")])
        assert converter.starts == 3  # the hung and the crashed LibreOffice were replaced
    assert time.time() - started < 10
    assert result[hung] == "LibreOffice did not finish converting hang.docx within 1 s"
    assert result[crash] == "LibreOffice could not convert crash.docx: LibreOffice stopped unexpectedly"
    for doc in (fine, last):
        with pikepdf.open(io.BytesIO(result[doc])) as pdf:
            assert str(pdf.Root.Lang) == "da-DK"


def test_one_warm_libreoffice_converts_every_file(tmp_path, make_kit, monkeypatch):
    """Real LibreOffice: several documents, one start; the profile it starts on is
    made once and kept in kitgen's cache, and the next converter starts on a copy."""
    pytest.importorskip("pikepdf")
    from kitgen.builders.registry import builder
    from kitgen.pdf import convert

    if convert.find_soffice() is None or convert.find_uno_python() is None:
        pytest.skip("LibreOffice with its Python bridge is not installed")
    from kitgen.kit.theme import load_theme

    kit, theme = make_kit(), load_theme("default")
    files = []
    for name, kind in (("handout.docx", "handout"), ("deck.pptx", "deck")):
        (tmp_path / name).write_bytes(builder(kind).build(kit, theme)[name])
        files.append((tmp_path / name, "da-DK"))
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK not a document")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    with convert.Converter() as converter:
        result = converter.convert(files + [(broken, "da-DK")])
        again = converter.convert(files[:1])
        assert converter.starts == 1
    assert all(isinstance(result[f], bytes) and result[f].startswith(b"%PDF") for f, _ in files)
    assert isinstance(again[files[0][0]], bytes)
    assert isinstance(result[broken], str) and "broken.docx" in result[broken]
    seeds = list((tmp_path / "cache" / "kitgen").glob("libreoffice-profile-*/user"))
    assert len(seeds) == 1
    with convert.Converter() as converter:
        assert converter.seeded_profile == seeds[0].parent
        assert isinstance(converter.convert(files[1:])[files[1][0]], bytes)


def test_kits_built_in_parallel_threads_are_the_kits_built_one_by_one(make_kit):
    """A batch builds kits in threads: shared caches (templates, fonts, typst,
    PDFium under its lock) must not let one kit's build touch another's."""
    from concurrent.futures import ThreadPoolExecutor

    from kitgen.builders.registry import build_files, builders
    from kitgen.kit.theme import load_theme

    kits = [make_kit(lang=lang) for lang in ("da", "en", "sv", "nb", "de")]
    themes = [load_theme(name) for name in ("default", "fjord")]
    jobs = [(kit, themes[i % 2]) for i, kit in enumerate(kits * 2)]

    def build(job):
        kit, theme = job
        return {name: data for b in builders() for name, data in build_files(b, kit, theme).items()}

    one_by_one = [build(job) for job in jobs]
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(build, jobs))
    assert together == one_by_one
    assert len({files["deck.pptx"] for files in one_by_one}) == 10  # ten different kits


def test_the_font_check_sees_inherited_resources_and_forms():
    """A font named only on the page tree, or only inside a form the page draws,
    still counts: a substitution there is reported, not missed."""
    import pikepdf

    from kitgen.pdf.fonts import fonts_used, unexpected_fonts

    pdf = pikepdf.new()

    def font(name):
        return pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.TrueType,
                                                    BaseFont=pikepdf.Name("/" + name)))

    form = pdf.make_stream(b"BT /F9 9 Tf ET", Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                           BBox=[0, 0, 10, 10],
                           Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F9=font("DejaVuSans"))))
    pdf.add_blank_page()
    pdf.add_blank_page()
    pages = pdf.Root.Pages
    pages.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font("ABCDEF+Carlito")))
    for page in pdf.pages:
        del page.obj["/Resources"]
    pdf.pages[1].obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fx=form))
    out = io.BytesIO()
    pdf.save(out)
    data = out.getvalue()
    assert fonts_used(data) == {"Carlito", "DejaVuSans"}
    assert unexpected_fonts(data) == ["DejaVuSans"]


def test_the_job_sheet_gives_each_poster_the_bleed_of_its_theme(tmp_path):
    """A workspace theme with 5 mm bleed: the poster PDFs have it and the job sheet
    says so (it once said 3 mm whatever the theme)."""
    from kitgen.batch import run_batch
    from kitgen.pdf.preflight import preflight
    from kitgen.pdf.printpack import make_print_pack
    from kitgen.workspace import find

    from kitgen.content.library import load_library
    from kitgen.scaffold import init_workspace

    ws = tmp_path / "ws"
    init_workspace(ws, load_library())
    theme = ws / "themes" / "vores.yaml"
    text = theme.read_text(encoding="utf-8")
    assert "bleed_mm: 3" in text
    theme.write_text(text.replace("bleed_mm: 3", "bleed_mm: 5"), encoding="utf-8")
    sheet = write_csv(tmp_path / "teams.csv", GOOD[:1])
    report = run_batch(sheet, tmp_path / "out", jobs=1, workspace=find(explicit=ws))
    assert [r.status for r in report.results] == ["built"]
    _folder, _zip = make_print_pack(report, tmp_path / "out", "teams")
    rows = list(csv.DictReader((tmp_path / "out" / "print-pack-teams" / "jobsheet.csv").open(encoding="utf-8")))
    posters = [r for r in rows if "poster" in r["file"]]
    assert posters and {r["bleed"] for r in posters} == {"5 mm"}
    for poster in tmp_path.glob("out/*/da/poster-*.pdf"):
        assert preflight(poster, bleed_mm=5).ok


# -- folders of teams with long names ---------------------------------------------------

LONG = "Region Syddanmark, Børne- og Ungdomspsykiatrisk Afdeling Odense"
TEAMS = ("Ambulatoriet for Spiseforstyrrelser, Team Nord", "Ambulatoriet for Spiseforstyrrelser, Team Syd")


def test_two_teams_of_a_long_workplace_get_their_own_folders(tmp_path):
    """The folder name is cut at about 80 characters; a hash of the whole name
    keeps two teams apart that differ only after the cut."""
    rows = [GOOD[0][:], GOOD[0][:]]
    rows[0][0] = rows[1][0] = LONG
    rows[0][1], rows[1][1] = TEAMS
    report = run_batch(write_csv(tmp_path / "teams.csv", rows), tmp_path / "out", jobs=1)
    assert [r.status for r in report.results] == ["built", "built"]
    folders = sorted(p.parent.parent.name for p in (tmp_path / "out").glob("*/da/manifest.json"))
    assert len(folders) == 2 and len(set(folders)) == 2
    assert all(len(f) <= 80 for f in folders)
    assert folders[0][:60] == folders[1][:60]  # the same cut name, told apart by the hash
    manifests = [json.loads(p.read_text()) for p in (tmp_path / "out").glob("*/da/manifest.json")]
    assert sorted(m["team"] for m in manifests) == sorted(TEAMS)


def test_two_teams_with_the_same_folder_name_in_a_sheet_are_refused_by_row(tmp_path):
    rows = [GOOD[0][:], GOOD[0][:]]
    rows[1][1] = "Pas og Kørekort!"  # another team's name to a person, the same folder name
    result = kitgen("batch", write_csv(tmp_path / "teams.csv", rows), "-o", tmp_path / "out")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert ("teams.csv: row 3: gets the same folder name as row 2 (Borgerservice Nordby · Pas og kørekort); "
            "give one of the teams a more distinct name") in result.stderr
    assert "built 1, skipped (unchanged) 0, failed 1" in result.stdout


# -- the people served and per-language columns -------------------------------------------

def test_stakeholders_and_per_language_columns_in_a_sheet(tmp_path, lib):
    from kitgen.inputs.sheet import validated_rows
    from kitgen.kit.plan import plan

    header = HEADER + ["interessenter", "interessenter (en)", "kerneopgave (en)"]
    rows = [GOOD[0] + ["patienterne", "the patients", "We help patients on quickly."],
            GOOD[1] + ["", "", ""]]
    rows[0][4] = "da, en"
    sheet = write_csv(tmp_path / "teams.csv", rows, header=header)
    (first, one, problems), (second, other, _) = validated_rows(Sheet(sheet, lib.locales), lib)
    assert not problems and one is not None and other is not None
    assert first.columns["stakeholders"] == "interessenter"
    da, en = plan(one, lib, "da"), plan(one, lib, "en")
    assert (da.stakeholders, en.stakeholders) == ("patienterne", "the patients")
    assert (da.core_task, en.core_task) == ("Vi hjælper borgerne hurtigt videre.", "We help patients on quickly.")
    assert not da.warnings and not en.warnings
    # Left empty: the sector's word in each language.
    assert plan(other, lib, "en").stakeholders == "customers"


def test_the_english_column_also_takes_the_english_field_name(tmp_path, lib):
    header = HEADER + ["stakeholders", "stakeholders (en)", "core_task.en"]
    row = GOOD[0] + ["eleverne", "the pupils", "We teach."]
    row[4] = "da, en"
    sheet = write_csv(tmp_path / "teams.csv", [row], header=header)
    from kitgen.inputs.sheet import validated_rows

    ((_, order, problems),) = validated_rows(Sheet(sheet, lib.locales), lib)
    assert not problems and order is not None
    assert order.localized["stakeholders"] == {"da": "eleverne", "en": "the pupils"}
    assert order.localized["core_task"]["en"] == "We teach."


def test_a_text_missing_in_a_language_the_row_builds_is_a_warning_and_an_error_with_strict(tmp_path):
    header = HEADER + ["kerneopgave (en)"]
    row = GOOD[0][:] + ["We help citizens on quickly."]
    row[4] = "da, en, sv"
    sheet = write_csv(tmp_path / "teams.csv", [row], header=header)
    result = kitgen("batch", sheet, "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "warning: row 2: [sv] core_task is not given in sv; the sv kit shows " \
           "'Vi hjælper borgerne hurtigt videre.' as written" in result.stderr
    assert "warnings 1" in result.stdout
    strict = kitgen("batch", sheet, "-o", tmp_path / "strict", "--strict")
    assert strict.returncode == 1 and "Traceback" not in strict.stderr
    assert "core_task is not given in sv" in strict.stderr and "failed 1" in strict.stdout


@pytest.mark.skipif(not SOFFICE or not shutil.which("gs"), reason="LibreOffice or Ghostscript is not installed")
def test_the_print_pack_job_sheet_and_its_handouts_are_what_a_print_shop_accepts(tmp_path):
    """The workspace's [print] settings and the sheet's delivery column reach both
    job sheets; the handout PDFs in the pack pass check-pdf's document rules (CMYK,
    FOGRA39 intent, PDF/X-4, A4 on every page, fonts embedded); the PDF job sheet
    carries real dates from the inputs, not 1970."""
    import pypdfium2 as pdfium

    from kitgen.pdf.preflight import preflight
    from kitgen.pdf.printpack import make_print_pack
    from kitgen.scaffold import init_workspace
    from kitgen.workspace import find
    from kitgen.content.library import load_library

    ws = tmp_path / "ws"
    init_workspace(ws, load_library())
    config = (ws / "kitgen.toml").read_text(encoding="utf-8")
    config = config.replace('orderer = ""', 'orderer = "Nordby Kommune, HR"') \
        .replace('contact = ""', 'contact = "HR-teamet, 12 34 56 78"') \
        .replace('handout_finishing = "stapled top left"', 'handout_finishing = "falset og hæftet"')
    (ws / "kitgen.toml").write_text(config, encoding="utf-8")
    sheet = write_csv(tmp_path / "teams.csv", [GOOD[0] + ["2026-11-26"]], header=HEADER + ["leveringsdato"])
    report = run_batch(sheet, tmp_path / "out", jobs=1, pdf=True, workspace=find(explicit=ws))
    assert [r.status for r in report.results] == ["built"], [r.problems for r in report.results]
    folder, _zip = make_print_pack(report, tmp_path / "out", "teams", find(explicit=ws).printing)

    rows = list(csv.DictReader((folder / "jobsheet.csv").open(encoding="utf-8")))
    handouts = [r for r in rows if r["file"].endswith("handout.pdf")]
    assert len(handouts) == 1 and len(rows) == 2
    assert all(r["ordered by"] == "Nordby Kommune, HR" and r["contact"] == "HR-teamet, 12 34 56 78"
               and r["deliver by"] == "2026-11-26" for r in rows)
    assert handouts[0]["finishing"] == "falset og hæftet" and handouts[0]["quantity"] == "12"
    assert int(handouts[0]["pages"]) > 1

    handout = folder / handouts[0]["file"]
    report_ = preflight(handout, profile="document")
    assert report_.ok, report_.problems
    assert report_.pages == int(handouts[0]["pages"]) and report_.profile == "document"
    assert report_.pdfx_version == "PDF/X-4" and report_.output_profile_components == 4
    # As a poster it fails, and says why: the rules differ, the check does not pass everything.
    assert any("a poster is a single page" in p for p in preflight(handout, profile="poster").problems)
    cli = kitgen("check-pdf", handout)
    assert cli.returncode == 0 and "judged as a document" in cli.stdout, cli.stdout + cli.stderr

    doc = pdfium.PdfDocument(str(folder / "jobsheet.pdf"))
    text = "".join(page.get_textpage().get_text_range() for page in doc)
    doc.close()
    for fact in ("Nordby Kommune, HR", "HR-teamet, 12 34 56 78", "2026-11-26", "2026-12-03", "falset og hæftet"):
        assert fact in text, fact
    assert "1970" not in text


def test_the_delivery_column_is_a_real_date_and_a_late_one_is_a_warning(tmp_path):
    """The job sheet says the delivery date as the print shop reads it (ISO, from
    3.12.2026 or an Excel date too); a date that is none is the row's problem at
    its column, and a delivery after the session is a warning on the kit."""
    rows = [GOOD[0] + ["26.11.2026"], GOOD[1] + ["i morgen"],
            ["Borgerservice Nordby", "Ydelser", "Vi sikrer ydelserne.", "offentlig", "da", "good_story",
             "2026-12-03", "09:00", "8", "HR", "core_task", "2026-12-10"]]
    sheet = write_csv(tmp_path / "teams.csv", rows, header=HEADER + ["leveringsdato"])
    report = run_batch(sheet, tmp_path / "out", jobs=1)
    by_row = {r.row: r for r in report.results}
    assert by_row[2].status == "built" and by_row[2].delivery == "2026-11-26"
    assert by_row[3].status == "failed"
    assert any('column "leveringsdato"' in p and "'i morgen' is not a date" in p for p in by_row[3].problems)
    assert by_row[4].status == "built" and by_row[4].delivery == "2026-12-10"
    assert any("delivers on 2026-12-10, after the session on 2026-12-03" in w for w in by_row[4].warnings)
    assert not any("delivers on" in w for w in by_row[2].warnings)
