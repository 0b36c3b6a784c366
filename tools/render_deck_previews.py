"""Render a few slides of the example deck to PNG for the README (examples/deck/).

Needs LibreOffice and poppler-utils. Run after changing the deck's look:
    python tools/render_deck_previews.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kitgen.builders.registry import builder  # noqa: E402
from kitgen.content.library import load_library  # noqa: E402
from kitgen.inputs.order import load_order  # noqa: E402
from kitgen.kit.plan import plan  # noqa: E402
from kitgen.kit.theme import load_theme  # noqa: E402

# (slide title as it starts, file name): one of each kind of slide
WANTED = [("Workshop", "title"), ("2. Psykologisk", "divider"), ("Psykologisk tryghed i teamet – syv "
          "refleksionsudsagn: trin 2", "step"), ("Kom i dybden med kerneopgaven: spørgsmål (1", "questions")]


def main() -> None:
    from pptx import Presentation

    lib = load_library()
    kit = plan(load_order(ROOT / "examples" / "borgerservice.yaml", lib), lib, "da")
    data = builder("deck").build(kit, load_theme("fjord"))["deck.pptx"]
    titles = [s.shapes.title.text for s in Presentation(__import__("io").BytesIO(data)).slides]
    out = ROOT / "examples" / "deck"
    out.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        deck = Path(tmp) / "deck.pptx"
        deck.write_bytes(data)
        subprocess.run([shutil.which("soffice") or "soffice", f"-env:UserInstallation=file://{tmp}/profile",
                        "--headless", "--convert-to", "pdf", "--outdir", tmp, str(deck)], check=True,
                       capture_output=True)
        for start, name in WANTED:
            number = next(i for i, t in enumerate(titles, 1) if t.startswith(start))
            subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", "-f", str(number), "-l", str(number),
                            str(Path(tmp) / "deck.pdf"), str(out / name)], check=True)
            print(f"examples/deck/{name}.png: slide {number}, {titles[number - 1]}")


if __name__ == "__main__":
    main()
