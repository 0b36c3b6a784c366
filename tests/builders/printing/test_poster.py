"""Print posters: PDF/X-4 boxes, fonts, CMYK, output intent, fit, previews, determinism."""

import dataclasses
import io
import subprocess
import sys

import pytest
from PIL import Image

from kitgen.builders.printing import poster
from kitgen.errors import UserError
from kitgen.i18n.locale import available_locales
from kitgen.pdf.preflight import preflight
from kitgen.kit.theme import Themes, load_theme

from tests.builders.printing.pdftext import chars
from tests.conftest import ROOT, build_poster, build_posters, with_fields

KINDS = '[core_task, program, psych_safety_team_scan, trial_actions]'


@pytest.fixture
def posters(make_kit, tmp_path):
    def build(text=None, lang="da", theme="default"):
        kit = make_kit(text or with_fields(posters=KINDS), lang=lang)
        files = build_posters(kit, load_theme(theme))
        for name, blob in files.items():
            (tmp_path / name).write_bytes(blob)
        return kit, files
    return build


@pytest.mark.parametrize("lang", available_locales())
def test_every_kind_passes_preflight_in_every_locale(posters, tmp_path, lang):
    kit, files = posters(lang=lang)
    pdfs = sorted(n for n in files if n.endswith(".pdf"))
    assert pdfs == ["poster-core_task.pdf", "poster-program.pdf",
                    "poster-psych_safety_team_scan.pdf", "poster-trial_actions.pdf"]
    for name in pdfs:
        report = preflight(tmp_path / name)
        assert report.ok, (name, report.problems)
        assert report.trim_mm == pytest.approx((210.0, 297.0), abs=0.05)
        assert report.bleed_mm == pytest.approx((3.0,) * 4, abs=0.05)
        assert report.fonts and all(report.fonts.values())
        assert report.colour_spaces == {"DeviceCMYK"}
        assert report.output_intent == "FOGRA39" and report.output_profile_components == 4
        assert report.pdfx_version == "PDF/X-4" and report.trapped == "False"
        assert report.language == kit.language_tag


def test_previews_are_cropped_to_the_trim(posters):
    _, files = posters()
    image = Image.open(io.BytesIO(files["poster-core_task.png"]))
    dpi = poster.PREVIEW_DPI
    assert image.size == pytest.approx((210 / 25.4 * dpi, 297 / 25.4 * dpi), abs=2)


def test_same_kit_same_bytes(posters):
    _, first = posters()
    _, second = posters()
    assert first == second


def test_bleed_follows_the_theme(make_kit, tmp_path):
    theme = dataclasses.replace(load_theme("default"), bleed_mm=5.0)
    kit = make_kit()
    pdf = build_poster(kit.posters[0], kit, theme)
    (tmp_path / "p.pdf").write_bytes(pdf)
    assert preflight(tmp_path / "p.pdf", bleed_mm=5.0).bleed_mm == pytest.approx((5.0,) * 4, abs=0.05)


def test_long_danish_compounds_fit_the_core_task_poster(make_kit, tmp_path):
    core = ("Arbejdsmiljøorganisationens grænsekrydsende kvalitetsudviklingsinitiativer sikrer "
            "sammenhængende hjemmesygeplejerskeforløb for borgerne, også når "
            "sundhedsforvaltningsstrukturerne ændres og tværsektorielle kommunikationsudfordringer "
            "truer kontinuiteten; vi passer samtidig på hinanden og på arbejdsglæden hver dag.")
    assert len(core) <= 400
    kit = make_kit(with_fields(core_task=f'"{core}"',
                               workplace='"Arbejdsmiljøorganisationen i Den Grænsekrydsende Sundhedsforvaltning"'))
    (tmp_path / "p.pdf").write_bytes(build_poster(kit.posters[0], kit, load_theme("default")))
    assert preflight(tmp_path / "p.pdf").ok


def test_text_that_cannot_fit_fails_with_a_clear_message(make_kit):
    kit = make_kit()
    page = dataclasses.replace(kit.posters[0], title="Kerneopgaven er lang. " * 60)
    with pytest.raises(UserError) as exc:
        build_poster(page, kit, load_theme("default"))
    message = str(exc.value)
    assert "core_task" in message and "too long for the poster" in message
    assert "smallest size (20 pt)" in message and "shorten it by about" in message


def test_logo_is_converted_to_cmyk_and_low_resolution_warns(make_kit, tmp_path):
    themes = tmp_path / "themes"
    themes.mkdir()
    Image.new("RGB", (200, 80), (30, 90, 160)).save(themes / "logo.png")
    base = (ROOT / "templates" / "themes" / "default.yaml").read_text()
    (themes / "brand.yaml").write_text(base.replace("logo: null", "logo: logo.png"))
    theme = Themes([themes]).load("brand")
    assert any("169 ppi" in w and "354 px" in w for w in theme.warnings)
    kit = make_kit()
    (tmp_path / "p.pdf").write_bytes(build_poster(kit.posters[0], kit, theme))
    report = preflight(tmp_path / "p.pdf")
    assert report.ok and report.colour_spaces == {"DeviceCMYK"}
    assert len(report.images) == 1 and report.images[0][1] == pytest.approx(169, abs=1)
    assert report.warnings


