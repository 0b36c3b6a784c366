"""What the Office files say to readers who cannot see them: alt text."""

from __future__ import annotations

import re

from kitgen.kit.model import Kit
from kitgen.kit.theme import Theme

# A text that is a file name ("logo.png", "C:\\brand\\Logo_final.JPG"): accessibility
# checkers flag it, and a screen reader reading it out tells nobody anything.
_FILE_NAME = re.compile(r"(^|[\\/])[^\s\\/]+\.(png|jpe?g|gif|bmp|tiff?|svg|emf|wmf|webp)$", re.IGNORECASE)


def logo_alt(theme: Theme, kit: Kit) -> str:
    """Alt text for the theme's logo: the theme's `logo_alt` when it says what the
    logo shows, else "Logo for <workplace>" in the kit's language; never a file name."""
    given = " ".join((theme.logo_alt or "").split())
    if given and not _FILE_NAME.search(given) and (theme.logo is None or given != theme.logo.name):
        return given
    return kit.t("Logo for {workplace}").format(workplace=kit.workplace)
