"""staff sign-in throttling: wrong passwords per sign-in name

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 02:45:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shopcrew.store.base

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "staff_sign_in_failures",
        sa.Column("name_sha256", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("first_failure_at", shopcrew.store.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("locked_until", shopcrew.store.base.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("name_sha256", name=op.f("pk_staff_sign_in_failures")),
    )


def downgrade() -> None:
    op.drop_table("staff_sign_in_failures")
