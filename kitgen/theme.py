"""Themes: colours, font and logo applied on top of the templates."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problem, UserError
from .yamlsource import load_yaml

ROOT = Path(__file__).resolve().parent.parent
THEMES_DIR = ROOT / "templates" / "themes"
_HEX = re.compile(r"^[0-9A-Fa-f]{6}$")


@dataclass(frozen=True)
class Theme:
    name: str
    font: str
    primary: str
    accent: str
    light: str
    text: str
    logo: Path | None
    # print: CMYK percentages and the poster's bleed and safe zone
    cmyk: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)
    bleed_mm: float = 3.0
    safe_mm: float = 10.0


def available_themes(themes_dir: Path = THEMES_DIR) -> list[str]:
    return sorted(p.stem for p in themes_dir.glob("*.yaml"))


def load_theme(name: str, themes_dir: Path = THEMES_DIR) -> Theme:
    path = themes_dir / f"{name}.yaml"
    if not path.is_file():
        raise UserError(Problem("", "theme", f"no theme called {name!r}; available: "
                                + ", ".join(available_themes(themes_dir))))
    located = load_yaml(path, str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path))
    data = located.data or {}
    problems = []
    for key in ("primary", "accent", "light", "text"):
        if not _HEX.match(str(data.get(key, ""))):
            problems.append(Problem(located.where((key,)), key, "must be a colour like 1F4E79"))
    logo = None
    if data.get("logo"):
        logo = (path.parent / str(data["logo"])).resolve()
        if not logo.is_file():
            problems.append(Problem(located.where(("logo",)), "logo", f"file not found: {logo}"))
    printing = data.get("print") or {}
    cmyk: dict[str, tuple[float, float, float, float]] = {}
    for key in ("primary", "accent", "light", "text", "paper"):
        value = printing.get(key)
        if not (isinstance(value, list) and len(value) == 4
                and all(isinstance(v, (int, float)) and 0 <= v <= 100 for v in value)):
            problems.append(Problem(located.where(("print", key)), f"print.{key}",
                                    "must be four CMYK percentages such as [100, 60, 0, 45]"))
            continue
        cmyk[key] = tuple(float(v) for v in value)  # type: ignore[assignment]
        if sum(value) > 330:
            problems.append(Problem(located.where(("print", key)), f"print.{key}",
                                    f"total ink {sum(value)} % is above the 330 % coated paper takes"))
    bleed, safe = printing.get("bleed_mm", 3), printing.get("safe_mm", 10)
    if not (isinstance(bleed, (int, float)) and 0 <= bleed <= 10):
        problems.append(Problem(located.where(("print", "bleed_mm")), "print.bleed_mm", "must be 0–10 mm"))
    if not (isinstance(safe, (int, float)) and 3 <= safe <= 30):
        problems.append(Problem(located.where(("print", "safe_mm")), "print.safe_mm", "must be 3–30 mm"))
    if problems:
        raise UserError(problems)
    return Theme(name=str(data.get("name", name)), font=str(data.get("font", "Calibri")),
                 primary=str(data["primary"]).upper(), accent=str(data["accent"]).upper(),
                 light=str(data["light"]).upper(), text=str(data["text"]).upper(), logo=logo,
                 cmyk=cmyk, bleed_mm=float(bleed), safe_mm=float(safe))
