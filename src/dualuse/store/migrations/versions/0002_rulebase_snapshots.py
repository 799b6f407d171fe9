"""Rule-base snapshots, so a run can be replayed with the rule base it used.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the snapshot table."""
    op.create_table(
        "rulebase_snapshots",
        sa.Column("rulebase_digest", sa.String(80), nullable=False),
        sa.Column("rulebase_version", sa.String(80), nullable=False),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.Column("stored_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("rulebase_digest", name=op.f("pk_rulebase_snapshots")),
    )


def downgrade() -> None:
    """Drop the snapshot table."""
    op.drop_table("rulebase_snapshots")
