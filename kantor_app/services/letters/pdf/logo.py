"""The kop's logo: read, composited on white and named by its pixels, once per process."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import Any

from reportlab.pdfgen.canvas import Canvas

from kantor_app.services.letters.pdf import reportlab_speedups
from kantor_app.services.letters.pdf.content import RenderError


@dataclass(frozen=True)
class LogoImage:
    rgb: Any  # PIL.Image.Image, alpha already composited on white
    name: str  # the XObject name in the PDF: a digest of the pixels
    aspect: float  # width / height


def logo_for(path: Path) -> LogoImage:
    """The logo at ``path``, re-read only when the file changes."""
    try:
        mtime = path.stat().st_mtime_ns
    except OSError as exc:
        raise RenderError(f"Logo tidak ditemukan: {path}") from exc
    return _load_logo(path.resolve(), mtime)


@cache
def _load_logo(path: Path, mtime_ns: int) -> LogoImage:
    try:
        from PIL import Image as PILImage

        with PILImage.open(path) as src:
            img = src.convert("RGBA")
            white = PILImage.new("RGBA", img.size, (255, 255, 255, 255))
            rgb = PILImage.alpha_composite(white, img).convert("RGB")
        data = hashlib.md5(rgb.tobytes(), usedforsecurity=False).hexdigest()
        name = f"kantorlogo{data}"
        # Built here once so that an image reportlab cannot embed fails with this message.
        reportlab_speedups.image_xobject(name, rgb)
    except (OSError, ValueError) as exc:
        raise RenderError(f"Logo tidak dapat dibaca: {path} ({exc})") from exc
    return LogoImage(rgb=rgb, name=name, aspect=rgb.width / rgb.height)


def draw_logo(canv: Canvas, logo: LogoImage, x: float, y: float, w: float, h: float) -> None:
    make = partial(reportlab_speedups.image_xobject, logo.name, logo.rgb)
    reportlab_speedups.draw_image_xobject(canv, logo.name, make, (x, y, w, h))
