"""Analytics tables: one row per product shown to a shopper, the base of attribution."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shopcrew.store.base import Base, utcnow


class RecommendationEventRow(Base):
    """A product shown in a turn: where, by whom, at which price, and the token its cart link carries.

    No foreign keys on purpose: the row is written while the turn holds the conversation's lock,
    and an attribution record must outlive a product that is later deleted or re-imported.
    """

    __tablename__ = "recommendation_events"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    token: Mapped[str] = mapped_column(String(40), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    conversation_id: Mapped[str] = mapped_column(String(64), index=True)
    turn: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)  # 1-based, in the order the turn showed products
    channel: Mapped[str] = mapped_column(String(32))
    agent: Mapped[str] = mapped_column(String(32))
    intent: Mapped[str] = mapped_column(String(48))
    product_id: Mapped[int] = mapped_column(Integer, index=True)
    variant_id: Mapped[int | None] = mapped_column(Integer)
    price_shown: Mapped[Decimal | None]
    query: Mapped[str] = mapped_column(Text, default="")
