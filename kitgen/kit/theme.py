"""Themes: colours, font and logo applied on top of the templates."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kitgen.errors import Problem, UserError
from kitgen.inputs.yamlsource import load_yaml
from kitgen.paths import cache_dir, data_dirs

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
    logo_print: str = ""  # the logo as a CMYK JPEG in the user cache, as typst names it
    warnings: tuple[str, ...] = ()


LOGO_WIDTH_MM = 30.0  # the logo's placed width on posters and decks
PRINT_PPI = 300


def _print_logo(path: Path, display: str) -> tuple[str, list[str], list[Problem]]:
    """Check a raster logo and convert it to CMYK (FOGRA39) for print.

    Returns (the file as typst names it, warnings, problems). The converted logo
    lives in the user cache under the hash of the original.
    """
    import hashlib

    from PIL import Image, ImageCms, UnidentifiedImageError

    try:
        with Image.open(path) as probe:
            probe.verify()  # catches truncated and corrupt files
        image = Image.open(path)
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        return "", [], [Problem(display, "logo", f"{path.name} is not a readable image ({exc})")]
    if image.format not in ("PNG", "JPEG"):
        return "", [], [Problem(display, "logo", f"{path.name} is {image.format}; use a PNG or JPEG")]
    warnings = []
    ppi = image.width / (LOGO_WIDTH_MM / 25.4)
    if ppi < PRINT_PPI:
        need = round(PRINT_PPI * LOGO_WIDTH_MM / 25.4)
        warnings.append(f"logo {path.name} is {ppi:.0f} ppi at its placed size ({LOGO_WIDTH_MM:g} mm "
                        f"wide); print wants {PRINT_PPI} ppi: use an image at least {need} px wide")
    if image.mode == "CMYK":
        cmyk = image
    else:
        rgb = Image.new("RGB", image.size, (255, 255, 255))
        rgba = image.convert("RGBA")
        rgb.paste(rgba, mask=rgba.getchannel("A"))  # transparency onto white paper
        cmyk = ImageCms.profileToProfile(
            rgb, ImageCms.createProfile("sRGB"),
            ImageCms.getOpenProfile(str(data_dirs().icc_profile)),
            outputMode="CMYK", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    target = cache_dir("logos") / f"logo-{digest}.jpg"
    if not target.exists():
        tmp = target.with_suffix(".tmp")
        cmyk.save(tmp, "JPEG", quality=92, dpi=(round(ppi), round(ppi)))
        tmp.replace(target)
    return typst_path(target), warnings, []


def typst_path(path: Path) -> str:
    """A file as typst names it when its root is the file system's root (posters
    are compiled that way, so a logo may live anywhere): '/home/…/logo.jpg'."""
    path = path.resolve()
    return "/" + path.relative_to(path.anchor).as_posix()


def available_themes(themes_dir: Path | None = None) -> list[str]:
    themes_dir = themes_dir or data_dirs().themes
    return sorted(p.stem for p in themes_dir.glob("*.yaml"))


def load_theme(name: str, themes_dir: Path | None = None) -> Theme:
    themes_dir = themes_dir or data_dirs().themes
    path = themes_dir / f"{name}.yaml"
    if not path.is_file():
        raise UserError(Problem("", "theme", f"no theme called {name!r}; available: "
                                + ", ".join(available_themes(themes_dir))))
    # Read once per process while nothing in the themes folder changes (a batch
    # builds every kit with one of a few themes).
    stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size)
                  for p in sorted(themes_dir.iterdir()) if p.is_file())
    return _load_theme(name, path, stamp)


@lru_cache(maxsize=16)
def _load_theme(name: str, path: Path, _stamp: tuple) -> Theme:
    root = data_dirs().root
    located = load_yaml(path, str(path.relative_to(root)) if path.is_relative_to(root) else str(path))
    data = located.data or {}
    problems = []
    for key in ("primary", "accent", "light", "text"):
        if not _HEX.match(str(data.get(key, ""))):
            problems.append(Problem(located.where((key,)), key, "must be a colour like 1F4E79"))
    logo = None
    logo_print, warnings = "", []
    if data.get("logo"):
        logo = (path.parent / str(data["logo"])).resolve()
        if not logo.is_file():
            problems.append(Problem(located.where(("logo",)), "logo", f"file not found: {logo}"))
        else:
            logo_print, warnings, logo_problems = _print_logo(logo, located.where(("logo",)))
            problems += logo_problems
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
                 cmyk=cmyk, bleed_mm=float(bleed), safe_mm=float(safe), logo_print=logo_print,
                 warnings=tuple(warnings))
