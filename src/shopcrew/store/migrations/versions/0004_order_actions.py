"""order actions: audit log, idempotency keys, payment transactions; external ids and order details for imported stores

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 22:05:00.368155
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shopcrew.store.base

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "idempotency_keys",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("created_at", shopcrew.store.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("plan_digest", sa.String(length=64), nullable=False),
        sa.Column("audit_id", sa.String(length=32), nullable=False),
        sa.Column("order_status_after", sa.String(length=24), nullable=True),
        sa.Column("reference", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_idempotency_keys")),
    )
    op.create_table(
        "order_action_audit",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", shopcrew.store.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("customer_id", sa.String(length=100), nullable=False),
        sa.Column("staff", sa.String(length=100), nullable=True),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("conversation_id", sa.String(length=64), nullable=True),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("order_number", sa.String(length=100), nullable=True),
        sa.Column("subscription_id", sa.Integer(), nullable=True),
        sa.Column("request", sa.JSON(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("idempotency_key", sa.String(length=64), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_action_audit")),
    )
    with op.batch_alter_table("order_action_audit", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_order_action_audit_conversation_id"), ["conversation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_order_action_audit_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_order_action_audit_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_order_action_audit_order_number"), ["order_number"], unique=False
        )

    op.create_table(
        "payment_transactions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("payment_method_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("method", sa.String(length=24), nullable=False),
        sa.Column("amount", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", shopcrew.store.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("refund_id", sa.Integer(), nullable=True),
        sa.Column("audit_id", sa.String(length=32), nullable=True),
        sa.Column("external_id", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_payment_transactions_order_id_orders")
        ),
        sa.ForeignKeyConstraint(
            ["payment_method_id"],
            ["payment_methods.id"],
            name=op.f("fk_payment_transactions_payment_method_id_payment_methods"),
        ),
        sa.ForeignKeyConstraint(
            ["refund_id"], ["refunds.id"], name=op.f("fk_payment_transactions_refund_id_refunds")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_transactions")),
    )
    with op.batch_alter_table("payment_transactions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payment_transactions_order_id"), ["order_id"], unique=False)

    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("external_id", sa.String(length=100), nullable=True))
        batch_op.create_index(batch_op.f("ix_customers_external_id"), ["external_id"], unique=True)

    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("external_id", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("details", sa.JSON(), nullable=True))
        batch_op.create_index(batch_op.f("ix_orders_external_id"), ["external_id"], unique=True)

    with op.batch_alter_table("payment_methods", schema=None) as batch_op:
        batch_op.add_column(sa.Column("external_id", sa.String(length=100), nullable=True))
        batch_op.create_index(batch_op.f("ix_payment_methods_external_id"), ["external_id"], unique=True)

    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.add_column(sa.Column("external_id", sa.String(length=100), nullable=True))
        batch_op.create_index(batch_op.f("ix_products_external_id"), ["external_id"], unique=True)

    with op.batch_alter_table("variants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("external_id", sa.String(length=100), nullable=True))
        batch_op.create_index(batch_op.f("ix_variants_external_id"), ["external_id"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("variants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_variants_external_id"))
        batch_op.drop_column("external_id")

    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_products_external_id"))
        batch_op.drop_column("external_id")

    with op.batch_alter_table("payment_methods", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_methods_external_id"))
        batch_op.drop_column("external_id")

    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_orders_external_id"))
        batch_op.drop_column("details")
        batch_op.drop_column("external_id")

    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customers_external_id"))
        batch_op.drop_column("external_id")

    with op.batch_alter_table("payment_transactions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_transactions_order_id"))

    op.drop_table("payment_transactions")
    with op.batch_alter_table("order_action_audit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_order_action_audit_order_number"))
        batch_op.drop_index(batch_op.f("ix_order_action_audit_customer_id"))
        batch_op.drop_index(batch_op.f("ix_order_action_audit_created_at"))
        batch_op.drop_index(batch_op.f("ix_order_action_audit_conversation_id"))

    op.drop_table("order_action_audit")
    op.drop_table("idempotency_keys")
