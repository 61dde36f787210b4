"""Start the desktop application: Qt, translations, database, main window."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from kantor_app.resources import resource_path
from kantor_app.store.errors import StoreError
from kantor_app.ui.preferences import settings

ORG_NAME = "BPJSTK"
APP_NAME = "Kantor"
LANGUAGES = ("id", "en")


def ensure_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    return QApplication(argv if argv is not None else sys.argv[:1])


def install_translations(app: QApplication, language: str) -> list[QTranslator]:
    """Indonesian source strings are the default; English comes from resources/translations.

    The translators are returned so the caller keeps them alive.
    """
    installed: list[QTranslator] = []
    QLocale.setDefault(QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia))
    if language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        ours = QTranslator(app)
        if ours.load(str(resource_path("translations", "kantor_en.qm"))):
            app.installTranslator(ours)
            installed.append(ours)
    else:
        qt_base = QTranslator(app)
        if qt_base.load("qtbase_id", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt_base)
            installed.append(qt_base)
    return installed


def run_gui(args: argparse.Namespace) -> int:
    from kantor_app.services.database import open_database
    from kantor_app.services.demo.fill import ensure_demo_branch
    from kantor_app.ui.main_window import MainWindow

    app = ensure_application()
    language = args.lang or str(settings().value("ui/language", "id"))
    translators = install_translations(app, language if language in LANGUAGES else "id")
    try:
        db = open_database(args.db, demo=args.demo)
        if args.demo:
            ensure_demo_branch(db)
    except StoreError as exc:
        QMessageBox.critical(None, "Kantor", str(exc))
        return 2
    window = MainWindow(db)
    window.show()
    code = app.exec()
    del translators
    db.dispose()
    return code
