"""model calls ledger: one row per model call, for budgets and usage roll-ups

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 20:20:23.060511
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shopcrew.store.base

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "model_calls",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("created_at", shopcrew.store.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("conversation_id", sa.String(length=64), nullable=True),
        sa.Column("turn", sa.Integer(), nullable=True),
        sa.Column("agent", sa.String(length=32), nullable=True),
        sa.Column("task", sa.String(length=16), nullable=False),
        sa.Column("model", sa.String(length=64), nullable=False),
        sa.Column("provider", sa.String(length=32), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("error_kind", sa.String(length=32), nullable=True),
        sa.Column("input_tokens", sa.Integer(), nullable=False),
        sa.Column("output_tokens", sa.Integer(), nullable=False),
        sa.Column("cost_usd", sa.Double(), nullable=False),
        sa.Column("latency_ms", sa.Double(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_model_calls")),
    )
    with op.batch_alter_table("model_calls", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_model_calls_conversation_id"), ["conversation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_model_calls_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_model_calls_day"), ["day"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("model_calls", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_model_calls_day"))
        batch_op.drop_index(batch_op.f("ix_model_calls_created_at"))
        batch_op.drop_index(batch_op.f("ix_model_calls_conversation_id"))

    op.drop_table("model_calls")
