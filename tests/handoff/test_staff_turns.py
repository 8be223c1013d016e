"""The ownership protocol end to end: the assistant is silent while a person owns the thread, then resumes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from tests.conversations import converse
from tests.handoff.staff_fakes import add_staff, desk

from shopcrew.app import Assistant, build_assistant
from shopcrew.domain.messages import CustomerRef
from shopcrew.handoff.staff_views import handoff_queue
from shopcrew.settings import Settings
from shopcrew.store.database import session_factory

JANE = CustomerRef(email="jane.doe@example.com", verified=True)
MONDAY_MORNING = datetime(2026, 6, 15, 10, 30, tzinfo=UTC)


@pytest.fixture
def assistant(demo_settings: Settings) -> Iterator[Assistant]:
    built = build_assistant(demo_settings, clock=lambda: MONDAY_MORNING)
    yield built
    built.close()


async def test_take_over_reply_hand_back_and_the_assistant_resumes(assistant: Assistant) -> None:
    sessions = session_factory(assistant.engine)
    (handoff,) = await converse(
        assistant, "where is my order? I want to talk to a real person", customer=JANE
    )
    assert handoff.owner == "human"
    # Honest about when a person replies (Monday 10:30 is within the default hours).
    assert handoff.reply.endswith("A teammate will reply shortly, right here.")
    with sessions() as session:
        (item,) = handoff_queue(session, now=MONDAY_MORNING)
    assert item.conversation_id == handoff.conversation_id and item.assignee is None

    alice = add_staff(sessions, "Alice")
    staff_desk = desk(sessions)
    staff_desk.take_over(handoff.conversation_id, alice)
    # While Alice owns it the assistant sends nothing; the shopper's words wait for her.
    (silent,) = await converse(assistant, "hello? anyone there?", conversation_id=handoff.conversation_id)
    assert (silent.reply, silent.owner) == ("", "human")
    staff_desk.reply(handoff.conversation_id, alice, "Hi Jane, Alice here. Your parcel left yesterday.")
    staff_desk.hand_back(handoff.conversation_id, alice)

    (resumed,) = await converse(
        assistant, "what is your return policy?", conversation_id=handoff.conversation_id
    )
    assert resumed.owner != "human" and resumed.reply and "support" in resumed.agents
    view = assistant.conversation(handoff.conversation_id)
    roles = [m.role for m in view.messages]
    assert roles[-6:] == ["system", "shopper", "human", "system", "shopper", "assistant"]
    # Still the verified Jane: the state survived the person's turn.
    assert view.verified


async def test_a_closed_conversation_reopens_with_the_assistant_when_the_shopper_writes(
    assistant: Assistant,
) -> None:
    sessions = session_factory(assistant.engine)
    (handoff,) = await converse(assistant, "can I speak to a human")
    alice = add_staff(sessions, "Alice")
    staff_desk = desk(sessions)
    staff_desk.take_over(handoff.conversation_id, alice)
    staff_desk.close(handoff.conversation_id, alice, "answered by phone")
    assert assistant.conversation(handoff.conversation_id).status == "closed"
    (again,) = await converse(assistant, "do you ship to Canada?", conversation_id=handoff.conversation_id)
    view = assistant.conversation(handoff.conversation_id)
    assert view.status == "open" and again.reply and again.owner != "human"
