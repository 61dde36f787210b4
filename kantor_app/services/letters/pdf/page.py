"""Page geometry, font names and type sizes shared by every part of a letter.

A4 with the tata naskah dinas margins; 10.5 pt body text so every kind of
letter fits on one page with up to about six months in its table.
"""

from __future__ import annotations

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = 2.5 * cm
MARGIN_RIGHT = 2.0 * cm
MARGIN_TOP = 1.3 * cm
MARGIN_BOTTOM = 1.5 * cm
FRAME_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT

FONT = "KantorDejaVuSans"
FONT_BOLD = "KantorDejaVuSans-Bold"
FONT_ITALIC = "KantorDejaVuSans-Oblique"
FONT_BOLD_ITALIC = "KantorDejaVuSans-BoldOblique"

BODY_SIZE = 10.5
BODY_LEADING = 12.8
CELL_SIZE = 9.5
CELL_LEADING = 11.2
SMALL_SIZE = 9.0
SMALL_LEADING = 11.0
