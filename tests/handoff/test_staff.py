"""The staff desk: take over, reply, note, hand back, close — one owner at a time, nothing lost."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker
from tests.handoff.helpdesk_fakes import HANDOFF_AT, FakeHelpdesk, SeededConversation
from tests.handoff.staff_fakes import add_staff, desk

from shopcrew.domain.messages import InputError
from shopcrew.handoff.config import HelpdeskSettings
from shopcrew.handoff.connectors import build_connector
from shopcrew.handoff.inbound import pending_shopper_replies
from shopcrew.handoff.outbox import deliver_pending, outbox_rows, queue_handoff
from shopcrew.handoff.staff_views import console_conversation, handoff_queue
from shopcrew.orchestrator.memory import conversation_view, create_conversation, load_conversation
from shopcrew.orchestrator.state import ConversationState
from shopcrew.store.conversation_tables import ConversationRow
from shopcrew.store.database import create_store_engine, migrate, session_factory
from shopcrew.store.staff_tables import StaffActionRow


def _state(
    sessions: sessionmaker[Session], conversation_id: str
) -> tuple[ConversationRow, ConversationState]:
    with sessions() as session:
        stored = load_conversation(session, conversation_id)
        return stored.row, stored.state


def test_taking_over_a_queued_handoff_records_who_when_and_why(
    sessions: sessionmaker[Session], seeded: SeededConversation
) -> None:
    alice = add_staff(sessions, "Alice")
    outcome = desk(sessions).take_over(seeded.id, alice, "VIP customer")
    assert (outcome.owner, outcome.assignee) == ("human", "Alice")
    row, state = _state(sessions, seeded.id)
    assert row.owner == "human" and state.assignee == "Alice"
    change = state.owner_history[-1]
    assert (change.owner, change.staff, change.reason) == ("human", "Alice", "VIP customer")
    with sessions() as session:
        view = conversation_view(session, seeded.id)
        actions = session.scalars(select(StaffActionRow.action)).all()
    # The shopper is told a person joined; the action is in the audit log.
    assert view.messages[-1].role == "system" and "Alice" in view.messages[-1].text
    assert actions == ["take_over"]


def test_taking_over_twice_is_harmless_and_a_second_person_is_told_who_owns_it(
    sessions: sessionmaker[Session], seeded: SeededConversation
) -> None:
    alice, bob = add_staff(sessions, "Alice"), add_staff(sessions, "Bob")
    staff_desk = desk(sessions)
    staff_desk.take_over(seeded.id, alice)
    assert staff_desk.take_over(seeded.id, alice).detail == "you already own this conversation"
    with pytest.raises(InputError) as refused:
        staff_desk.take_over(seeded.id, bob)
    assert refused.value.code == "already_owned" and refused.value.status == 409
    assert "Alice owns this conversation" in refused.value.message
    # An admin may reassign it, and that is recorded too.
    boss = add_staff(sessions, "Boss", role="admin")
    staff_desk.take_over(seeded.id, boss, force=True)
    _, state = _state(sessions, seeded.id)
    assert state.assignee == "Boss" and state.owner_history[-1].reason == "reassigned from Alice by an admin"


def test_a_live_assistant_conversation_can_be_taken_over(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        stored = create_conversation(session, "web")
        session.commit()
    alice = add_staff(sessions, "Alice")
    outcome = desk(sessions).take_over(stored.id, alice)
    assert outcome.owner == "human"
    _, state = _state(sessions, stored.id)
    assert state.owner_history[-1].reason == "taken over from the assistant (support)"


def _race(sessions: sessionmaker[Session], conversation_id: str) -> list[str]:
    """Two staff members take over at the same moment; what each of them got."""
    staff = [add_staff(sessions, f"Racer {uuid.uuid4().hex[:6]}") for _ in range(2)]
    staff_desk = desk(sessions)
    barrier = threading.Barrier(2)
    results: list[str] = []

    def take(index: int) -> None:
        barrier.wait()
        try:
            staff_desk.take_over(conversation_id, staff[index])
            results.append("won")
        except InputError as error:
            results.append(error.code)

    threads = [threading.Thread(target=take, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(results)


def test_two_staff_taking_over_at_once_on_sqlite_one_wins(
    sessions: sessionmaker[Session], seeded: SeededConversation
) -> None:
    for _ in range(3):
        with sessions() as session:
            stored = create_conversation(session, "web")
            session.commit()
        assert _race(sessions, stored.id) == ["already_owned", "won"]


@pytest.fixture
def postgres_sessions(postgres_url: str) -> Iterator[sessionmaker[Session]]:
    engine: Engine = create_store_engine(postgres_url)
    migrate(engine)
    yield session_factory(engine)
    engine.dispose()


def test_two_staff_taking_over_at_once_on_postgres_one_wins(
    postgres_sessions: sessionmaker[Session],
) -> None:
    for _ in range(3):
        with postgres_sessions() as session:
            stored = create_conversation(session, "web")
            session.commit()
        assert _race(postgres_sessions, stored.id) == ["already_owned", "won"]


def test_only_the_owner_replies_and_the_reply_goes_out_through_the_shoppers_channel(
    sessions: sessionmaker[Session], seeded: SeededConversation
) -> None:
    alice, bob = add_staff(sessions, "Alice"), add_staff(sessions, "Bob")
    staff_desk = desk(sessions)
    with pytest.raises(InputError) as refused:
        staff_desk.reply(seeded.id, alice, "Hello!")
    assert refused.value.code == "not_owned"
    staff_desk.take_over(seeded.id, alice)
    with pytest.raises(InputError) as refused:
        staff_desk.reply(seeded.id, bob, "I'll do it")
    assert refused.value.code == "already_owned"
    outcome = staff_desk.reply(seeded.id, alice, "  Hi, I'm Alice. I've refunded the shipping.  ")
    with sessions() as session:
        view = conversation_view(session, seeded.id)
        pending = pending_shopper_replies(session, "web")
    last = view.messages[-1]
    assert (last.seq, last.role, last.text) == (
        outcome.message_seq,
        "human",
        "Hi, I'm Alice. I've refunded the shipping.",
    )
    # A channel adapter picks it up like a helpdesk reply.
    assert [(p.author, p.text, p.message_seq) for p in pending] == [("Alice", last.text, last.seq)]
    with pytest.raises(InputError) as empty:
        staff_desk.reply(seeded.id, alice, "   ")
    assert empty.value.code == "empty_reply"


def test_a_reply_to_a_closed_conversation_is_refused_and_kept(
    sessions: sessionmaker[Session], seeded: SeededConversation
) -> None:
    alice = add_staff(sessions, "Alice")
    staff_desk = desk(sessions)
    staff_desk.take_over(seeded.id, alice)
    closed = staff_desk.close(seeded.id, alice, "resolved on the phone")
    assert (closed.status, closed.owner, closed.assignee) == ("closed", "support", None)
    with sessions() as session:
        before = len(conversation_view(session, seeded.id).messages)
    with pytest.raises(InputError) as refused:
        staff_desk.reply(seeded.id, alice, "One more thing: your coupon is SAVE10")
    assert (refused.value.code, refused.value.status) == ("conversation_closed", 409)
    assert "NOT sent" in refused.value.message and "kept" in refused.value.message
    with sessions() as session:
        assert len(conversation_view(session, seeded.id).messages) == before
        kept = session.scalars(select(StaffActionRow).where(StaffActionRow.action == "reply_refused")).one()
    assert kept.text == "One more thing: your coupon is SAVE10" and kept.staff_name == "Alice"
    with pytest.raises(InputError) as again:
        staff_desk.close(seeded.id, alice)
    assert again.value.code == "conversation_closed"


def test_notes_are_for_staff_only(sessions: sessionmaker[Session], seeded: SeededConversation) -> None:
    bob = add_staff(sessions, "Bob")
    desk(sessions).note(seeded.id, bob, "Customer called twice; be gentle")
    with sessions() as session:
        public = conversation_view(session, seeded.id)
        console = console_conversation(session, seeded.id, now=HANDOFF_AT)
    assert all("be gentle" not in m.text for m in public.messages)
    assert [(n.author, n.text) for n in console.notes] == [("Bob", "Customer called twice; be gentle")]


def test_hand_back_returns_the_thread_to_the_assistant_that_had_it(
    sessions: sessionmaker[Session], seeded: SeededConversation
) -> None:
    alice = add_staff(sessions, "Alice")
    staff_desk = desk(sessions)
    with sessions() as session:
        stored = create_conversation(session, "web")
        session.commit()
    with pytest.raises(InputError) as refused:
        staff_desk.hand_back(stored.id, alice)
    assert (refused.value.code, refused.value.status) == ("not_owned", 409)

    staff_desk.take_over(seeded.id, alice)
    outcome = staff_desk.hand_back(seeded.id, alice)
    # The seeded conversation was with the Orders agent... but its history only records the handoff,
    # so the thread goes back to support; the state (customer, orders) is kept whole.
    row, state = _state(sessions, seeded.id)
    assert (outcome.owner, row.owner, state.assignee) == ("support", "support", None)
    assert state.verified and state.orders_referenced == [seeded.order_number]
    assert state.owner_history[-1].staff == "Alice" and state.misunderstood_turns == 0
    with pytest.raises(InputError) as twice:
        staff_desk.hand_back(seeded.id, alice)
    assert twice.value.code == "not_owned"


def test_the_queue_puts_the_longest_waiting_shopper_first(
    sessions: sessionmaker[Session], seeded: SeededConversation
) -> None:
    alice = add_staff(sessions, "Alice")
    now = HANDOFF_AT + timedelta(minutes=45)
    with sessions() as session:
        queue = handoff_queue(session, now=now)
    assert [i.conversation_id for i in queue] == [seeded.id]
    item = queue[0]
    assert item.reason == "shopper asked for a person" and item.assignee is None
    assert item.waiting_seconds == 45 * 60 and item.verified and seeded.customer_email in item.customer
    staff_desk = desk(sessions)
    staff_desk.take_over(seeded.id, alice)
    staff_desk.reply(seeded.id, alice, "On it")
    with sessions() as session:
        answered = handoff_queue(session, now=now)[0]
    # A person answered last: still Alice's, no longer waiting.
    assert (answered.assignee, answered.waiting_since) == ("Alice", None)
    staff_desk.close(seeded.id, alice)
    with sessions() as session:
        assert handoff_queue(session, now=now) == []


async def test_a_helpdesk_that_is_down_loses_no_reply(
    sessions: sessionmaker[Session], seeded: SeededConversation, zendesk_settings: HelpdeskSettings
) -> None:
    with sessions() as session:
        queue_handoff(session, seeded.id, "shopper asked for a person", provider="zendesk", now=HANDOFF_AT)
        session.commit()
    alice = add_staff(sessions, "Alice")
    staff_desk = desk(sessions, helpdesk="zendesk")
    staff_desk.take_over(seeded.id, alice)
    staff_desk.reply(seeded.id, alice, "Your refund is on its way")
    helpdesk = FakeHelpdesk([httpx.Response(503, text="down for maintenance")])
    async with helpdesk.client() as http:
        connector = build_connector(zendesk_settings, http)
        assert connector is not None
        report = await deliver_pending(sessions, connector, clock=lambda: HANDOFF_AT)
    assert report.retrying == 1
    with sessions() as session:
        rows = outbox_rows(session, seeded.id)
        view = conversation_view(session, seeded.id)
    # The shopper has the reply; the ticket gets it (as a note) once Zendesk is back.
    assert view.messages[-1].text == "Your refund is on its way"
    notes = [r for r in rows if r.kind == "add_message"]
    assert [r.status for r in notes] == ["pending", "pending"]
    assert "Your refund is on its way" in notes[-1].payload["text"]
    assert rows[0].last_error and "503" in rows[0].last_error
