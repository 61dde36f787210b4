"""All ORM models; importing this package registers every table on `Base.metadata`."""

from kantor_app.store.base import Base
from kantor_app.store.models.admin import (
    AuditEvent,
    Holiday,
    LabourOffice,
    MinimumWage,
    Rate,
    Setting,
    StaffUser,
)
from kantor_app.store.models.employers import (
    ContributionPayment,
    ContributionPeriod,
    Employer,
    EmployerFinding,
)
from kantor_app.store.models.letters import Letter, LetterSequence, SanctionCase
from kantor_app.store.models.outreach import (
    CoverageTarget,
    FundingMember,
    FundingProgram,
    OutreachActivity,
    PublicWorksPackage,
)
from kantor_app.store.models.regions import Region
from kantor_app.store.models.workers import Worker

__all__ = [
    "AuditEvent",
    "Base",
    "ContributionPayment",
    "ContributionPeriod",
    "CoverageTarget",
    "Employer",
    "EmployerFinding",
    "FundingMember",
    "FundingProgram",
    "Holiday",
    "LabourOffice",
    "Letter",
    "LetterSequence",
    "MinimumWage",
    "OutreachActivity",
    "PublicWorksPackage",
    "Rate",
    "Region",
    "SanctionCase",
    "Setting",
    "StaffUser",
    "Worker",
]
