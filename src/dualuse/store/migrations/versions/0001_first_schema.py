"""First schema: runs, run rows, determinations, the licence register and the audit log.

Revision ID: 0001
Revises:
Create Date: 2026-05-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Amounts are whole millionths (BigInteger) and times naive UTC; see dualuse.store.types.
AMOUNT = sa.BigInteger()
MOMENT = sa.DateTime()


def upgrade() -> None:
    """Create every table, and the audit head row that starts the hash chain."""
    op.create_table(
        "runs",
        sa.Column("run_id", sa.String(64), nullable=False),
        sa.Column("started_at", MOMENT, nullable=False),
        sa.Column("finished_at", MOMENT),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("source_digest", sa.String(80)),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("as_of", sa.Date()),
        sa.Column("engine_version", sa.String(40), nullable=False),
        sa.Column("rulebase_version", sa.String(80), nullable=False),
        sa.Column("rulebase_digest", sa.String(80), nullable=False),
        sa.Column("options", sa.JSON()),
        sa.Column("counts", sa.JSON()),
        sa.PrimaryKeyConstraint("run_id", name=op.f("pk_runs")),
    )
    op.create_table(
        "run_rows",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.String(64), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("row_id", sa.String(200)),
        sa.Column("input", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("error", sa.Text()),
        sa.ForeignKeyConstraint(["run_id"], ["runs.run_id"], name=op.f("fk_run_rows_run_id_runs"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_run_rows")),
        sa.UniqueConstraint("run_id", "row_number", name=op.f("uq_run_rows_run_id_row_number")),
    )
    op.create_table(
        "determinations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.String(64)),
        sa.Column("row_number", sa.Integer()),
        sa.Column("input_digest", sa.String(80), nullable=False),
        sa.Column("outcome", sa.String(32), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("output", sa.JSON(), nullable=False),
        sa.Column("engine_version", sa.String(40), nullable=False),
        sa.Column("rulebase_version", sa.String(80), nullable=False),
        sa.Column("rulebase_digest", sa.String(80), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["runs.run_id"], name=op.f("fk_determinations_run_id_runs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_determinations")),
    )
    op.create_index(op.f("ix_determinations_input_digest"), "determinations", ["input_digest"])
    op.create_index(op.f("ix_determinations_run_id_row_number"), "determinations", ["run_id", "row_number"])
    op.create_table(
        "licences",
        sa.Column("licence_id", sa.String(100), nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("holder", sa.Text(), nullable=False),
        sa.Column("control_codes", sa.JSON(), nullable=False),
        sa.Column("end_user", sa.Text()),
        sa.Column("destination", sa.String(2)),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=False),
        sa.Column("quantity_granted_micro", AMOUNT),
        sa.Column("quantity_remaining_micro", AMOUNT),
        sa.Column("unit", sa.String(32)),
        sa.Column("value_granted_micro", AMOUNT),
        sa.Column("value_remaining_micro", AMOUNT),
        sa.Column("currency", sa.String(3)),
        sa.Column("revoked_on", sa.Date()),
        sa.Column("revocation_reason", sa.Text()),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("added_at", MOMENT, nullable=False),
        sa.Column("added_by", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("licence_id", name=op.f("pk_licences")),
    )
    op.create_index(op.f("ix_licences_holder"), "licences", ["holder"])
    op.create_table(
        "licence_draw_downs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("licence_id", sa.String(100), nullable=False),
        sa.Column("shipment_ref", sa.String(200), nullable=False),
        sa.Column("quantity_micro", AMOUNT, nullable=False),
        sa.Column("value_micro", AMOUNT),
        sa.Column("drawn_at", MOMENT, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(
            ["licence_id"], ["licences.licence_id"], name=op.f("fk_licence_draw_downs_licence_id_licences")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_licence_draw_downs")),
        sa.UniqueConstraint("licence_id", "shipment_ref", name=op.f("uq_licence_draw_downs_licence_id_shipment_ref")),
    )
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("time", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("event", sa.String(40), nullable=False),
        sa.Column("subject", sa.String(200)),
        sa.Column("run_id", sa.String(64)),
        sa.Column("input_digest", sa.String(80)),
        sa.Column("outcome", sa.String(32)),
        sa.Column("rulebase_version", sa.String(80)),
        sa.Column("rulebase_digest", sa.String(80)),
        sa.Column("engine_version", sa.String(40)),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_log")),
    )
    op.create_index(op.f("ix_audit_log_run_id"), "audit_log", ["run_id"])
    op.create_index(op.f("ix_audit_log_subject"), "audit_log", ["subject"])
    op.create_index(op.f("ix_audit_log_hash"), "audit_log", ["hash"])
    head = op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    # The chain starts from 64 zeros: the first record's prev_hash.
    op.bulk_insert(head, [{"id": 1, "seq": 0, "hash": "0" * 64}])


def downgrade() -> None:
    """Drop every table (the audit log with them: only for throw-away databases)."""
    for table in ("audit_head", "audit_log", "licence_draw_downs", "licences", "determinations", "run_rows", "runs"):
        op.drop_table(table)
