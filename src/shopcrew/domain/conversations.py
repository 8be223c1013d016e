"""What a conversation looks like from outside: its owner, slots, messages and turn traces."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class MessageView:
    """One stored message."""

    seq: int
    role: str
    text: str
    agent: str | None
    created_at: datetime
    images: int = 0


@dataclass(frozen=True)
class ConversationView:
    """A conversation as the API shows it."""

    id: str
    channel: str
    owner: str
    awaiting_slot: str | None
    status: str
    customer_id: int | None
    verified: bool
    created_at: datetime
    updated_at: datetime
    messages: tuple[MessageView, ...]
    turns: tuple[dict[str, Any], ...] = field(default_factory=tuple)
