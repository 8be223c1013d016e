"""What the store remembers about a shopper across conversations and channels: sizes and skin profile."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from shopcrew.store.base import Base, utcnow


class CustomerProfileRow(Base):
    """One row per known customer; the JSON shapes are those of ConversationState's fields.

    `sizes` and `measurements` are written by the Fit Analyzer, `skin_profile` by the Skin Analyzer;
    a conversation with a known customer starts from this row, so a size given on WhatsApp is known
    in the web chat.
    """

    __tablename__ = "customer_profiles"

    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), primary_key=True)
    sizes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    measurements: Mapped[dict[str, Any]] = mapped_column(default=dict)
    skin_profile: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
