"""Talking to the assistant on the imported τ²-bench store: its order ids, its state words, the shopper's reason."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from shopcrew.app import Assistant, build_assistant
from shopcrew.cli import main
from shopcrew.commerce.tau2.exporter import export_tau2_retail
from shopcrew.domain.messages import InboundMessage
from shopcrew.settings import Settings

TAU2 = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "tau2-retail"
pytestmark = pytest.mark.skipif(
    not (TAU2 / "db.json").is_file(), reason=f"τ²-bench retail data not found at {TAU2}"
)


@pytest.fixture
def assistant(tmp_path: Path) -> Iterator[Assistant]:
    """The assistant on a fresh import of τ²-bench's db.json."""
    imported = main(
        ["import", "tau2-retail", str(TAU2 / "db.json"), "--store", "t2", "--data-dir", str(tmp_path)]
    )
    assert imported == 0
    built = build_assistant(Settings(store="t2", data_dir=tmp_path, search_mode="lexical"))
    yield built
    built.close()


def talk(assistant: Assistant, *texts: str) -> list[str]:
    """One conversation: the assistant's replies, in order."""

    async def run() -> list[str]:
        replies, conversation = [], None
        for text in texts:
            result = await assistant.handle(InboundMessage(text=text, conversation_id=conversation))
            conversation = result.conversation_id
            replies.append(result.reply)
        return replies

    return asyncio.run(run())


def test_orders_are_named_by_the_stores_own_ids_and_refusals_use_state_words_that_hold_there(
    assistant: Assistant,
) -> None:
    _, status, refused = talk(
        assistant,
        "where is my order #W2611340?",
        "james.li4495@example.com",
        "please cancel order #W2611340",
    )
    assert "#W2611340" in status and "#2611340" not in status
    # τ² calls a cancellable order "pending"; shopcrew's internal "paid" must not show.
    assert "#W2611340" in refused and "only while an order is not yet shipped" in refused
    assert "paid" not in refused


def test_a_cancel_reason_said_before_identity_is_kept_until_the_cancellation(assistant: Assistant) -> None:
    asked, plan, done = talk(
        assistant,
        "I'd like to cancel order #W6779827, I ordered it by mistake",
        "ethan.lopez8943@example.com",
        "yes",
    )
    assert "email" in asked.lower()
    assert "#W6779827" in plan and "nothing changes until you do" in plan
    assert "order #W6779827 is cancelled" in done
    order = export_tau2_retail(assistant.engine)["orders"]["#W6779827"]
    assert order["status"] == "cancelled" and order["cancel_reason"] == "ordered by mistake"
