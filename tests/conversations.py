"""Talking to an assistant in tests: one conversation, message after message."""

from __future__ import annotations

from shopcrew.app import Assistant
from shopcrew.domain.messages import CustomerRef, InboundMessage, TurnResult


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
