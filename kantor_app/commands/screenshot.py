"""`screenshot --tab roster|employers|outreach OUT.png`: the real window, rendered offscreen."""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path
from typing import Any

TABS = ("roster", "employers", "outreach")


def register(sub: argparse._SubParsersAction[Any]) -> None:
    parser = sub.add_parser(
        "screenshot",
        help="simpan tangkapan layar jendela utama ke PNG (tanpa layar)",
        description="Render jendela utama Kantor di luar layar dan simpan sebagai PNG.",
    )
    parser.add_argument("--tab", choices=TABS, default="roster")
    parser.add_argument("--size", default="1280x780", help="ukuran jendela LEBARxTINGGI")
    parser.add_argument(
        "--select-row", type=int, metavar="N", help="pilih baris ke-N (dari 0) pada tabel tab"
    )
    parser.add_argument("out", type=Path, metavar="OUT.png")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # Without a display, render offscreen rather than fail to connect to one.
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kantor_app.services.database import open_database
    from kantor_app.services.demo.fill import ensure_demo_branch
    from kantor_app.ui.app import ensure_application, install_translations
    from kantor_app.ui.main_window import TAB_KEYS, MainWindow
    from kantor_app.ui.tasks import db_pool

    width, height = (int(part) for part in args.size.lower().split("x"))
    app = ensure_application()
    translators = install_translations(app, args.lang or "id")
    db = open_database(args.db, demo=args.demo)
    if args.demo:
        ensure_demo_branch(db)
    window = MainWindow(db)
    window.resize(width, height)
    window.tabs.setCurrentIndex(TAB_KEYS.index(args.tab))
    window.show()
    _settle(app, db_pool())
    if args.select_row is not None:
        table = getattr(window.tabs.currentWidget(), "table", None)
        if table is not None:
            table.selectRow(args.select_row)
            _settle(app, db_pool())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    ok = window.grab().save(str(args.out), "PNG")
    window.close()
    db.dispose()
    del translators
    if not ok:
        print(f"kantor-app: gagal menyimpan {args.out}")
        return 2
    print(args.out)
    return 0


def _settle(app: Any, pool: Any, seconds: float = 3.0) -> None:
    """Let background loads finish and the window paint before grabbing it."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        if pool.activeThreadCount() == 0:
            app.processEvents()
            break
        time.sleep(0.02)
    for _ in range(20):
        app.processEvents()
        time.sleep(0.01)
