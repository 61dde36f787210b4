"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 23:21:32.093813
"""

from collections.abc import Sequence

import csv
from pathlib import Path

import sqlalchemy as sa
from alembic import op

from kantor_app.resources import resource_path


revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table('audit_event',
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('username', sa.String(length=60), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.String(length=40), nullable=False),
    sa.Column('action', sa.String(length=30), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_entity_id'), ['entity_id'], unique=False)

    op.create_table('holiday',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_holiday'))
    )
    op.create_table('letter_sequence',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('series', sa.String(length=40), nullable=False),
    sa.Column('last_number', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('year', 'series', name=op.f('pk_letter_sequence'))
    )
    op.create_table('rate',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('program', sa.String(length=20), nullable=False),
    sa.Column('segment', sa.String(length=10), nullable=False),
    sa.Column('risk_class', sa.String(length=1), nullable=True),
    sa.Column('band_from', sa.BigInteger(), nullable=True),
    sa.Column('value', sa.Numeric(precision=12, scale=4), nullable=False),
    sa.Column('unit', sa.String(length=2), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('legal_basis', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rate'))
    )
    op.create_table('region',
    sa.Column('code', sa.String(length=13), nullable=False),
    sa.Column('level', sa.String(length=10), nullable=False),
    sa.Column('parent_code', sa.String(length=13), nullable=True),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('historic', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['parent_code'], ['region.code'], name=op.f('fk_region_parent_code_region')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_region'))
    )
    with op.batch_alter_table('region', schema=None) as batch_op:
        batch_op.create_index('ix_region_parent_level', ['parent_code', 'level'], unique=False)

    op.create_table('setting',
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_setting'))
    )
    op.create_table('staff_user',
    sa.Column('username', sa.String(length=60), nullable=False),
    sa.Column('full_name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=30), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_user')),
    sa.UniqueConstraint('username', name=op.f('uq_staff_user_username'))
    )
    op.create_table('coverage_target',
    sa.Column('regency_code', sa.String(length=13), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('segment', sa.String(length=10), nullable=False),
    sa.Column('target', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['regency_code'], ['region.code'], name=op.f('fk_coverage_target_regency_code_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coverage_target')),
    sa.UniqueConstraint('regency_code', 'year', 'segment', name=op.f('uq_coverage_target_regency_code'))
    )
    op.create_table('employer',
    sa.Column('npp', sa.String(length=20), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('legal_form', sa.String(length=20), nullable=False),
    sa.Column('npwp', sa.String(length=16), nullable=True),
    sa.Column('nib', sa.String(length=13), nullable=True),
    sa.Column('kbli_code', sa.String(length=5), nullable=True),
    sa.Column('kbli_version', sa.String(length=10), nullable=False),
    sa.Column('sector', sa.String(length=20), nullable=False),
    sa.Column('scale', sa.String(length=10), nullable=False),
    sa.Column('address', sa.String(length=500), nullable=False),
    sa.Column('regency_code', sa.String(length=13), nullable=True),
    sa.Column('contact_person', sa.String(length=120), nullable=False),
    sa.Column('contact_phone', sa.String(length=40), nullable=False),
    sa.Column('jkk_risk_class', sa.String(length=1), nullable=False),
    sa.Column('workers_reported', sa.Integer(), nullable=True),
    sa.Column('wage_reported', sa.BigInteger(), nullable=True),
    sa.Column('programs', sa.String(length=40), nullable=False),
    sa.Column('compliance_status', sa.String(length=20), nullable=False),
    sa.Column('arrears_total', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['regency_code'], ['region.code'], name=op.f('fk_employer_regency_code_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_employer')),
    sa.UniqueConstraint('npp', name=op.f('uq_employer_npp'))
    )
    with op.batch_alter_table('employer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_employer_compliance_status'), ['compliance_status'], unique=False)
        batch_op.create_index(batch_op.f('ix_employer_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_employer_regency_code'), ['regency_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_employer_sector'), ['sector'], unique=False)

    op.create_table('funding_program',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('funder_name', sa.String(length=200), nullable=False),
    sa.Column('regency_code', sa.String(length=13), nullable=True),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('quota', sa.Integer(), nullable=False),
    sa.Column('monthly_amount', sa.BigInteger(), nullable=False),
    sa.Column('programs', sa.String(length=40), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['regency_code'], ['region.code'], name=op.f('fk_funding_program_regency_code_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_funding_program'))
    )
    op.create_table('minimum_wage',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('regency_code', sa.String(length=13), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['regency_code'], ['region.code'], name=op.f('fk_minimum_wage_regency_code_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_minimum_wage')),
    sa.UniqueConstraint('regency_code', 'year', name=op.f('uq_minimum_wage_regency_code'))
    )
    op.create_table('contribution_period',
    sa.Column('employer_id', sa.Uuid(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('due', sa.BigInteger(), nullable=False),
    sa.Column('paid', sa.BigInteger(), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['employer_id'], ['employer.id'], name=op.f('fk_contribution_period_employer_id_employer'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contribution_period')),
    sa.UniqueConstraint('employer_id', 'year', 'month', name=op.f('uq_contribution_period_employer_id'))
    )
    with op.batch_alter_table('contribution_period', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contribution_period_employer_id'), ['employer_id'], unique=False)

    op.create_table('employer_finding',
    sa.Column('employer_id', sa.Uuid(), nullable=False),
    sa.Column('found_on', sa.Date(), nullable=False),
    sa.Column('source', sa.String(length=40), nullable=False),
    sa.Column('workers_found', sa.Integer(), nullable=True),
    sa.Column('wage_found', sa.BigInteger(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('officer', sa.String(length=120), nullable=False),
    sa.Column('resolved_on', sa.Date(), nullable=True),
    sa.Column('resolution_note', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['employer_id'], ['employer.id'], name=op.f('fk_employer_finding_employer_id_employer'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_employer_finding'))
    )
    with op.batch_alter_table('employer_finding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_employer_finding_employer_id'), ['employer_id'], unique=False)

    op.create_table('letter',
    sa.Column('number', sa.String(length=80), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('employer_id', sa.Uuid(), nullable=False),
    sa.Column('previous_letter_id', sa.Uuid(), nullable=True),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('pdf', sa.LargeBinary(), nullable=False),
    sa.Column('content_json', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('printed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_on', sa.Date(), nullable=True),
    sa.Column('answered_on', sa.Date(), nullable=True),
    sa.Column('answer_note', sa.Text(), nullable=False),
    sa.Column('issued_by', sa.String(length=60), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['employer_id'], ['employer.id'], name=op.f('fk_letter_employer_id_employer')),
    sa.ForeignKeyConstraint(['previous_letter_id'], ['letter.id'], name=op.f('fk_letter_previous_letter_id_letter')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letter')),
    sa.UniqueConstraint('number', name=op.f('uq_letter_number'))
    )
    with op.batch_alter_table('letter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_letter_employer_id'), ['employer_id'], unique=False)

    op.create_table('outreach_activity',
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('regency_code', sa.String(length=13), nullable=True),
    sa.Column('district_code', sa.String(length=13), nullable=True),
    sa.Column('village_code', sa.String(length=13), nullable=True),
    sa.Column('funding_program_id', sa.Uuid(), nullable=True),
    sa.Column('workers_registered', sa.Integer(), nullable=False),
    sa.Column('officer', sa.String(length=120), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['district_code'], ['region.code'], name=op.f('fk_outreach_activity_district_code_region')),
    sa.ForeignKeyConstraint(['funding_program_id'], ['funding_program.id'], name=op.f('fk_outreach_activity_funding_program_id_funding_program')),
    sa.ForeignKeyConstraint(['regency_code'], ['region.code'], name=op.f('fk_outreach_activity_regency_code_region')),
    sa.ForeignKeyConstraint(['village_code'], ['region.code'], name=op.f('fk_outreach_activity_village_code_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outreach_activity'))
    )
    op.create_table('public_works_package',
    sa.Column('kd_rup', sa.String(length=30), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('pagu', sa.BigInteger(), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('klpd_name', sa.String(length=200), nullable=False),
    sa.Column('satker_name', sa.String(length=200), nullable=False),
    sa.Column('procurement_type', sa.String(length=40), nullable=False),
    sa.Column('method', sa.String(length=40), nullable=False),
    sa.Column('funding_source', sa.String(length=20), nullable=False),
    sa.Column('location', sa.String(length=300), nullable=False),
    sa.Column('regency_code', sa.String(length=13), nullable=True),
    sa.Column('contractor_id', sa.Uuid(), nullable=True),
    sa.Column('contract_value', sa.BigInteger(), nullable=True),
    sa.Column('spk_date', sa.Date(), nullable=True),
    sa.Column('jakon_registered_on', sa.Date(), nullable=True),
    sa.Column('jakon_number', sa.String(length=40), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['contractor_id'], ['employer.id'], name=op.f('fk_public_works_package_contractor_id_employer')),
    sa.ForeignKeyConstraint(['regency_code'], ['region.code'], name=op.f('fk_public_works_package_regency_code_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_public_works_package')),
    sa.UniqueConstraint('kd_rup', name=op.f('uq_public_works_package_kd_rup'))
    )
    with op.batch_alter_table('public_works_package', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_public_works_package_regency_code'), ['regency_code'], unique=False)

    op.create_table('worker',
    sa.Column('nik', sa.String(length=16), nullable=False),
    sa.Column('kpj', sa.String(length=20), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_key', sa.String(length=200), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('gender', sa.String(length=1), nullable=True),
    sa.Column('address', sa.String(length=500), nullable=False),
    sa.Column('regency_code', sa.String(length=13), nullable=True),
    sa.Column('district_code', sa.String(length=13), nullable=True),
    sa.Column('village_code', sa.String(length=13), nullable=True),
    sa.Column('occupation', sa.String(length=120), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('income', sa.BigInteger(), nullable=True),
    sa.Column('segment', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('employer_id', sa.Uuid(), nullable=True),
    sa.Column('warnings', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=255), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['district_code'], ['region.code'], name=op.f('fk_worker_district_code_region')),
    sa.ForeignKeyConstraint(['employer_id'], ['employer.id'], name=op.f('fk_worker_employer_id_employer')),
    sa.ForeignKeyConstraint(['regency_code'], ['region.code'], name=op.f('fk_worker_regency_code_region')),
    sa.ForeignKeyConstraint(['village_code'], ['region.code'], name=op.f('fk_worker_village_code_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_worker')),
    sa.UniqueConstraint('nik', name=op.f('uq_worker_nik'))
    )
    with op.batch_alter_table('worker', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_worker_employer_id'), ['employer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_worker_name_key'), ['name_key'], unique=False)
        batch_op.create_index('ix_worker_region', ['regency_code', 'district_code', 'village_code'], unique=False)
        batch_op.create_index('ix_worker_segment_status', ['segment', 'status'], unique=False)

    op.create_table('funding_member',
    sa.Column('program_id', sa.Uuid(), nullable=False),
    sa.Column('worker_id', sa.Uuid(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('monthly_amount', sa.BigInteger(), nullable=False),
    sa.Column('declared_income', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['program_id'], ['funding_program.id'], name=op.f('fk_funding_member_program_id_funding_program'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['worker_id'], ['worker.id'], name=op.f('fk_funding_member_worker_id_worker'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_funding_member')),
    sa.UniqueConstraint('program_id', 'worker_id', name=op.f('uq_funding_member_program_id'))
    )
    with op.batch_alter_table('funding_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_funding_member_program_id'), ['program_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_funding_member_worker_id'), ['worker_id'], unique=False)




    _load_regions()


def _read(name: str) -> list[dict[str, str]]:
    path: Path = resource_path("wilayah", name)
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _load_regions() -> None:
    """Kemendagri codes: every province and kab/kota, Kaltim/Kaltara down to desa."""
    region = sa.table(
        "region",
        sa.column("code", sa.String),
        sa.column("level", sa.String),
        sa.column("parent_code", sa.String),
        sa.column("name", sa.String),
        sa.column("kind", sa.String),
        sa.column("historic", sa.Boolean),
    )
    rows: list[dict[str, object]] = []
    for r in _read("provinces.csv"):
        rows.append(dict(code=r["kode"], level="provinsi", parent_code=None, name=r["nama"],
                         kind="Provinsi", historic=False))
    provinces = {str(r["code"]) for r in rows}
    for r in _read("regencies.csv"):
        rows.append(dict(code=r["kode"], level="kabupaten", parent_code=r["kode_provinsi"],
                         name=r["nama"], kind=r["jenis"], historic=False))
    for r in _read("regencies_historic.csv"):
        parent = r["kode_provinsi_lama"]
        rows.append(dict(code=r["kode"], level="kabupaten",
                         parent_code=parent if parent in provinces else None,
                         name=r["nama"], kind="Historis", historic=True))
    for r in _read("districts.csv"):
        rows.append(dict(code=r["kode"], level="kecamatan", parent_code=r["kode_kabupaten"],
                         name=r["nama"], kind="Kecamatan", historic=False))
    for r in _read("villages.csv"):
        rows.append(dict(code=r["kode"], level="desa", parent_code=r["kode_kecamatan"],
                         name=r["nama"], kind=r["jenis"], historic=False))
    op.bulk_insert(region, rows)


def downgrade() -> None:

    with op.batch_alter_table('funding_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_funding_member_worker_id'))
        batch_op.drop_index(batch_op.f('ix_funding_member_program_id'))

    op.drop_table('funding_member')
    with op.batch_alter_table('worker', schema=None) as batch_op:
        batch_op.drop_index('ix_worker_segment_status')
        batch_op.drop_index('ix_worker_region')
        batch_op.drop_index(batch_op.f('ix_worker_name_key'))
        batch_op.drop_index(batch_op.f('ix_worker_employer_id'))

    op.drop_table('worker')
    with op.batch_alter_table('public_works_package', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_public_works_package_regency_code'))

    op.drop_table('public_works_package')
    op.drop_table('outreach_activity')
    with op.batch_alter_table('letter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_letter_employer_id'))

    op.drop_table('letter')
    with op.batch_alter_table('employer_finding', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_employer_finding_employer_id'))

    op.drop_table('employer_finding')
    with op.batch_alter_table('contribution_period', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contribution_period_employer_id'))

    op.drop_table('contribution_period')
    op.drop_table('minimum_wage')
    op.drop_table('funding_program')
    with op.batch_alter_table('employer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_employer_sector'))
        batch_op.drop_index(batch_op.f('ix_employer_regency_code'))
        batch_op.drop_index(batch_op.f('ix_employer_name'))
        batch_op.drop_index(batch_op.f('ix_employer_compliance_status'))

    op.drop_table('employer')
    op.drop_table('coverage_target')
    op.drop_table('staff_user')
    op.drop_table('setting')
    with op.batch_alter_table('region', schema=None) as batch_op:
        batch_op.drop_index('ix_region_parent_level')

    op.drop_table('region')
    op.drop_table('rate')
    op.drop_table('letter_sequence')
    op.drop_table('holiday')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_entity_id'))
        batch_op.drop_index(batch_op.f('ix_audit_event_at'))

    op.drop_table('audit_event')

