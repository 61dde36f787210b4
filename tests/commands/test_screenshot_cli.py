from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from kantor_app.cli import main
from kantor_app.services.demo.fill import fill_demo
from kantor_app.store.engine import Database


@pytest.mark.slow
@pytest.mark.parametrize("tab", ["roster", "employers", "outreach"])
def test_screenshot_renders_the_real_window(
    qapp: QApplication, db: Database, db_url: str, tmp_path: Path, tab: str
) -> None:
    fill_demo(db, workers=60, employers=12, seed=2)
    out = tmp_path / f"{tab}.png"
    assert main(["--db", db_url, "screenshot", "--tab", tab, "--size", "1000x640", str(out)]) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1000, 640)
    # Not a blank canvas: a rendered window has many distinct colours.
    colours = {image.pixel(x, y) for x in range(0, 1000, 25) for y in range(0, 640, 25)}
    assert len(colours) > 5
