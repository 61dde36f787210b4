"""The main window: three tabs over one database, menus, status bar."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QByteArray, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QWidget,
)

from kantor_app import __version__
from kantor_app.services.backup import backup_to
from kantor_app.services.database import open_database
from kantor_app.services.errors import ServiceError
from kantor_app.services.stats import counts
from kantor_app.store.engine import Database
from kantor_app.store.errors import StoreError
from kantor_app.ui.employers.tab import EmployersTab
from kantor_app.ui.operations import NOTHING, Changes, ChangesListener, show_failure
from kantor_app.ui.outreach.tab import OutreachTab
from kantor_app.ui.preferences import settings
from kantor_app.ui.roster.tab import RosterTab
from kantor_app.ui.settings.dialog import SettingsDialog
from kantor_app.ui.tasks import Task, TaskContext, describe_error, run_task, service_error_text
from kantor_app.ui.widgets.numbers import format_number

TAB_KEYS = ("roster", "employers", "outreach")


class MainWindow(QMainWindow):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(self.tr("Kantor — BPJS Ketenagakerjaan"))
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        # Changes a tab has not applied yet: it reloads when it is next shown.
        self._pending: dict[int, Changes] = {}
        self.switch_task: Task[Database] | None = None
        self.backup_task: Task[Path] | None = None
        self._location = QLabel(self)
        self._counts = QLabel(self)
        self.statusBar().addWidget(self._location, 1)
        self.statusBar().addPermanentWidget(self._counts)
        self._build_tabs()
        self._build_menus()
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self._restore_state()
        self.refresh_status()

    # --- construction -------------------------------------------------------

    def _build_tabs(self) -> None:
        self.roster_tab = RosterTab(self.db, self)
        self.employers_tab = EmployersTab(self.db, self)
        self.outreach_tab = OutreachTab(self.db, self)
        self.tabs.addTab(self.roster_tab, self.tr("Peserta"))
        self.tabs.addTab(self.employers_tab, self.tr("Perusahaan"))
        self.tabs.addTab(self.outreach_tab, self.tr("Penjangkauan"))

    def _tab_widgets(self) -> tuple[RosterTab, EmployersTab, OutreachTab]:
        return (self.roster_tab, self.employers_tab, self.outreach_tab)

    def _listeners(self) -> tuple[ChangesListener, ...]:
        return self._tab_widgets()

    def _build_menus(self) -> None:
        menu_bar = self.menuBar()
        menu_bar.clear()
        file_menu = menu_bar.addMenu(self.tr("&Berkas"))
        open_file = QAction(self.tr("&Buka basis data…"), self)
        open_file.setShortcut(QKeySequence.StandardKey.Open)
        open_file.triggered.connect(self.open_database_file)
        file_menu.addAction(open_file)
        open_server = QAction(self.tr("Sambungkan ke server &PostgreSQL…"), self)
        open_server.triggered.connect(self.open_database_server)
        file_menu.addAction(open_server)
        backup = QAction(self.tr("&Cadangkan basis data…"), self)
        backup.setShortcut(QKeySequence("Ctrl+Shift+S"))
        backup.triggered.connect(self.backup_database)
        file_menu.addAction(backup)
        for tab in self._tab_widgets():
            actions = tab.file_actions()
            if actions:
                file_menu.addSeparator()
                file_menu.addActions(actions)
        file_menu.addSeparator()
        branch_settings = QAction(self.tr("Pen&gaturan cabang…"), self)
        branch_settings.setShortcut(QKeySequence("Ctrl+,"))
        branch_settings.triggered.connect(self.open_branch_settings)
        file_menu.addAction(branch_settings)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Keluar"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = menu_bar.addMenu(self.tr("&Tampilan"))
        for index, title in enumerate(
            (self.tr("Peserta"), self.tr("Perusahaan"), self.tr("Penjangkauan"))
        ):
            go = QAction(title, self)
            go.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            go.triggered.connect(lambda _=False, i=index: self.tabs.setCurrentIndex(i))
            view_menu.addAction(go)
        view_menu.addSeparator()
        refresh = QAction(self.tr("&Muat ulang"), self)
        refresh.setShortcut(QKeySequence.StandardKey.Refresh)
        refresh.triggered.connect(self.refresh_current)
        view_menu.addAction(refresh)
        language_menu = view_menu.addMenu(self.tr("&Bahasa"))
        group = QActionGroup(self)
        current = str(settings().value("ui/language", "id"))
        for code, label in (("id", "Bahasa Indonesia"), ("en", "English")):
            action = QAction(label, self, checkable=True)
            action.setChecked(code == current)
            action.triggered.connect(lambda _=False, c=code: self._set_language(c))
            group.addAction(action)
            language_menu.addAction(action)

        help_menu = menu_bar.addMenu(self.tr("Ban&tuan"))
        about = QAction(self.tr("&Tentang Kantor"), self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    # --- state --------------------------------------------------------------

    def _restore_state(self) -> None:
        store = settings()
        geometry = store.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            # First start: a comfortable size, but never larger than the screen.
            screen = self.screen().availableGeometry()
            self.resize(min(1280, screen.width() - 40), min(780, screen.height() - 60))
        key = str(store.value("window/tab", TAB_KEYS[0]))
        if key in TAB_KEYS:
            self.tabs.setCurrentIndex(TAB_KEYS.index(key))

    def closeEvent(self, event: QCloseEvent) -> None:
        store = settings()
        store.setValue("window/geometry", self.saveGeometry())
        store.setValue("window/tab", TAB_KEYS[self.tabs.currentIndex()])
        store.sync()
        super().closeEvent(event)

    def refresh_status(self) -> None:
        self._location.setText(self.tr("Basis data: %1").replace("%1", self.db.location))
        try:
            with self.db.session() as session:
                c = counts(session)
        except StoreError as exc:
            self._counts.setText(describe_error(exc))
            return
        self._counts.setText(
            self.tr("%1 peserta aktif · %2 perusahaan · %3 tidak patuh")
            .replace("%1", format_number(c.workers_active))
            .replace("%2", format_number(c.employers))
            .replace("%3", format_number(c.employers_noncompliant))
        )

    @Slot()
    def refresh_current(self) -> None:
        self._tab_widgets()[self.tabs.currentIndex()].refresh()
        self.refresh_status()

    def apply_changes(self, changes: Changes) -> None:
        """An operation ended: the shown tab reloads now, the others when next shown."""
        current = self.tabs.currentIndex()
        for index, tab in enumerate(self._listeners()):
            if index == current:
                tab.apply_changes(changes)
            else:
                self._pending[index] = self._pending.get(index, NOTHING) | changes
        self.refresh_status()

    @Slot(int)
    def _on_tab_changed(self, index: int) -> None:
        changes = self._pending.pop(index, None)
        if changes is not None and 0 <= index < len(self._listeners()):
            self._listeners()[index].apply_changes(changes)

    # --- actions ------------------------------------------------------------

    @Slot()
    def open_database_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Buka basis data"),
            "",
            self.tr("Basis data Kantor (*.db);;Semua berkas (*)"),
        )
        if path:
            self.switch_database(f"sqlite:///{Path(path).resolve()}")

    @Slot()
    def open_database_server(self) -> None:
        url, ok = QInputDialog.getText(
            self,
            self.tr("Server PostgreSQL"),
            self.tr("Alamat basis data (postgresql+psycopg://pengguna:sandi@server/nama):"),
            QLineEdit.EchoMode.Normal,
            "postgresql+psycopg://",
        )
        if ok and url.strip():
            self.switch_database(url.strip())

    def switch_database(self, url: str) -> None:
        """Open (and migrate) the database at `url` on the database thread, then show it.

        Migrating an older file can take a while: the window stays responsive
        behind a busy indicator, and a failure keeps the current database.
        """

        def work(_ctx: TaskContext) -> Database:
            new_db = open_database(url)
            try:
                with new_db.session() as session:
                    counts(session)  # a database that opens but cannot be read fails here
            except BaseException:
                new_db.dispose()
                raise
            return new_db

        def opened(new_db: Database) -> None:
            if task.context.is_cancelled():
                new_db.dispose()  # the user gave up waiting: keep the current database
                return
            self._show_database(new_db)

        def failed(exc: BaseException) -> None:
            # A wrong URL or a driver error is told as the store or driver words it.
            QMessageBox.critical(self, self.tr("Gagal membuka basis data"), describe_error(exc))

        task = run_task(self, self.tr("Buka basis data"), work, opened, failed)
        self.switch_task = task

    def _show_database(self, new_db: Database) -> None:
        old, current = self.db, self.tabs.currentIndex()
        self.db = new_db
        for tab in self._tab_widgets():
            tab.deleteLater()
        self.tabs.clear()
        self._pending.clear()
        self._build_tabs()
        self._build_menus()
        self.tabs.setCurrentIndex(current)
        old.dispose()
        self.refresh_status()

    @Slot()
    def open_branch_settings(self) -> None:
        dialog = SettingsDialog(self.db, self, today=self.employers_tab.today())
        # Its saves are operations: they told the tabs themselves, OK or Cancel.
        dialog.exec()
        dialog.deleteLater()

    @Slot()
    def backup_database(self) -> None:
        suggested = f"kantor-cadangan-{datetime.now():%Y%m%d-%H%M}.db"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Cadangkan basis data"), suggested, self.tr("Basis data (*.db)")
        )
        if not path:
            return
        db, target_path = self.db, Path(path)

        def saved(target: Path) -> None:
            self.statusBar().showMessage(
                self.tr("Cadangan tersimpan: %1").replace("%1", str(target)), 8000
            )

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ServiceError):
                QMessageBox.warning(self, self.tr("Cadangan"), service_error_text(exc))
            else:
                show_failure(self, self.tr("Cadangan"), exc)

        # Copying a large database takes seconds: off the GUI thread, like every write.
        self.backup_task = run_task(
            self,
            self.tr("Cadangkan basis data"),
            lambda _ctx: backup_to(db, target_path),
            saved,
            failed,
        )

    def _set_language(self, code: str) -> None:
        store = settings()
        store.setValue("ui/language", code)
        store.sync()
        QMessageBox.information(
            self,
            self.tr("Bahasa"),
            self.tr("Bahasa antarmuka berganti setelah Kantor dibuka ulang."),
        )

    @Slot()
    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("Tentang Kantor"),
            self.tr(
                "<b>Kantor</b> %1<br>Peserta, kepatuhan perusahaan dan penjangkauan "
                "untuk kantor cabang BPJS Ketenagakerjaan di Kalimantan Timur dan "
                "Kalimantan Utara.<br><br>Basis data: %2"
            )
            .replace("%1", __version__)
            .replace("%2", self.db.location),
        )
