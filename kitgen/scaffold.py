"""What `kitgen init DIR` writes: a workspace to start from.

Nothing is overwritten: a file that is already there stays as it is (and is
named), so running init again only adds what is missing.
"""

from __future__ import annotations

from pathlib import Path

from kitgen.content.library import Library
from kitgen.errors import Problem, UserError
from kitgen.i18n.messages import _
from kitgen.inputs.example_sheet import example_sheet
from kitgen.output import write_atomic
from kitgen.paths import data_dirs

CONFIG = """\
# kitgen workspace: kitgen finds this file from the folder you work in (or use
# --workspace). Every setting is optional; the values shown are the defaults.

[workspace]
theme = "{theme}"        # the theme of orders that name none (themes/{theme}.yaml)
orders = "orders"        # the teams' orders (the web app's "My teams")
output = "output"        # where kits are written

[print]                  # what the print shop's job sheet says
orderer = ""             # e.g. "Nordby Kommune, HR"
contact = ""             # e.g. "Anne Andersen, 12 34 56 78, hr@nordby.dk"
handout_paper = "A4, 100 g/m² uncoated"
poster_paper = "A4, 170 g/m² silk (coated)"
handout_finishing = "stapled top left"
poster_finishing = "none (flat)"
"""

ORDER = """\
# One team's kit. `kitgen build orders/eksempel.yaml` writes it to output/.
workplace: Vores arbejdsplads
team: Team Eksempel
core_task: >-
  Skriv teamets kerneopgave med jeres egne ord: den forskel, I gør for dem, I er til for.
sector: public            # public (borgerne) or private (kunderne)
locale: [da]
date: 2027-02-03
start: "09:00"
time_budget: 210          # minutes
exercises: [core_task_deep_dive, trial_actions]
participants: 12
facilitator: HR-partner
posters: [core_task, program]
"""

CONTENT_README = """\
# Your own content

Put your organisation's own exercises, concepts and modules here, one YAML file
per item, in the same format as kitgen's own (see `kitgen show exercise
core_task_deep_dive`, and the format guide in kitgen's content/README.md):

    content/exercises/<id>.yaml
    content/concepts/<id>.yaml
    content/modules/<id>.yaml

They are read on top of kitgen's library: an item with an id of kitgen's own
replaces it (`kitgen check` notes which). `kitgen check` validates them exactly
as kitgen's own content. Translations of your items go in
locales/<ll>/LC_MESSAGES/content.po: `kitgen i18n update` makes and updates them.
"""


def init_workspace(folder: Path, lib: Library, theme: str = "vores") -> tuple[list[Path], list[Path]]:
    """Make a workspace in `folder`; returns (files written, files left as they were)."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise UserError(Problem(str(folder), "", _("is a file; give a folder for the workspace")))
    base_theme = (data_dirs().themes / "default.yaml").read_text(encoding="utf-8")
    own_theme = base_theme.replace("name: default", f"name: {theme}").replace(
        "logo: null               # a path relative to this file, or null",
        "logo: null               # your logo: a PNG or JPEG (at least 354 px wide) next to this file, "
        "e.g. logo.png\nlogo_alt: null           # what the logo shows, for screen readers: "
        "\"Nordby Kommunes logo\"")
    files: dict[str, bytes] = {
        "kitgen.toml": CONFIG.format(theme=theme).encode(),
        "orders/eksempel.yaml": ORDER.encode(),
        "teams.xlsx": example_sheet(lib),
        f"themes/{theme}.yaml": own_theme.encode(),
        "content/README.md": CONTENT_README.encode(),
    }
    written, kept = [], []
    for name, data in files.items():
        target = folder / name
        if target.exists():
            kept.append(target)
            continue
        write_atomic(target, data)
        written.append(target)
    for empty in ("content/exercises", "content/concepts", "content/modules", "locales", "output"):
        (folder / empty).mkdir(parents=True, exist_ok=True)
    return written, kept
