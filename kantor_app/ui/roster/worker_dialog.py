"""Add or edit one worker, with the import's validation as the user types."""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal, Slot
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kantor_app.domain.nik import NikInfo, check_nik_live, parse_nik
from kantor_app.services.roster.query import (
    SEGMENT_LABELS,
    STATUS_LABELS,
    SaveResult,
    WorkerData,
    region_table,
    save_worker,
    worker_detail,
)
from kantor_app.store.engine import Database
from kantor_app.ui.operations import Changes, run_op
from kantor_app.ui.roster.regions import RegionPickers
from kantor_app.ui.tasks import Task, describe_error

ERROR_STYLE = "color: #b3261e;"
OK_STYLE = "color: #1b6e20;"
# QDateEdit cannot be empty: its minimum stands for "not filled in".
NO_DATE = QDate(1900, 1, 1)


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


class WorkerDialog(QDialog):
    saved = Signal(object)  # the worker's uuid

    def __init__(
        self, db: Database, worker_id: uuid.UUID | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.worker_id = worker_id
        self._regions = region_table()
        self._codes = self._regions.regency_codes_for_nik()
        self._task: Task[SaveResult] | None = None
        self.setWindowTitle(
            self.tr("Tambah peserta") if worker_id is None else self.tr("Ubah peserta")
        )
        self.setMinimumWidth(520)

        self._build_fields()
        self._build_layout()
        self.nik.textChanged.connect(self._validate)
        self.name.textChanged.connect(self._validate)
        self.nik.editingFinished.connect(self._fill_from_nik)
        if worker_id is not None:
            self._load(worker_id)
        self._validate()

    # --- construction -----------------------------------------------------------

    def _build_fields(self) -> None:
        """One input per worker field, in the order of the form."""
        self.nik = QLineEdit(self)
        self.nik.setPlaceholderText(self.tr("16 digit, mis. 6472014508900012"))
        self.nik.setMaxLength(24)
        self.nik_hint = QLabel(self)
        self.nik_hint.setWordWrap(True)
        self.name = QLineEdit(self)
        self.name.setMaxLength(200)
        self.birth = QDateEdit(self)
        self.birth.setCalendarPopup(True)
        self.birth.setDisplayFormat("dd-MM-yyyy")
        self.birth.setMinimumDate(NO_DATE)
        self.birth.setMaximumDate(QDate.currentDate())
        self.birth.setSpecialValueText(self.tr("(dari NIK)"))
        self.birth.setDate(NO_DATE)
        self.gender = QComboBox(self)
        self.gender.addItem(self.tr("(dari NIK)"), None)
        self.gender.addItem(self.tr("Laki-laki"), "L")
        self.gender.addItem(self.tr("Perempuan"), "P")
        self.address = QLineEdit(self)
        self.regency = QComboBox(self)
        self.district = QComboBox(self)
        self.village = QComboBox(self)
        none_chosen = self.tr("(belum dipilih)")
        self.pickers = RegionPickers(
            self._regions,
            self.regency,
            self.district,
            self.village,
            empty_label=(none_chosen, none_chosen, none_chosen),
            parent=self,
        )
        self.occupation = QLineEdit(self)
        self.phone = QLineEdit(self)
        self.income = QLineEdit(self)
        self.income.setValidator(QIntValidator(0, 2_000_000_000, self))
        self.income.setPlaceholderText(self.tr("rupiah per bulan"))
        self.segment = QComboBox(self)
        for code, label in SEGMENT_LABELS.items():
            self.segment.addItem(label, code)
        self.segment.setCurrentIndex(self.segment.findData("BPU"))
        self.status = QComboBox(self)
        for code, label in STATUS_LABELS.items():
            self.status.addItem(self.tr(label), code)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)

    def _build_layout(self) -> None:
        """The form, the error line and Simpan/Batal."""
        form = QFormLayout()
        form.addRow(self.tr("&NIK"), self.nik)
        form.addRow("", self.nik_hint)
        form.addRow(self.tr("Na&ma"), self.name)
        form.addRow(self.tr("Tanggal &lahir"), self.birth)
        form.addRow(self.tr("Jenis &kelamin"), self.gender)
        form.addRow(self.tr("&Alamat"), self.address)
        form.addRow(self.tr("Kabupaten/&Kota"), self.regency)
        form.addRow(self.tr("K&ecamatan"), self.district)
        form.addRow(self.tr("&Desa/Kelurahan"), self.village)
        form.addRow(self.tr("&Pekerjaan"), self.occupation)
        form.addRow(self.tr("No &HP"), self.phone)
        form.addRow(self.tr("Pengh&asilan"), self.income)
        form.addRow(self.tr("&Segmen"), self.segment)
        form.addRow(self.tr("S&tatus"), self.status)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Simpan"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Batal"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _load(self, worker_id: uuid.UUID) -> None:
        with self.db.session() as session:
            data = worker_detail(session, worker_id)
        if data is None:
            self.error.setText(self.tr("Peserta ini sudah tidak ada di basis data."))
            return
        self.nik.setText(data.nik)
        self.name.setText(data.name)
        if data.birth_date:
            self.birth.setDate(_qdate(data.birth_date))
        self.gender.setCurrentIndex(max(self.gender.findData(data.gender), 0))
        self.address.setText(data.address)
        self.pickers.set_codes(data.regency_code, data.district_code, data.village_code)
        self.occupation.setText(data.occupation)
        self.phone.setText(data.phone)
        self.income.setText("" if data.income is None else str(data.income))
        self.segment.setCurrentIndex(max(self.segment.findData(data.segment), 0))
        self.status.setCurrentIndex(max(self.status.findData(data.status), 0))

    # --- live checks ----------------------------------------------------------

    def _nik_info(self) -> NikInfo | None:
        info = parse_nik(self.nik.text(), self._codes)
        return info if isinstance(info, NikInfo) else None

    @Slot()
    def _validate(self) -> None:
        problem = check_nik_live(self.nik.text(), self._codes)
        if problem is None:
            info = self._nik_info()
            region = self._regions.regency_name(info.regency_code) if info else ""
            self.nik_hint.setStyleSheet(OK_STYLE)
            self.nik_hint.setText(self.tr("NIK valid") + (f" — {region}" if region else ""))
        else:
            self.nik_hint.setStyleSheet(ERROR_STYLE)
            self.nik_hint.setText(problem)
        name_ok = bool(self.name.text().strip())
        self.save_button.setEnabled(problem is None and name_ok and self._task is None)
        if problem is None and not name_ok:
            self.error.setText(self.tr("Nama wajib diisi."))
        elif self.error.text() == self.tr("Nama wajib diisi."):
            self.error.clear()

    @Slot()
    def _fill_from_nik(self) -> None:
        """A valid NIK carries birth date, gender and regency: fill what is still empty."""
        info = self._nik_info()
        if info is None:
            return
        if self.birth.date() == NO_DATE:
            self.birth.setDate(_qdate(info.birth_date))
        if self.gender.currentData() is None:
            self.gender.setCurrentIndex(self.gender.findData(info.gender))
        if self.regency.currentData() is None and self._regions.regency(info.regency_code):
            self.pickers.set_codes(info.regency_code)

    # --- saving -----------------------------------------------------------------

    def data(self) -> WorkerData:
        birth = self.birth.date()
        income = self.income.text().strip()
        regency, district, village = self.pickers.codes()
        return WorkerData(
            nik=self.nik.text(),
            name=self.name.text(),
            birth_date=None if birth == NO_DATE else birth.toPython(),  # type: ignore[arg-type]
            gender=self.gender.currentData(),
            address=self.address.text(),
            regency_code=regency,
            district_code=district,
            village_code=village,
            occupation=self.occupation.text(),
            phone=self.phone.text(),
            income=int(income) if income else None,
            segment=self.segment.currentData(),
            status=self.status.currentData(),
        )

    @Slot()
    def save(self) -> None:
        if not self.save_button.isEnabled():
            return
        data, db, worker_id = self.data(), self.db, self.worker_id
        self.error.clear()
        self.save_button.setEnabled(False)
        self._task = run_op(
            self,
            self.tr("Menyimpan peserta"),
            lambda _ctx: save_worker(db, data, worker_id=worker_id),
            self._saved,
            changes=Changes(workers=True),
            on_failure=self._failed,
        )

    def _saved(self, result: SaveResult) -> None:
        self._task = None
        self.saved.emit(result.worker_id)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._task = None
        message = describe_error(exc)  # a refusal in the interface language
        self.error.setText(message)
        self._validate()

    def keyPressEvent(self, event: object) -> None:
        # Enter in a field must not save a half-typed form by accident.
        from PySide6.QtGui import QKeyEvent

        if (
            isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not self.save_button.isEnabled()
        ):
            return
        super().keyPressEvent(event)  # type: ignore[arg-type]
