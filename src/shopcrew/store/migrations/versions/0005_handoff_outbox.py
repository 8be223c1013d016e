"""handoff outbox: helpdesk tickets and messages to send, and helpdesk replies received

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 22:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shopcrew.store.base

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "helpdesk_outbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("provider", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("conversation_id", sa.String(length=64), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=False),
        sa.Column("dedupe_key", sa.String(length=200), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", shopcrew.store.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("remote_ticket_id", sa.String(length=64), nullable=True),
        sa.Column("remote_requester_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", shopcrew.store.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", shopcrew.store.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_helpdesk_outbox_conversation_id_conversations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_helpdesk_outbox")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_helpdesk_outbox_dedupe_key")),
    )
    with op.batch_alter_table("helpdesk_outbox", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_helpdesk_outbox_conversation_id"), ["conversation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_helpdesk_outbox_next_attempt_at"), ["next_attempt_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_helpdesk_outbox_remote_ticket_id"), ["remote_ticket_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_helpdesk_outbox_status"), ["status"], unique=False)

    op.create_table(
        "helpdesk_inbound",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("provider", sa.String(length=16), nullable=False),
        sa.Column("remote_message_id", sa.String(length=64), nullable=False),
        sa.Column("remote_ticket_id", sa.String(length=64), nullable=False),
        sa.Column("conversation_id", sa.String(length=64), nullable=True),
        sa.Column("channel", sa.String(length=32), nullable=True),
        sa.Column("author", sa.String(length=200), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("message_seq", sa.Integer(), nullable=True),
        sa.Column("delivery", sa.String(length=16), nullable=False),
        sa.Column("received_at", shopcrew.store.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", shopcrew.store.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_helpdesk_inbound_conversation_id_conversations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_helpdesk_inbound")),
        sa.UniqueConstraint("provider", "remote_message_id", name="uq_helpdesk_inbound_provider_message"),
    )
    with op.batch_alter_table("helpdesk_inbound", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_helpdesk_inbound_conversation_id"), ["conversation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_helpdesk_inbound_delivery"), ["delivery"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("helpdesk_inbound", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_helpdesk_inbound_delivery"))
        batch_op.drop_index(batch_op.f("ix_helpdesk_inbound_conversation_id"))
    op.drop_table("helpdesk_inbound")

    with op.batch_alter_table("helpdesk_outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_helpdesk_outbox_status"))
        batch_op.drop_index(batch_op.f("ix_helpdesk_outbox_remote_ticket_id"))
        batch_op.drop_index(batch_op.f("ix_helpdesk_outbox_next_attempt_at"))
        batch_op.drop_index(batch_op.f("ix_helpdesk_outbox_conversation_id"))
    op.drop_table("helpdesk_outbox")
