"""The web app's texts as a gettext catalog (domain `web`, Danish msgids).

Every `_("…")` in the page templates is collected with Jinja2's Babel
extractor; `kitgen i18n extract` writes them to locales/web.pot and
`kitgen i18n update` merges them into each language's web.po, as for the
documents' labels.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir

TEMPLATES = Path(__file__).with_name("templates")
DOMAIN = "web"


def extract_web(new_catalog) -> Catalog:  # noqa: ANN001 - catalogs._new_catalog
    cat: Catalog = new_catalog(DOMAIN)
    found = extract_from_dir(str(TEMPLATES), method_map=[("**.html", "jinja2")],
                             options_map={"**.html": {"trim_blocks": "true", "lstrip_blocks": "true"}},
                             keywords={"_": None, "ngettext": (1, 2)}, comment_tags=("NOTE:",), strip_comment_tags=True)
    for filename, lineno, message, comments, _context in found:
        if message and (isinstance(message, str) or all(message)):
            cat.add(message, locations=[(f"kitgen/web/templates/{Path(filename).as_posix()}", lineno)],
                    auto_comments=comments)
    return cat
