"""Order-action tables: the audit log, idempotency keys and the payment transaction history."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shopcrew.store.base import Base, utcnow


class OrderActionAuditRow(Base):
    """One order action attempted at execute time: who, when, where, what, before and after, and how it ended."""

    __tablename__ = "order_action_audit"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # "act_" + 24 hex characters
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    customer_id: Mapped[str] = mapped_column(String(100), index=True)  # the verified customer acted for
    staff: Mapped[str | None] = mapped_column(
        String(100), nullable=True
    )  # a person of the store, if one acted
    channel: Mapped[str] = mapped_column(String(32))
    conversation_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    action: Mapped[str] = mapped_column(String(32))  # the request's kind: cancel_order, return_items, ...
    order_number: Mapped[str | None] = mapped_column(String(100), nullable=True, index=True)
    subscription_id: Mapped[int | None] = mapped_column(nullable=True)
    request: Mapped[dict[str, Any]] = mapped_column(JSON)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    idempotency_key: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(32))  # done | refused:<code>
    summary: Mapped[str] = mapped_column(Text, default="")


class IdempotencyKeyRow(Base):
    """An executed action's key and outcome: a repeated key returns this instead of acting twice."""

    __tablename__ = "idempotency_keys"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    action: Mapped[str] = mapped_column(String(32))
    plan_digest: Mapped[str] = mapped_column(String(64))
    audit_id: Mapped[str] = mapped_column(String(32))
    order_status_after: Mapped[str | None] = mapped_column(String(24), nullable=True)
    reference: Mapped[str | None] = mapped_column(String(100), nullable=True)


class PaymentTransactionRow(Base):
    """Money moved on an order: a charge or a refund, on which payment method (or store credit)."""

    __tablename__ = "payment_transactions"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    payment_method_id: Mapped[int | None] = mapped_column(ForeignKey("payment_methods.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(16))  # charge | refund
    method: Mapped[str] = mapped_column(String(24))  # original_payment | payment_method | store_credit
    amount: Mapped[Decimal]
    status: Mapped[str] = mapped_column(String(16))  # pending | succeeded | failed
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    refund_id: Mapped[int | None] = mapped_column(ForeignKey("refunds.id"), nullable=True)
    audit_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    # The id an imported store's payment history used (τ²-bench "transaction_id"), if any.
    external_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
