"""A few conversations of the committed Outfit Builder suite (benchmarks/data/outfit_conversations.jsonl),
checked with the benchmark's own expectations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from benchmarks.outfit import SUITE, check_turn
from sqlalchemy.orm import Session

from shopcrew.app import Assistant
from shopcrew.catalog.repository import load_products
from shopcrew.domain.messages import InboundMessage, TurnResult

CHOSEN = (
    "seed-summer-wedding",
    "office-men-cheaper-shoes",
    "wedding-below-cheapest",
    "outfit-then-fit-handoff",
)


def _conversations() -> dict[str, dict[str, object]]:
    lines = Path(SUITE).read_text(encoding="utf-8").splitlines()
    return {c["id"]: c for c in (json.loads(line) for line in lines if line.strip())}


def test_the_suite_is_large_enough_and_every_turn_says_what_it_expects() -> None:
    suite = _conversations()
    assert len(suite) >= 25
    assert all(turn["expect"] for c in suite.values() for turn in c["turns"])  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", CHOSEN)
async def test_suite_conversation(assistant: Assistant, name: str) -> None:
    conversation = _conversations()[name]
    with Session(assistant.engine) as session:
        products = {p.id: p for p in load_products(session)}
    conversation_id: str | None = None
    before: TurnResult | None = None
    for step in conversation["turns"]:  # type: ignore[attr-defined]
        turn = await assistant.handle(InboundMessage(text=step["say"], conversation_id=conversation_id))
        conversation_id = turn.conversation_id
        assert check_turn(step["expect"], turn, before, products) == [], step["say"]
        before = turn
