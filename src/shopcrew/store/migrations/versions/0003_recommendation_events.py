"""recommendation events: one row per product shown, with the attribution token its cart link carries

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 22:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shopcrew.store.base

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "recommendation_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("token", sa.String(length=40), nullable=False),
        sa.Column("created_at", shopcrew.store.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("conversation_id", sa.String(length=64), nullable=False),
        sa.Column("turn", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("agent", sa.String(length=32), nullable=False),
        sa.Column("intent", sa.String(length=48), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("variant_id", sa.Integer(), nullable=True),
        sa.Column("price_shown", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("query", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recommendation_events")),
        sa.UniqueConstraint("token", name=op.f("uq_recommendation_events_token")),
    )
    with op.batch_alter_table("recommendation_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_recommendation_events_conversation_id"), ["conversation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_recommendation_events_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_recommendation_events_product_id"), ["product_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("recommendation_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recommendation_events_product_id"))
        batch_op.drop_index(batch_op.f("ix_recommendation_events_created_at"))
        batch_op.drop_index(batch_op.f("ix_recommendation_events_conversation_id"))

    op.drop_table("recommendation_events")
