"""Themes: colours, font and logo applied on top of the templates.

A theme is a small YAML file (templates/themes/<name>.yaml, or a workspace's
own themes/ folder), validated as a pydantic model with every problem located
(file:line). A logo is checked (format, size, print resolution) and converted
once to CMYK for print, into the user cache under the hash of the original.
`Themes` finds themes by name in its folders (the workspace's first) or by
path, and keeps each loaded theme while its file and logo are unchanged.
"""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Sequence

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator

from kitgen.atomic import replace_atomically
from kitgen.errors import Problem, TemplateError, UserError
from kitgen.i18n.messages import _
from kitgen.inputs.yamlsource import Located, load_yaml, pydantic_problems
from kitgen.paths import cache_dir, data_dirs, shown

LOGO_WIDTH_MM = 30.0  # the logo's placed width on posters and decks
PRINT_PPI = 300
MAX_LOGO_PIXELS = 40_000_000  # 40 megapixels: far above any logo, far below a decompression bomb
_HEX = re.compile(r"^[0-9A-Fa-f]{6}$")


def _hex(value: str) -> str:
    if not _HEX.match(str(value)):
        raise ValueError(_("must be a colour like 1F4E79"))
    return str(value).upper()


Hex = Annotated[str, AfterValidator(_hex)]
Percent = Annotated[float, Field(ge=0, le=100)]
CMYK = tuple[Percent, Percent, Percent, Percent]


class PrintColours(BaseModel):
    """Print (posters): CMYK in percent, for coated paper (FOGRA39)."""

    model_config = ConfigDict(extra="forbid")
    primary: CMYK
    accent: CMYK
    light: CMYK
    text: CMYK
    paper: CMYK
    bleed_mm: Annotated[float, Field(ge=0, le=10)] = 3.0
    safe_mm: Annotated[float, Field(ge=3, le=30)] = 10.0

    @field_validator("primary", "accent", "light", "text", "paper")
    @classmethod
    def _ink(cls, value: CMYK) -> CMYK:
        if sum(value) > 330:
            raise ValueError(_("total ink {ink} % is above the 330 % coated paper takes").format(ink=f"{sum(value):g}"))
        return value


class ThemeFile(BaseModel):
    """The YAML file of a theme."""

    model_config = ConfigDict(extra="forbid")
    name: str | None = None
    font: Annotated[str, Field(min_length=1, max_length=60)] = "Calibri"
    primary: Hex
    accent: Hex
    light: Hex
    text: Hex
    logo: str | None = None  # a path relative to the theme file
    logo_alt: Annotated[str, Field(max_length=200)] | None = None  # what the logo shows, for readers
    print: PrintColours


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
    cmyk: dict[str, tuple[float, float, float, float]]
    bleed_mm: float = 3.0
    safe_mm: float = 10.0
    logo_print: str = ""  # the logo as a CMYK JPEG in the user cache, as typst names it
    logo_alt: str = ""  # alt text for the logo ("Logo of Nordby Kommune")
    warnings: tuple[str, ...] = ()


def typst_path(path: Path) -> str:
    """A file as typst names it when its root is the file system's root (posters
    are compiled that way, so a logo may live anywhere): '/home/…/logo.jpg'."""
    path = path.resolve()
    return "/" + path.relative_to(path.anchor).as_posix()


