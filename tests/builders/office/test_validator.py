"""An independent validator reads what kitgen writes: openxml-audit (a port of the
Open XML SDK's schema and semantic checks, the rules Word and PowerPoint follow)
finds nothing in a handout or a deck, for the example orders in every language."""

from __future__ import annotations

from pathlib import Path

import pytest

from kitgen.i18n.locale import available_locales
from kitgen.inputs.order import load_order
from kitgen.kit.plan import plan
from kitgen.kit.theme import load_theme
from kitgen.paths import data_dirs
from tests.conftest import ROOT, build_deck, build_handout

openxml_audit = pytest.importorskip("openxml_audit")

ORDERS = sorted((ROOT / "examples").glob("*.yaml"))
LANGUAGES = ("da", "en", "sv", "nb", "de")


@pytest.fixture(scope="module")
def validator():
    return openxml_audit.OpenXmlValidator(file_format=openxml_audit.FileFormat.OFFICE_2019, max_errors=0)


def findings(validator, path: Path) -> list[str]:
    result = validator.validate(path)
    return [f"{e.part_uri or ''} {e.path or ''}: {e.description}" for e in result.errors]


def test_the_example_orders_cover_a_course_module():
    assert "modul2.yaml" in {p.name for p in ORDERS} and len(ORDERS) >= 3
    assert set(LANGUAGES) <= set(available_locales())


@pytest.mark.parametrize("order", ORDERS, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_handout_and_deck_have_no_findings(validator, lib, tmp_path, order, lang):
    parsed = load_order(order, lib)
    kit, theme = plan(parsed, lib, lang), load_theme(parsed.theme or "default")
    for name, blob in (("handout.docx", build_handout(kit, theme)), ("deck.pptx", build_deck(kit, theme))):
        path = tmp_path / name
        path.write_bytes(blob)
        assert findings(validator, path) == [], f"{order.name} {lang} {name}"


def test_the_templates_have_no_findings(validator):
    dirs = data_dirs()
    assert findings(validator, dirs.handout_template) == []
    assert findings(validator, dirs.deck_template) == []


def test_the_validator_finds_what_word_would_repair(validator, make_kit, tmp_path):
    """The check is not vacuous: a value the schema does not allow and a paragraph
    property out of its schema order are both reported."""
    import io
    import zipfile

    blob = build_handout(make_kit(), load_theme("default"))
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(io.BytesIO(blob)) as src, zipfile.ZipFile(broken, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:tblHeader/>", b'<w:tblHeader w:val="yes"/>', 1)
                data = data.replace(b'<w:pPr><w:pStyle w:val="Heading1"/><w:pageBreakBefore/>',
                                    b'<w:pPr><w:pageBreakBefore/><w:pStyle w:val="Heading1"/>', 1)
            dst.writestr(info, data)
    found = " | ".join(findings(validator, broken))
    assert "tblHeader" in found or "'yes'" in found
    assert "pStyle" in found


def test_a_checklist_handout_with_its_checkboxes_has_no_findings(validator, make_kit, tmp_path):
    from tests.conftest import with_fields

    kit = make_kit(with_fields(exercises="[checklist_core_task_clear, checklist_social_capital_project]"))
    path = tmp_path / "handout.docx"
    path.write_bytes(build_handout(kit, load_theme("default")))
    assert findings(validator, path) == []
