"""sanction cases, letter receipt, confirmed UMK and holidays, labour offices, payments

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03

Issue 9 ("Letters that hold up"):

- ``sanction_case``: one PP 86/2013 case per employer and violation, opened by
  a Teguran I; ``letter.case_id`` ties each step to it.
- ``letter.received_on`` / ``receipt_note``: periods run from receipt.
- ``minimum_wage.confirmed`` / ``decree_number`` / ``decree_date`` and
  ``holiday.confirmed``: only confirmed figures go on paper. Existing rows
  are estimates until the branch confirms them.
- ``labour_office``: the Disnaker of each province and kab/kota (tembusan).
- ``contribution_payment`` and ``contribution_period.fee_paid``: every
  payment is a row of its own, and a late fee stays owed until it is paid.
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _synced_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "sanction_case",
        sa.Column("employer_id", sa.Uuid(), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("violations", sa.String(length=400), nullable=False),
        sa.Column("scope_json", sa.Text(), nullable=False),
        sa.Column("step", sa.String(length=20), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("close_reason", sa.String(length=20), nullable=False),
        sa.Column("close_note", sa.Text(), nullable=False),
        *_synced_columns(),
        sa.ForeignKeyConstraint(
            ["employer_id"], ["employer.id"], name=op.f("fk_sanction_case_employer_id_employer")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sanction_case")),
    )
    op.create_index(
        op.f("ix_sanction_case_employer_id"), "sanction_case", ["employer_id"], unique=False
    )
    with op.batch_alter_table("letter") as batch_op:
        batch_op.add_column(sa.Column("case_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("received_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("receipt_note", sa.Text(), nullable=False, server_default="")
        )
        batch_op.create_index(batch_op.f("ix_letter_case_id"), ["case_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_letter_case_id_sanction_case"), "sanction_case", ["case_id"], ["id"]
        )
    with op.batch_alter_table("minimum_wage") as batch_op:
        batch_op.add_column(
            sa.Column("confirmed", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("decree_number", sa.String(length=120), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("decree_date", sa.Date(), nullable=True))
    with op.batch_alter_table("holiday") as batch_op:
        batch_op.add_column(
            sa.Column("confirmed", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "labour_office",
        sa.Column("region_code", sa.String(length=13), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_code"], ["region.code"], name=op.f("fk_labour_office_region_code_region")
        ),
        sa.PrimaryKeyConstraint("region_code", name=op.f("pk_labour_office")),
    )
    with op.batch_alter_table("contribution_period") as batch_op:
        batch_op.add_column(
            sa.Column("fee_paid", sa.BigInteger(), nullable=False, server_default="0")
        )
    op.create_table(
        "contribution_payment",
        sa.Column("employer_id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("receipt_number", sa.String(length=60), nullable=False),
        sa.Column("recorded_by", sa.String(length=60), nullable=False),
        *_synced_columns(),
        sa.ForeignKeyConstraint(
            ["employer_id"],
            ["employer.id"],
            name=op.f("fk_contribution_payment_employer_id_employer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contribution_payment")),
    )
    op.create_index(
        op.f("ix_contribution_payment_employer_id"),
        "contribution_payment",
        ["employer_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_contribution_payment_employer_id"), table_name="contribution_payment")
    op.drop_table("contribution_payment")
    with op.batch_alter_table("contribution_period") as batch_op:
        batch_op.drop_column("fee_paid")
    op.drop_table("labour_office")
    with op.batch_alter_table("holiday") as batch_op:
        batch_op.drop_column("confirmed")
    with op.batch_alter_table("minimum_wage") as batch_op:
        batch_op.drop_column("decree_date")
        batch_op.drop_column("decree_number")
        batch_op.drop_column("confirmed")
    with op.batch_alter_table("letter") as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_letter_case_id_sanction_case"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_letter_case_id"))
        batch_op.drop_column("receipt_note")
        batch_op.drop_column("received_on")
        batch_op.drop_column("case_id")
    op.drop_index(op.f("ix_sanction_case_employer_id"), table_name="sanction_case")
    op.drop_table("sanction_case")