def _print_logo(path: Path, where: str) -> tuple[str, list[str]]:
    """Check a raster logo and convert it to CMYK (FOGRA39) for print, once per
    logo (the user cache keeps it under the hash of the file). Returns (the CMYK
    file as typst names it, warnings); a logo that cannot serve is a TemplateError."""
    from PIL import Image, ImageCms, UnidentifiedImageError  # only themes with a logo

    def bad(message: str) -> TemplateError:
        return TemplateError(Problem(where, "logo", message))

    try:
        with Image.open(path) as probe:
            if probe.format not in ("PNG", "JPEG"):
                raise bad(_("{file} is {format}; use a PNG or JPEG").format(file=path.name, format=probe.format))
            width, height = probe.size
            if width * height > MAX_LOGO_PIXELS:
                raise bad(_("{file} is {width} × {height} pixels; use an image of at most {limit} megapixels "
                            "(a logo needs about 400 × 400)").format(file=path.name, width=width, height=height,
                                                                    limit=MAX_LOGO_PIXELS // 1_000_000))
            probe.verify()  # catches truncated and corrupt files
        image = Image.open(path)
        image.load()
    except TemplateError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise bad(_("{file} is not a readable image ({error})").format(file=path.name, error=exc)) from None
    warnings = []
    ppi = image.width / (LOGO_WIDTH_MM / 25.4)
    if ppi < PRINT_PPI:
        need = round(PRINT_PPI * LOGO_WIDTH_MM / 25.4)
        warnings.append(_("logo {file} is {ppi} ppi at its placed size ({width} mm wide); print wants {print_ppi} "
                          "ppi: use an image at least {need} px wide").format(
                              file=path.name, ppi=f"{ppi:.0f}", width=f"{LOGO_WIDTH_MM:g}", print_ppi=PRINT_PPI,
                              need=need))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    target = cache_dir("logos") / f"logo-{digest}.jpg"
    if not target.exists():
        cmyk: Image.Image | None = image
        if image.mode != "CMYK":
            rgb = Image.new("RGB", image.size, (255, 255, 255))
            rgba = image.convert("RGBA")
            rgb.paste(rgba, mask=rgba.getchannel("A"))  # transparency onto white paper
            cmyk = ImageCms.profileToProfile(
                rgb, ImageCms.createProfile("sRGB"), ImageCms.getOpenProfile(str(data_dirs().icc_profile)),
                outputMode="CMYK", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)
        assert cmyk is not None  # profileToProfile returns None only when asked to work in place
        # two threads of a batch may convert the same logo at once
        replace_atomically(target, lambda f: cmyk.save(f, "JPEG", quality=92, dpi=(round(ppi), round(ppi))))
    return typst_path(target), warnings


def _from_file(name: str, path: Path) -> Theme:
    located: Located = load_yaml(path, shown(path))
    try:
        spec = ThemeFile.model_validate(located.data or {})
    except ValidationError as exc:
        raise TemplateError(pydantic_problems(exc, located)) from None
    logo, logo_print, warnings = None, "", list[str]()
    if spec.logo:
        logo = (path.parent / spec.logo).resolve()
        if not logo.is_file():
            raise TemplateError(Problem(located.where(("logo",)), "logo",
                                        _("file not found: {file}").format(file=logo)))
        logo_print, warnings = _print_logo(logo, located.where(("logo",)))
    colours = spec.print
    cmyk = {key: tuple(float(v) for v in getattr(colours, key))
            for key in ("primary", "accent", "light", "text", "paper")}
    return Theme(name=spec.name or name, font=spec.font, primary=spec.primary, accent=spec.accent,
                 light=spec.light, text=spec.text, logo=logo, cmyk=cmyk,  # type: ignore[arg-type]
                 bleed_mm=colours.bleed_mm, safe_mm=colours.safe_mm, logo_print=logo_print,
                 logo_alt=spec.logo_alt or "", warnings=tuple(warnings))


class Themes:
    """The themes of some folders, first match wins (a workspace's before kitgen's)."""

    def __init__(self, folders: Sequence[Path] = ()):
        self.folders = tuple(folders) or (data_dirs().themes,)
        self._lock = threading.Lock()
        self._loaded: dict[Path, tuple[tuple, Theme]] = {}

    def names(self) -> list[str]:
        return sorted({p.stem for folder in self.folders if folder.is_dir() for p in folder.glob("*.yaml")})

    def find(self, name: str, where: str = "") -> Path:
        """A theme's file: by name in the folders, or a path to a .yaml file."""
        if name.endswith((".yaml", ".yml")) or "/" in name:
            path = Path(name).expanduser()
            if path.is_file():
                return path
        for folder in self.folders:
            path = folder / f"{name}.yaml"
            if path.is_file():
                return path
        raise UserError(Problem(where, "theme", _("no theme called {name}; available: {themes}").format(
            name=repr(name), themes=", ".join(self.names()))))

    def load(self, name: str, where: str = "") -> Theme:
        """A theme, read once while its file (and its logo) are unchanged."""
        path = self.find(name, where).resolve()
        with self._lock:
            hit = self._loaded.get(path)
            if hit is not None and hit[0] == _stamp(path, hit[1].logo):
                return hit[1]
        theme = _from_file(name, path)
        stamp = _stamp(path, theme.logo)
        with self._lock:
            self._loaded[path] = (stamp, theme)
        return theme


def _stamp(path: Path, logo: Path | None = None) -> tuple:
    files = [path] + ([logo] if logo else [])
    return tuple((p.stat().st_mtime_ns, p.stat().st_size) for p in files if p.exists())


_BUILT_IN: Themes | None = None


def builtin_themes() -> Themes:
    """kitgen's own themes (templates/themes)."""
    global _BUILT_IN
    if _BUILT_IN is None:
        _BUILT_IN = Themes()
    return _BUILT_IN


def available_themes() -> list[str]:
    return builtin_themes().names()


def load_theme(name: str, where: str = "") -> Theme:
    return builtin_themes().load(name, where)
