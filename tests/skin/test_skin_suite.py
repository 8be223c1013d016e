"""A few conversations of the committed benchmark suite, played through the assistant."""

from __future__ import annotations

from pathlib import Path

import pytest

from shopcrew.app import Assistant
from shopcrew.eval.skin_suite import load_suite, run_conversation

SUITE = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "skin_conversations.jsonl"
PICKED = (
    "seed-case",
    "witch-hazel-verdict",
    "contradiction-resolved",
    "pair-bpo-retinoid",
    "photo-no-vision",
)


def test_the_suite_has_at_least_25_conversations_with_expectations() -> None:
    suite = load_suite(SUITE)
    assert len(suite) >= 25
    assert all(turn.expect for conversation in suite for turn in conversation.turns)


@pytest.mark.parametrize("conversation_id", PICKED)
async def test_suite_conversation(assistant: Assistant, conversation_id: str) -> None:
    conversation = next(c for c in load_suite(SUITE) if c.id == conversation_id)
    outcome = await run_conversation(assistant, conversation)
    assert outcome.passed, outcome.failures
