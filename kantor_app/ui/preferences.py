"""The user's preferences and window state (QSettings), apart from application start-up.

Its own module so any dialog can remember a choice without importing
`ui.app`, which imports the main window and, through it, every tab.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings


def settings() -> QSettings:
    """Window state and preferences, under the Kantor config folder (tests redirect it)."""
    from kantor_app import paths

    return QSettings(str(paths.config_dir() / "kantor.ini"), QSettings.Format.IniFormat)
