"""`kitgen i18n`: the translation catalogs."""

from __future__ import annotations

import json
from typing import List, Optional

import typer
from rich.table import Table

from kitgen.cli.app import current_workspace, i18n_app, out, user_errors
from kitgen.i18n.messages import _


def _langs(locale: Optional[List[str]]) -> list[str]:
    # lazy: start-up; `kitgen --help` and the other commands need none of it
    from kitgen.i18n.locale import available_locales, resolve_locale

    return [resolve_locale(x) for x in locale] if locale else available_locales()


@i18n_app.command("extract", help=_("Write locales/kitgen.pot and locales/content.pot from the labels "
                                       "and the content."))
@user_errors
def i18n_extract() -> None:
    """Write locales/kitgen.pot and locales/content.pot from the labels and the content."""
    # lazy: start-up; `kitgen --help` and the other commands need none of it
    from kitgen.content.library import load_library
    from kitgen.i18n.catalogs import extract

    cats = extract(load_library())
    for domain, cat in cats.items():
        out.print(_("locales/{domain}.pot: {n} messages").format(domain=domain, n=len(cat)), markup=False)


@i18n_app.command("update", help=_("Merge the templates into each language's .po; changed Danish texts "
                                    "become fuzzy.\n\nIn a workspace with content of its own, the "
                                    "workspace's catalogs of its own items."))
@user_errors
def i18n_update(ctx: typer.Context,
                locale: Optional[List[str]] = typer.Option(None, "--locale", "-l", metavar="LANG",
                                                           help=_("Languages (default: all).")),
                new: Optional[str] = typer.Option(None, "--new", metavar="LANG",
                                                  help=_("Start catalogs for a new language."))) -> None:
    """Merge the templates into each language's .po; changed Danish texts become fuzzy.

    In a workspace with content of its own, the workspace's catalogs of its own items."""
    # lazy: start-up; `kitgen --help` and the other commands need none of it
    from kitgen.i18n.catalogs import own_keys, update

    workspace = current_workspace(ctx)
    langs = _langs(locale) + ([new] if new else [])
    lib = workspace.library()
    if workspace.root is not None and workspace.content is not None and own_keys(lib, workspace.content):
        target = workspace.root / "locales"
        update(lib, langs, target, keys=own_keys(lib, workspace.content))
    else:
        target = None
        update(lib, langs)
    names = ", ".join(x for x in langs if x != "da")
    if target:
        out.print(_("updated catalogs for {languages} in {folder}").format(languages=names, folder=target),
                  markup=False)
    else:
        out.print(_("updated catalogs for {languages}").format(languages=names), markup=False)


@i18n_app.command("compile", help=_("Compile .po to .mo (kitgen also does this on demand; fuzzy entries "
                                     "are left out)."))
@user_errors
def i18n_compile(locale: Optional[List[str]] = typer.Option(None, "--locale", "-l")) -> None:
    """Compile .po to .mo (kitgen also does this on demand; fuzzy entries are left out)."""
    # lazy: start-up; `kitgen --help` and the other commands need none of it
    from kitgen.i18n.catalogs import compile_all

    for path in compile_all(_langs(locale)):
        out.print(_("compiled {file}").format(file=path), markup=False)


@i18n_app.command("stats", help=_("How complete each language is, per domain (fuzzy entries count as "
                                   "untranslated)."))
@user_errors
def i18n_stats(locale: Optional[List[str]] = typer.Option(None, "--locale", "-l"),
               as_json: bool = typer.Option(False, "--json")) -> None:
    """How complete each language is, per domain (fuzzy entries count as untranslated)."""
    # lazy: start-up; `kitgen --help` and the other commands need none of it
    from kitgen.content.library import load_library
    from kitgen.i18n.catalogs import stats
    from kitgen.i18n.spelling import unknown_counts

    lib = load_library()
    rows = stats(lib, _langs(locale))
    spelling = unknown_counts(lib, _langs(locale))
    if as_json:
        out.print_json(json.dumps([r.__dict__ | {"percent": round(r.percent, 1)}
                                   | ({"unknown_words": len(spelling.get(r.lang, []))}
                                      if spelling is not None and r.domain == "content" else {})
                                   for r in rows]))
        return
    table = Table(title=_("translation status"), title_justify="left")
    # NOTE: the columns of `kitgen i18n stats`
    for col in (_("locale"), _("domain")):
        table.add_column(col, justify="left")
    for col in (_("total"), _("translated"), _("fuzzy"), _("untranslated"), _("stale"), "%"):
        table.add_column(col, justify="right")
    for r in rows:
        table.add_row(r.lang, r.domain, str(r.total), str(r.translated), str(r.fuzzy),
                      str(r.untranslated), str(r.stale), f"{r.percent:.1f}")
    out.print(table)
    if spelling is None:
        out.print(_("spelling: hunspell is not installed, so no words were checked"), markup=False)
        return
    words = Table(title=_("spelling (hunspell and locales/spelling/<lang>.txt)"), title_justify="left")
    # NOTE: columns of the spelling table of `kitgen i18n stats`
    words.add_column(_("locale"))
    words.add_column(_("unknown words"), justify="right")
    words.add_column(_("for example"))
    for lang, unknown in spelling.items():
        words.add_row(lang, str(len(unknown)), ", ".join(u.word for u in unknown[:5]))
    out.print(words)

