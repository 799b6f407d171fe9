"""Each distinct determination of a batch run kept once, by the digest of its content; two unused indexes dropped.

The indexes on determinations.input_digest and audit_log.hash were never queried (the audit check looks
a hash up only after it has found a broken link), yet every batch row paid for both: random keys in
two B-trees that grow with every run.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the body table; a determination refers to its body, or keeps its output inline as before."""
    op.create_table(
        "determination_bodies",
        sa.Column("body_key", sa.String(80), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("body_key", name=op.f("pk_determination_bodies")),
    )
    with op.batch_alter_table("determinations") as batch:
        batch.add_column(sa.Column("body_key", sa.String(80), nullable=True))
        batch.alter_column("output", existing_type=sa.JSON(), nullable=True)
        batch.drop_index("ix_determinations_input_digest")
    op.drop_index("ix_audit_log_hash", table_name="audit_log")


def downgrade() -> None:
    """Drop the body table and the reference to it (determinations kept by body are lost)."""
    op.create_index("ix_audit_log_hash", "audit_log", ["hash"])
    op.execute("DELETE FROM determinations WHERE output IS NULL")
    with op.batch_alter_table("determinations") as batch:
        batch.create_index("ix_determinations_input_digest", ["input_digest"])
        batch.alter_column("output", existing_type=sa.JSON(), nullable=False)
        batch.drop_column("body_key")
    op.drop_table("determination_bodies")
