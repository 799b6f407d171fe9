"""The service: API keys, counterparties, dispositions, the re-screening indexes, re-screens, check jobs.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Times are naive UTC; see dualuse.store.types.
MOMENT = sa.DateTime()


def upgrade() -> None:
    """Create the service tables."""
    op.create_table(
        "api_keys",
        sa.Column("key_id", sa.String(32), nullable=False),
        sa.Column("holder", sa.String(200), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("secret_sha256", sa.String(64), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("revoked_at", MOMENT),
        sa.Column("revoked_by", sa.String(200)),
        sa.PrimaryKeyConstraint("key_id", name=op.f("pk_api_keys")),
    )
    op.create_table(
        "counterparties",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key_digest", sa.String(64), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.Column("country", sa.String(2)),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("first_seen_at", MOMENT, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_counterparties")),
        sa.UniqueConstraint("key_digest", name=op.f("uq_counterparties_key_digest")),
    )
    op.create_table(
        "counterparty_tokens",
        sa.Column("token", sa.String(200), nullable=False),
        sa.Column("counterparty_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["counterparty_id"],
            ["counterparties.id"],
            name=op.f("fk_counterparty_tokens_counterparty_id_counterparties"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token", "counterparty_id", name=op.f("pk_counterparty_tokens")),
    )
    op.create_table(
        "dispositions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("counterparty_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.String(100), nullable=False),
        sa.Column("list", sa.String(64), nullable=False),
        sa.Column("decision", sa.String(16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("fingerprint", sa.String(80), nullable=False),
        sa.Column("listed_record", sa.JSON(), nullable=False),
        sa.Column("rulebase_version", sa.String(80), nullable=False),
        sa.Column("rulebase_digest", sa.String(80), nullable=False),
        sa.Column("decided_by", sa.String(200), nullable=False),
        sa.Column("decided_at", MOMENT, nullable=False),
        sa.Column("closed_at", MOMENT),
        sa.Column("closed_reason", sa.Text()),
        sa.ForeignKeyConstraint(
            ["counterparty_id"], ["counterparties.id"], name=op.f("fk_dispositions_counterparty_id_counterparties")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dispositions")),
    )
    op.create_index(op.f("ix_dispositions_counterparty_id_entity_id"), "dispositions", ["counterparty_id", "entity_id"])
    op.create_table(
        "determination_index",
        sa.Column("determination_id", sa.Integer(), nullable=False),
        sa.Column("order_line", sa.JSON()),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("outcome", sa.String(32), nullable=False),
        sa.Column("indexed_at", MOMENT, nullable=False),
        sa.ForeignKeyConstraint(
            ["determination_id"],
            ["determinations.id"],
            name=op.f("fk_determination_index_determination_id_determinations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("determination_id", name=op.f("pk_determination_index")),
    )
    op.create_index(op.f("ix_determination_index_as_of"), "determination_index", ["as_of"])
    op.create_table(
        "determination_keys",
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("determination_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["determination_id"],
            ["determinations.id"],
            name=op.f("fk_determination_keys_determination_id_determinations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("key", "determination_id", name=op.f("pk_determination_keys")),
    )
    op.create_table(
        "rescreens",
        sa.Column("rescreen_id", sa.String(64), nullable=False),
        sa.Column("started_at", MOMENT, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("from_version", sa.String(80), nullable=False),
        sa.Column("from_digest", sa.String(80), nullable=False),
        sa.Column("to_version", sa.String(80), nullable=False),
        sa.Column("to_digest", sa.String(80), nullable=False),
        sa.Column("screen_on", sa.Date(), nullable=False),
        sa.Column("open_on", sa.Date(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("rescreen_id", name=op.f("pk_rescreens")),
    )
    op.create_table(
        "check_jobs",
        sa.Column("job_id", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("submitted_by", sa.String(200), nullable=False),
        sa.Column("submitted_at", MOMENT, nullable=False),
        sa.Column("finished_at", MOMENT),
        sa.Column("rows_done", sa.Integer(), nullable=False),
        sa.Column("rows_total", sa.Integer()),
        sa.Column("run_id", sa.String(64)),
        sa.Column("error", sa.Text()),
        sa.Column("reports", sa.JSON()),
        sa.PrimaryKeyConstraint("job_id", name=op.f("pk_check_jobs")),
    )
    op.create_table(
        "service_state",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", MOMENT, nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_service_state")),
    )


def downgrade() -> None:
    """Drop the service tables."""
    for table in (
        "service_state",
        "check_jobs",
        "rescreens",
        "determination_keys",
        "determination_index",
        "dispositions",
        "counterparty_tokens",
        "counterparties",
        "api_keys",
    ):
        op.drop_table(table)
