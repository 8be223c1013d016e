"""The cost ledger: one row per model call, for budgets and usage roll-ups."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shopcrew.store.base import Base, utcnow


class ModelCallRow(Base):
    """One model call: who asked (conversation, turn, agent), which model, tokens, cost, latency, outcome.

    `conversation_id` is deliberately not a foreign key: calls are recorded while the turn holds
    the conversation's row lock, and a key check would wait on that lock.
    """

    __tablename__ = "model_calls"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    day: Mapped[date] = mapped_column(Date, index=True)  # UTC day, for per-day roll-ups on every backend
    conversation_id: Mapped[str | None] = mapped_column(String(64), index=True)
    turn: Mapped[int | None]
    agent: Mapped[str | None] = mapped_column(String(32))
    task: Mapped[str] = mapped_column(String(16))
    model: Mapped[str] = mapped_column(String(64))
    provider: Mapped[str] = mapped_column(String(32))
    ok: Mapped[bool]
    error_kind: Mapped[str | None] = mapped_column(String(32))
    input_tokens: Mapped[int] = mapped_column(default=0)
    output_tokens: Mapped[int] = mapped_column(default=0)
    cost_usd: Mapped[float] = mapped_column(default=0.0)
    latency_ms: Mapped[float] = mapped_column(default=0.0)
    reason: Mapped[str] = mapped_column(Text, default="")
