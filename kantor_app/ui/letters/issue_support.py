"""What the issue dialog asks besides its own page: the filter's status, the wilayah kerja.

Kept out of issue_dialog so that module stays within the size rule.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from kantor_app.services.errors import ServiceError
from kantor_app.ui.tasks import service_error_text

OUTSIDE_AREA = "letters_outside_area"  # the service's refusal code (services.letters.readiness)


def _tr(text: str) -> str:
    return QCoreApplication.translate("IssueSupport", text)


def letter_service_noncompliant(status: str | None) -> str:
    """The filter's status when it is a non-compliant one, else all non-compliant."""
    from kantor_app.domain.compliance import Status
    from kantor_app.services.employers.query import NONCOMPLIANT

    if status and status != Status.PATUH.value:
        return status
    return NONCOMPLIANT


def confirmed_outside_area(parent: QWidget, exc: BaseException) -> bool:
    """True when ``exc`` refused employers outside the wilayah kerja and the user,
    having read which, chose to issue to them anyway."""
    if not isinstance(exc, ServiceError) or exc.code != OUTSIDE_AREA:
        return False
    box = QMessageBox(QMessageBox.Icon.Question, _tr("Di luar wilayah kerja"), "", parent=parent)
    box.setText(service_error_text(exc))
    box.setInformativeText(_tr("Terbitkan juga surat untuk perusahaan tersebut?"))
    issue = box.addButton(_tr("Terbitkan juga"), QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(_tr("Batal"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is issue
