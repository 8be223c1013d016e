"""Recommendation events: every product shown is logged with a unique token for later attribution."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from shopcrew.store.analytics_tables import RecommendationEventRow

TOKEN_PREFIX = "rec_"


@dataclass(frozen=True)
class RecommendationEvent:
    """One product shown to a shopper, as logged; `token` is what the add-to-cart link carries."""

    token: str
    conversation_id: str
    turn: int
    position: int
    channel: str
    agent: str
    intent: str
    product_id: int
    variant_id: int | None
    price_shown: Decimal | None
    query: str
    created_at: datetime


def attribution_token(conversation_id: str, turn: int, position: int) -> str:
    """The token of the product at `position` in a turn: the same inputs always give the same token.

    Deterministic so a retried or replayed computation never mints a second token for one showing;
    hashed so the link reveals nothing about the conversation.
    """
    digest = hashlib.sha256(f"{conversation_id}:{turn}:{position}".encode()).hexdigest()
    return TOKEN_PREFIX + digest[:24]


def record_recommendations(session: Session, events: list[RecommendationEvent]) -> None:
    """Add the events to the session; they are committed (or rolled back) with the turn."""
    session.add_all(
        RecommendationEventRow(
            token=e.token,
            created_at=e.created_at,
            conversation_id=e.conversation_id,
            turn=e.turn,
            position=e.position,
            channel=e.channel,
            agent=e.agent,
            intent=e.intent,
            product_id=e.product_id,
            variant_id=e.variant_id,
            price_shown=e.price_shown,
            query=e.query,
        )
        for e in events
    )


def recommendation_for_token(session: Session, token: str) -> RecommendationEvent | None:
    """The event a token was minted for (an order webhook's attribution lookup), or None."""
    row = session.scalar(select(RecommendationEventRow).where(RecommendationEventRow.token == token.strip()))
    return None if row is None else _event(row)


def recommendations_in_conversation(session: Session, conversation_id: str) -> list[RecommendationEvent]:
    """Every event of a conversation, in the order the products were shown."""
    rows = session.scalars(
        select(RecommendationEventRow)
        .where(RecommendationEventRow.conversation_id == conversation_id)
        .order_by(RecommendationEventRow.turn, RecommendationEventRow.position)
    )
    return [_event(row) for row in rows]


def _event(row: RecommendationEventRow) -> RecommendationEvent:
    return RecommendationEvent(
        token=row.token,
        conversation_id=row.conversation_id,
        turn=row.turn,
        position=row.position,
        channel=row.channel,
        agent=row.agent,
        intent=row.intent,
        product_id=row.product_id,
        variant_id=row.variant_id,
        price_shown=row.price_shown,
        query=row.query,
        created_at=row.created_at,
    )
