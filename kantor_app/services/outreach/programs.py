"""The funding programs a roster can be filtered by: newest year first, then by name."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kantor_app.store.models import FundingProgram


@dataclass(frozen=True)
class ProgramChoice:
    id: uuid.UUID
    name: str
    year: int


def program_choices(session: Session) -> list[ProgramChoice]:
    rows = session.execute(
        select(FundingProgram.id, FundingProgram.name, FundingProgram.year).order_by(
            FundingProgram.year.desc(), FundingProgram.name
        )
    )
    return [ProgramChoice(id=row.id, name=row.name, year=row.year) for row in rows]