def test_missing_or_corrupt_logo_is_a_clear_error(tmp_path):
    themes = tmp_path / "themes"
    themes.mkdir()
    base = (ROOT / "templates" / "themes" / "default.yaml").read_text()
    (themes / "gone.yaml").write_text(base.replace("logo: null", "logo: nowhere.png"))
    with pytest.raises(UserError, match="file not found"):
        Themes([themes]).load("gone")
    (themes / "bad.png").write_bytes(b"\x89PNG\r\n\x1a\n not really")
    (themes / "bad.yaml").write_text(base.replace("logo: null", "logo: bad.png"))
    with pytest.raises(UserError, match="not a readable image"):
        Themes([themes]).load("bad")


def test_unknown_poster_kind_in_an_order(lib, write_order):
    from kitgen.inputs.order import load_order

    with pytest.raises(UserError) as exc:
        load_order(write_order(with_fields(posters="[core_task, kerneopgave_plakat]")), lib)
    assert "not a poster: use core_task, program or the id of an exercise or concept" in str(exc.value)


def test_check_pdf_command(posters, tmp_path):
    posters()
    ok = subprocess.run([sys.executable, "-m", "kitgen.cli", "check-pdf", str(tmp_path / "poster-core_task.pdf")],
                        cwd=ROOT, capture_output=True, text=True)
    assert ok.returncode == 0 and "preflight passed" in ok.stdout
    assert "output intent: FOGRA39" in ok.stdout
    raw = tmp_path / "raw.pdf"  # typst's own output, before finishing: not PDF/X
    kit_pdf = (tmp_path / "poster-core_task.pdf").read_bytes()
    import pikepdf
    with pikepdf.open(io.BytesIO(kit_pdf)) as pdf:
        del pdf.Root["/OutputIntents"]
        pdf.save(raw)
    bad = subprocess.run([sys.executable, "-m", "kitgen.cli", "check-pdf", str(raw)],
                         cwd=ROOT, capture_output=True, text=True)
    assert bad.returncode == 1 and "no PDF/X output intent" in bad.stdout


def test_background_reaches_the_bleed_edge(posters):
    import pypdfium2 as pdfium

    _, files = posters()
    doc = pdfium.PdfDocument(files["poster-core_task.pdf"])
    image = doc[0].render(scale=1).to_pil().convert("RGB")  # the whole media box, bleed included
    w, h = image.size
    for corner in [(0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1), (w // 2, h - 1), (0, h // 2)]:
        assert image.getpixel(corner) != (255, 255, 255), corner


def _poster_ids():
    from kitgen.content.library import load_library

    lib = load_library()
    return sorted(i.id for i in [*lib.exercises.values(), *lib.concepts.values()] if i.poster)


@pytest.mark.parametrize("lang", available_locales())
def test_every_poster_variant_builds_and_passes_preflight(make_kit, tmp_path, lang):
    ids = _poster_ids()
    kit = make_kit(with_fields(exercises="[good_story]", posters="[" + ", ".join(ids) + "]"), lang=lang)
    theme = load_theme("default")
    for page in kit.posters:
        path = tmp_path / f"{page.name}.pdf"
        path.write_bytes(build_poster(page, kit, theme))
        report = preflight(path)
        assert report.ok, (page.name, report.problems)
        # The source note (250-276 mm from the top, above the footer) is at least 9 pt.
        note = [c.size for c in chars(path.read_bytes()) if 249 < c.top < 278]
        assert page.note and note and min(note) >= 9, (page.name, min(note or [0]))
    assert len(kit.posters) == len(ids)


def test_meetings_head_their_rows_on_a_program_poster(make_kit):
    """A process over five meetings (fair_change_process): each meeting's title is a
    heading across the table, bold, larger than the rows, in the theme's colour,
    with more space above it than between rows."""
    kit = make_kit(with_fields(exercises=None, module="fair_change_process", posters="[program]"))
    page = kit.posters[0]
    assert len(page.headings) == 5 and all(page.rows[i][0] == "" for i in page.headings)
    drawn = [c for c in chars(build_poster(page, kit, load_theme("default"))) if 65 < c.top < 276]
    lines: dict[int, list] = {}
    for c in drawn:  # lines by baseline
        lines.setdefault(round(c.baseline * 2), []).append(c)
    ordered = [lines[k] for k in sorted(lines)]
    texts = ["".join(c.text for c in line) for line in ordered]
    row_size = max(c.size for line in ordered for c in line if not c.bold)
    primary = ordered[1][0].fill  # the first row's clock time is in the theme's primary colour
    assert primary != ordered[1][-1].fill  # and its item in the text colour
    for i in page.headings:
        title = page.rows[i][1].replace(" ", "")
        at = texts.index(title)
        heading = ordered[at]
        assert all(c.bold and c.size >= 1.2 * row_size and c.fill == primary for c in heading), title
        assert min(c.left for c in heading) < 12.5  # from the table's left edge, not the item column
        if at:  # more space above it than above an ordinary row
            above = min(c.top for c in heading) - max(c.bottom for c in ordered[at - 1])
            usual = min(c.top for c in ordered[at + 2]) - max(c.bottom for c in ordered[at + 1])
            assert above > usual + 2, (title, above, usual)
