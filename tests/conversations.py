"""Talking to an assistant in tests: one conversation, message after message."""

from __future__ import annotations

from sqlalchemy.orm import Session

from shopcrew.analytics.recommendations import RecommendationEvent, recommendations_in_conversation
from shopcrew.app import Assistant
from shopcrew.domain.messages import CustomerRef, InboundMessage, TurnResult
from shopcrew.settings import Settings
from shopcrew.store.database import create_store_engine


async def converse(
    assistant: Assistant,
    *texts: str,
    customer: CustomerRef | None = None,
    conversation_id: str | None = None,
    channel: str = "web",
) -> list[TurnResult]:
    """Send each text in turn in one conversation (a new one unless given); the turn results in order."""
    results: list[TurnResult] = []
    for text in texts:
        result = await assistant.handle(
            InboundMessage(text=text, conversation_id=conversation_id, customer=customer, channel=channel)
        )
        conversation_id = result.conversation_id
        results.append(result)
    return results


def recommendations_shown(settings: Settings, conversation_id: str) -> list[RecommendationEvent]:
    """The products the store logged as shown in a conversation (its recommendation events), in order."""
    engine = create_store_engine(settings.resolved_database_url())
    try:
        with Session(engine) as session:
            return recommendations_in_conversation(session, conversation_id)
    finally:
        engine.dispose()
