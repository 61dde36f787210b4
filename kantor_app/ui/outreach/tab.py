"""The Penjangkauan (outreach) tab: coverage per kab/kota against target,
funding programs for pekerja rentan, field activities, and SiRUP packages
with their Jakon registration status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import (
    QAbstractItemModel,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kantor_app.domain.money import format_rupiah
from kantor_app.domain.vocabulary import SEGMENTS
from kantor_app.services.outreach import overview as outreach
from kantor_app.services.outreach.overview import (
    ActivityRow,
    CoverageRow,
    FundingRow,
    JakonStatus,
    PackageRow,
)
from kantor_app.store.engine import Database
from kantor_app.ui.operations import Changes
from kantor_app.ui.outreach.cells import (
    PercentBarDelegate,
    coverage_color,
    date_text,
    kind_label,
    source_label,
    status_color,
    status_label,
)
from kantor_app.ui.outreach.models import (
    Column,
    RowsModel,
)
from kantor_app.ui.tasks import Task, TaskContext, run_task
from kantor_app.ui.widgets.numbers import format_number, format_percent


@dataclass(frozen=True)
class OutreachData:
    """Everything the tab shows, read in one go on the database thread."""

    years: list[int]
    year: int
    coverage: list[CoverageRow]
    funding: list[FundingRow]
    activities: list[ActivityRow]
    packages: list[PackageRow]


def load_outreach(db: Database, year: int | None, segment: str | None, today: date) -> OutreachData:
    with db.session() as session:
        years = outreach.coverage_years(session)
        chosen = year if year is not None else (years[0] if years else today.year)
        return OutreachData(
            years=years,
            year=chosen,
            coverage=outreach.coverage_by_regency(session, chosen, segment),
            funding=outreach.funding_programs(session),
            activities=outreach.outreach_activities(session),
            packages=outreach.public_works_packages(session, today),
        )


def _table(model: QAbstractItemModel, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setSortingEnabled(True)
    # Rows arrive in the service's order; no column is the sort key until clicked.
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    view.horizontalHeader().setStretchLastSection(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.setWordWrap(False)
    return view


# Coverage counts workers, packages name contractors, Jakon deadlines skip holidays.
SHOWN = Changes(workers=True, employers=True, outreach=True, reference=True)


class OutreachTab(QWidget):
    """Penjangkauan: coverage, funding, field activities and Jakon packages."""

    loaded = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._task: Task[OutreachData] | None = None
        self._reload_pending = False
        self._year: int | None = None

        self.coverage_model: RowsModel[CoverageRow] = RowsModel(self._coverage_columns(), self)
        self.funding_model: RowsModel[FundingRow] = RowsModel(self._funding_columns(), self)
        self.activity_model: RowsModel[ActivityRow] = RowsModel(self._activity_columns(), self)
        self.package_model: RowsModel[PackageRow] = RowsModel(self._package_columns(), self)

        self.sections = QTabWidget(self)
        self.sections.addTab(self._coverage_page(), self.tr("Cakupan per Kab/Kota"))
        self.funding_view = _table(self.funding_model, self)
        self.funding_summary = QLabel(self)
        self.sections.addTab(
            self._page(self.funding_summary, self.funding_view), self.tr("Program Pendanaan")
        )
        self.activity_view = _table(self.activity_model, self)
        self.activity_summary = QLabel(self)
        self.sections.addTab(
            self._page(self.activity_summary, self.activity_view), self.tr("Kegiatan Lapangan")
        )
        self.package_view = _table(self.package_model, self)
        self.package_summary = QLabel(self)
        self.sections.addTab(
            self._page(self.package_summary, self.package_view), self.tr("Paket SiRUP / Jakon")
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.sections)
        self.refresh()

    # --- layout -------------------------------------------------------------

    def _page(self, summary: QLabel, view: QTableView) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.addWidget(summary)
        layout.addWidget(view, 1)
        return page

    def _coverage_page(self) -> QWidget:
        page = QWidget(self)
        filters = QHBoxLayout()
        self.year_combo = QComboBox(page)
        self.year_combo.setAccessibleName(self.tr("Tahun target"))
        self.segment_combo = QComboBox(page)
        self.segment_combo.setAccessibleName(self.tr("Segmen"))
        self.segment_combo.addItem(self.tr("Semua segmen"), None)
        segment_names = {
            "PU": self.tr("Penerima Upah (PU)"),
            "BPU": self.tr("Bukan Penerima Upah (BPU)"),
            "JAKON": self.tr("Jasa Konstruksi (Jakon)"),
            "RENTAN": self.tr("Pekerja Rentan"),
        }
        for segment in SEGMENTS:
            self.segment_combo.addItem(segment_names.get(segment, segment), segment)
        filters.addWidget(QLabel(self.tr("Tahun:"), page))
        filters.addWidget(self.year_combo)
        filters.addSpacing(12)
        filters.addWidget(QLabel(self.tr("Segmen:"), page))
        filters.addWidget(self.segment_combo)
        filters.addStretch(1)
        self.coverage_summary = QLabel(page)
        self.coverage_view = _table(self.coverage_model, page)
        self.coverage_view.setItemDelegateForColumn(3, PercentBarDelegate(self.coverage_view))
        layout = QVBoxLayout(page)
        layout.addLayout(filters)
        layout.addWidget(self.coverage_summary)
        layout.addWidget(self.coverage_view, 1)
        self.year_combo.activated.connect(self._on_filter_changed)
        self.segment_combo.activated.connect(self._on_filter_changed)
        return page

    def _coverage_columns(self) -> list[Column[CoverageRow]]:
        return [
            Column(self.tr("Kab/Kota"), lambda r: r.regency_name, lambda r: r.regency_code),
            Column(
                self.tr("Target"),
                lambda r: format_number(r.target),
                lambda r: r.target,
                numeric=True,
            ),
            Column(
                self.tr("Tercakup"),
                lambda r: format_number(r.covered),
                lambda r: r.covered,
                numeric=True,
            ),
            Column(
                self.tr("Capaian"),
                lambda r: format_percent(r.percent),
                lambda r: r.percent,
                numeric=True,
                color=lambda r: coverage_color(r.percent),
                percent=lambda r: r.percent,
            ),
        ]

    def _funding_columns(self) -> list[Column[FundingRow]]:
        return [
            Column(self.tr("Program"), lambda r: r.name, lambda r: r.name),
            Column(self.tr("Sumber dana"), lambda r: source_label(r.source), lambda r: r.source),
            Column(self.tr("Pemberi dana"), lambda r: r.funder_name, lambda r: r.funder_name),
            Column(
                self.tr("Kuota"), lambda r: format_number(r.quota), lambda r: r.quota, numeric=True
            ),
            Column(
                self.tr("Anggota"),
                lambda r: format_number(r.members),
                lambda r: r.members,
                numeric=True,
            ),
            Column(
                self.tr("Realisasi"),
                lambda r: format_percent(100.0 * r.members / r.quota if r.quota else None),
                lambda r: r.members / r.quota if r.quota else None,
                numeric=True,
            ),
            Column(
                self.tr("Rp/orang/bulan"),
                lambda r: format_rupiah(r.monthly_amount),
                lambda r: r.monthly_amount,
                numeric=True,
            ),
            Column(
                self.tr("Total per bulan"),
                lambda r: format_rupiah(r.monthly_total),
                lambda r: r.monthly_total,
                numeric=True,
            ),
        ]

    def _activity_columns(self) -> list[Column[ActivityRow]]:
        return [
            Column(self.tr("Tanggal"), lambda r: date_text(r.held_on), lambda r: r.held_on),
            Column(self.tr("Jenis"), lambda r: kind_label(r.kind), lambda r: r.kind),
            Column(self.tr("Kegiatan"), lambda r: r.title, lambda r: r.title),
            Column(
                self.tr("Kab/Kota"),
                lambda r: r.regency_name or "",
                lambda r: r.regency_name or "",
            ),
            Column(
                self.tr("Kecamatan"),
                lambda r: r.district_name or "",
                lambda r: r.district_name or "",
            ),
            Column(
                self.tr("Desa/Kelurahan"),
                lambda r: r.village_name or "",
                lambda r: r.village_name or "",
            ),
            Column(
                self.tr("Pendaftar"),
                lambda r: format_number(r.workers_registered),
                lambda r: r.workers_registered,
                numeric=True,
            ),
            Column(self.tr("Petugas"), lambda r: r.officer, lambda r: r.officer),
        ]

    def _package_columns(self) -> list[Column[PackageRow]]:
        return [
            Column(self.tr("Kode RUP"), lambda r: r.kd_rup, lambda r: r.kd_rup),
            Column(self.tr("Nama paket"), lambda r: r.name, lambda r: r.name),
            Column(
                self.tr("Status Jakon"),
                lambda r: status_label(r.status),
                lambda r: r.status.value,
                color=lambda r: status_color(r.status),
                tooltip=lambda r: (
                    self.tr("Didaftarkan {0}, nomor {1}").format(
                        date_text(r.jakon_registered_on), r.jakon_number or "–"
                    )
                    if r.jakon_registered_on
                    else ""
                ),
            ),
            Column(self.tr("Tgl SPK"), lambda r: date_text(r.spk_date), lambda r: r.spk_date),
            Column(self.tr("Batas daftar"), lambda r: date_text(r.deadline), lambda r: r.deadline),
            Column(
                self.tr("Penyedia"),
                lambda r: r.contractor_name or "–",
                lambda r: r.contractor_name or "",
            ),
            Column(
                self.tr("Pagu"), lambda r: format_rupiah(r.pagu), lambda r: r.pagu, numeric=True
            ),
            Column(self.tr("K/L/PD"), lambda r: r.klpd_name, lambda r: r.klpd_name),
            Column(
                self.tr("Kab/Kota"),
                lambda r: r.regency_name or "",
                lambda r: r.regency_name or "",
            ),
        ]

    # --- main-window contract ------------------------------------------------

    def file_actions(self) -> list[QAction]:
        return []

    def apply_changes(self, changes: Changes) -> None:
        """Reload after an operation, when it touched what the figures are made of."""
        if changes.concerns(SHOWN):
            self.refresh()

    def refresh(self) -> None:
        """Reload everything from the database on the database thread."""
        if self._task is not None and self._task.running:
            self._reload_pending = True
            return
        year = self._year
        segment = self.segment_combo.currentData()
        today = date.today()
        db = self.db

        def work(_ctx: TaskContext) -> OutreachData:
            return load_outreach(db, year, segment, today)

        self._task = run_task(
            self,
            self.tr("Memuat data penjangkauan"),
            work,
            self._show,
            on_failure=self._failed,
            show_after_ms=800,
        )

    # --- results -------------------------------------------------------------

    @Slot()
    def _on_filter_changed(self) -> None:
        data = self.year_combo.currentData()
        self._year = int(data) if data is not None else None
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        from kantor_app.ui.tasks import describe_error

        self.coverage_summary.setText(
            self.tr("Data penjangkauan tidak dapat dimuat: {0}").format(describe_error(exc))
        )
        self._after_load()

    def _show(self, data: OutreachData) -> None:
        self._year = data.year
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for year in data.years or [data.year]:
            self.year_combo.addItem(str(year), year)
        self.year_combo.setCurrentIndex(max(0, self.year_combo.findData(data.year)))
        self.year_combo.blockSignals(False)

        self.coverage_model.set_rows(data.coverage)
        target = sum(r.target for r in data.coverage)
        covered = sum(r.covered for r in data.coverage)
        self.coverage_summary.setText(
            self.tr("Total {0}: tercakup {1} dari target {2} ({3}).").format(
                data.year,
                format_number(covered),
                format_number(target),
                format_percent(100.0 * covered / target if target else None),
            )
        )

        self.funding_model.set_rows(data.funding)
        members = sum(r.members for r in data.funding)
        monthly = sum(r.monthly_total for r in data.funding)
        self.funding_summary.setText(
            self.tr("{0} program, {1} pekerja rentan didanai, {2} per bulan.").format(
                format_number(len(data.funding)), format_number(members), format_rupiah(monthly)
            )
        )

        self.activity_model.set_rows(data.activities)
        registered = sum(r.workers_registered for r in data.activities)
        self.activity_summary.setText(
            self.tr("{0} kegiatan, {1} pendaftar.").format(
                format_number(len(data.activities)), format_number(registered)
            )
        )

        self.package_model.set_rows(data.packages)
        late = sum(1 for r in data.packages if r.status is JakonStatus.LATE)
        waiting = sum(1 for r in data.packages if r.status is JakonStatus.NOT_REGISTERED)
        self.package_summary.setText(
            self.tr(
                "{0} paket konstruksi; {1} terlambat didaftarkan Jakon "
                "(lebih dari 14 hari kerja sejak SPK), {2} belum terdaftar."
            ).format(format_number(len(data.packages)), format_number(late), format_number(waiting))
        )
        for view in (self.coverage_view, self.funding_view, self.activity_view, self.package_view):
            view.resizeColumnsToContents()
            for column in range(view.model().columnCount()):
                # Long names (programs, packages) would push the figures off screen.
                view.setColumnWidth(column, min(view.columnWidth(column), 340))
        self.coverage_view.setColumnWidth(3, max(self.coverage_view.columnWidth(3), 160))
        self._after_load()

    def _after_load(self) -> None:
        self._task = None
        self.loaded.emit()
        if self._reload_pending:
            self._reload_pending = False
            self.refresh()
