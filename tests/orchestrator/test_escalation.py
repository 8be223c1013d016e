"""Escalation end to end on the demo store: each trigger hands the thread to a person with the packet."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.conversations import converse

from shopcrew.app import Assistant, build_assistant
from shopcrew.domain.messages import CustomerRef, TurnResult
from shopcrew.handoff.config import HelpdeskSettings
from shopcrew.settings import Settings
from shopcrew.store.conversation_tables import ConversationRow
from shopcrew.store.database import create_store_engine
from shopcrew.store.handoff_tables import HelpdeskOutboxRow

JANE = CustomerRef(email="jane.doe@example.com", verified=True)
# The demo store's day is Monday 15 June 2026; the time of day is pinned per test.
MONDAY_MORNING = datetime(2026, 6, 15, 10, 30, tzinfo=UTC)
FRIDAY_EVENING = datetime(2026, 6, 19, 18, 15, tzinfo=UTC)

# Ordinary messages, some of them mildly negative: none of these may bring in a person.
ORDINARY = [
    "annoying that it's sold out",
    "a bit disappointed the vitamin c serum is out of stock",
    "hmm, that's a shame",
    "the jeans were too small unfortunately, can I exchange them?",
    "my order is late, can you check?",
    "I don't love the colour, can I return it?",
    "not great that shipping costs extra",
    "ugh, I forgot my order number",
    "It's frustrating that the size chart is confusing",
    "can I return something after 30 days?",
    "what is your return policy?",
    "do you ship to the USA?",
    "I need SPF 50 for sensitive skin!",
    "great, thanks!!",
    "no worries, I'll wait",
    "the box arrived damaged, what can I do?",
    "I'm still waiting for my parcel",
    "hello",
]


def _assistant(settings: Settings, at: datetime) -> Assistant:
    return build_assistant(settings, clock=lambda: at)


@pytest.fixture
def assistant(demo_settings: Settings) -> Iterator[Assistant]:
    built = _assistant(demo_settings, MONDAY_MORNING)
    yield built
    built.close()


def owner_history(settings: Settings, conversation_id: str) -> list[dict[str, Any]]:
    engine = create_store_engine(settings.resolved_database_url())
    with Session(engine) as session:
        row = session.get(ConversationRow, conversation_id)
        assert row is not None
        history: list[dict[str, Any]] = row.state["owner_history"]
    engine.dispose()
    return history


def outbox(settings: Settings) -> list[HelpdeskOutboxRow]:
    engine = create_store_engine(settings.resolved_database_url())
    with Session(engine) as session:
        rows = list(session.scalars(select(HelpdeskOutboxRow).order_by(HelpdeskOutboxRow.id)))
        session.expunge_all()
    engine.dispose()
    return rows


def assert_escalated(turn: TurnResult, trigger: str, reason: str, settings: Settings) -> dict[str, Any]:
    """The turn handed the thread to a person for `reason` and carries the packet; returns the packet."""
    assert turn.owner == "human" and turn.handoff == "human"
    escalation = turn.trace["escalation"]
    assert escalation["trigger"] == trigger and reason in escalation["reason"]
    packet: dict[str, Any] = turn.trace["handoff_packet"]
    assert packet["reason"] == escalation["reason"] and packet["conversation_id"] == turn.conversation_id
    assert "needs a person" in packet["summary"]
    assert packet["transcript"][-1]["role"] == "assistant"  # the handoff reply itself is in it
    last = owner_history(settings, turn.conversation_id)[-1]
    assert last["owner"] == "human" and last["reason"] == escalation["reason"]
    assert last["at"].startswith("2026-06-15T10:30")
    return packet


async def test_asking_for_a_person_carries_the_packet_in_the_trace_and_the_conversation_view(
    assistant: Assistant, demo_settings: Settings
) -> None:
    (turn,) = await converse(assistant, "can I talk to a real person please")
    assert_escalated(turn, "asked_for_person", "shopper asked for a person", demo_settings)
    view = assistant.conversation(turn.conversation_id)
    assert view.turns[-1]["handoff_packet"]["reason"] == "shopper asked for a person"
    assert view.turns[-1]["helpdesk_ticket"] is None  # no helpdesk configured
    assert outbox(demo_settings) == []


async def test_frustration_escalates_with_an_apology(assistant: Assistant, demo_settings: Settings) -> None:
    (turn,) = await converse(assistant, "This is ridiculous, where is my order 1042??")
    assert_escalated(turn, "frustration", "ridiculous", demo_settings)
    assert turn.reply.startswith("I'm sorry this has been frustrating.")
    assert turn.reply.endswith("A teammate will reply shortly, right here.")


async def test_an_angry_request_for_a_person_is_answered_with_an_apology(
    assistant: Assistant, demo_settings: Settings
) -> None:
    (angry,) = await converse(assistant, "this is ridiculous, third time I'm asking, I want a real person")
    assert angry.reply.startswith("I'm sorry this has been frustrating.")
    (calm,) = await converse(assistant, "can I talk to a real person please")
    assert not calm.reply.startswith("I'm sorry")


async def test_shouting_with_exclamation_marks_escalates(
    assistant: Assistant, demo_settings: Settings
) -> None:
    (turn,) = await converse(assistant, "WHERE IS MY ORDER!!!")
    assert_escalated(turn, "frustration", "all capitals", demo_settings)


async def test_a_policy_exception_goes_to_a_person(assistant: Assistant, demo_settings: Settings) -> None:
    (turn,) = await converse(
        assistant, "I know it's past 30 days but can you take back my jeans?", customer=JANE
    )
    packet = assert_escalated(turn, "policy_exception", "policy exception", demo_settings)
    assert "policy" in turn.reply and packet["customer"]["verified"] is True


async def test_two_misunderstood_messages_escalate_on_the_second(
    assistant: Assistant, demo_settings: Settings
) -> None:
    first, second = await converse(assistant, "blorp zzk frobnicate", "qwxv plimf")
    assert first.owner == "support" and "escalation" not in first.trace
    packet = assert_escalated(second, "misunderstood", "could not understand", demo_settings)
    assert "not managing to understand" in second.reply
    assert [m["text"] for m in packet["transcript"] if m["role"] == "shopper"] == [
        "blorp zzk frobnicate",
        "qwxv plimf",
    ]


async def test_an_understood_message_in_between_resets_the_count(assistant: Assistant) -> None:
    turns = await converse(assistant, "blorp zzk frobnicate", "what is your return policy?", "qwxv plimf")
    assert [t.owner for t in turns] == ["support", "support", "support"]


async def test_an_action_above_the_approval_threshold_carries_the_packet(
    demo_settings: Settings, tmp_path: Path
) -> None:
    config = tmp_path / "store.toml"
    config.write_text('[orders]\napproval_threshold = "100.00"\n', encoding="utf-8")
    assistant = _assistant(demo_settings.model_copy(update={"config": config}), MONDAY_MORNING)
    try:
        (turn,) = await converse(assistant, "cancel order 2076", customer=JANE)
    finally:
        assistant.close()
    packet = assert_escalated(turn, "approval", "needs approval", demo_settings)
    assert [o["number"] for o in packet["orders"]] == [2076]
    assert turn.reply.endswith("A teammate will reply shortly, right here.")


async def test_no_false_escalation_on_ordinary_mildly_negative_messages(assistant: Assistant) -> None:
    escalated = []
    for text in ORDINARY:
        (turn,) = await converse(assistant, text)
        if turn.owner == "human":
            escalated.append((text, turn.trace["parts"]))
    assert escalated == []


async def test_outside_business_hours_the_shopper_is_told_when_a_person_will_reply(
    demo_settings: Settings,
) -> None:
    assistant = _assistant(demo_settings, FRIDAY_EVENING)
    try:
        (turn,) = await converse(assistant, "I want to speak to a human")
    finally:
        assistant.close()
    assert turn.owner == "human"
    assert turn.reply.endswith(
        "A teammate will reply right here within business hours (Mon–Fri 9:00–17:00); "
        "it's outside those now, so expect a reply on Monday morning."
    )


async def test_with_a_helpdesk_the_ticket_is_queued_with_the_handoff_and_follow_ups_join_it(
    demo_settings: Settings,
) -> None:
    helpdesk = HelpdeskSettings(
        provider="zendesk", subdomain="acme", email="bot@acme.test", api_token=SecretStr("t")
    )
    settings = demo_settings.model_copy(update={"helpdesk": helpdesk})
    assistant = _assistant(settings, MONDAY_MORNING)
    try:
        turn, later = await converse(
            assistant, "this is the third time I'm asking about order 1042", "hello? anyone there?"
        )
    finally:
        assistant.close()
    assert_escalated(turn, "frustration", "third time", settings)
    assert later.reply == ""
    created, follow_up = outbox(settings)
    assert turn.trace["helpdesk_ticket"] == {
        "provider": "zendesk",
        "outbox_id": created.id,
        "kind": "create_ticket",
    }
    assert created.status == "pending" and created.attempts == 0  # queued, never sent in a test
    assert created.payload["packet"]["reason"] == turn.trace["escalation"]["reason"]
    assert follow_up.kind == "add_message" and follow_up.payload["text"] == "hello? anyone there?"
