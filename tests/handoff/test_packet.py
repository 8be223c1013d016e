"""The context packet: a person can pick the conversation up without asking the shopper again."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker
from tests.handoff.helpdesk_fakes import HANDOFF_AT, LAST_WORDS, SeededConversation

from shopcrew.app import build_assistant
from shopcrew.domain.messages import InboundMessage, InputError
from shopcrew.handoff.packet import build_packet, render_ticket_text
from shopcrew.orchestrator.memory import create_conversation, load_conversation
from shopcrew.settings import Settings
from shopcrew.store.database import session_factory

REASON = "shopper asked for a person"


def test_the_packet_says_who_what_and_what_was_tried(
    sessions: sessionmaker[Session], seeded: SeededConversation
) -> None:
    with sessions() as session:
        packet = build_packet(session, seeded.id, REASON, now=HANDOFF_AT)
    assert (packet.conversation_id, packet.channel, packet.reason, packet.created_at) == (
        seeded.id,
        "web",
        REASON,
        HANDOFF_AT,
    )
    customer = packet.customer
    assert (customer.name, customer.email, customer.verified, customer.verified_by) == (
        seeded.customer_name,
        seeded.customer_email,
        True,
        "channel:web",
    )
    assert [(o.number, o.status) for o in packet.orders] == [(seeded.order_number, seeded.order_status)]
    assert [p.title for p in packet.products] == [seeded.product_title]
    assert "refused (the order has shipped)" in [s.result for s in packet.tried]
    assert packet.tried[-1].result == "handed off to human"
    assert len(packet.transcript) == 10 and packet.transcript[-1].text == LAST_WORDS
    assert [m.seq for m in packet.transcript] == list(range(3, 13))  # the last ten, oldest first
    assert packet.summary.startswith(f"{seeded.customer_name} (verified by channel:web) needs a person")
    assert f"#{seeded.order_number} ({seeded.order_status})" in packet.summary
    assert "cancel_order refused" in packet.summary


def test_the_ticket_text_reads_summary_then_details_then_transcript(
    sessions: sessionmaker[Session], seeded: SeededConversation
) -> None:
    with sessions() as session:
        text = render_ticket_text(build_packet(session, seeded.id, REASON, now=HANDOFF_AT))
    lines = text.splitlines()
    headings = [lines[i] for i in range(len(lines) - 1) if lines[i + 1] and set(lines[i + 1]) == {"-"}]
    assert headings == [
        "Summary",
        "Customer",
        "Orders",
        "Products",
        "What the assistant tried",
        "Reason for handoff",
        "Transcript (last 10 messages)",
    ]
    assert f"Shopper: {LAST_WORDS}" in text.splitlines()[-3]
    assert "Identity: verified by channel:web" in text


def test_an_anonymous_shopper_is_shown_as_unverified_with_the_claimed_email(
    sessions: sessionmaker[Session], seeded: SeededConversation
) -> None:
    with sessions() as session:
        stored = create_conversation(session, "whatsapp")
        stored.state.claimed_email = "someone@example.com"
        stored.row.state = stored.state.model_dump(mode="json")
        session.commit()
        packet = build_packet(session, stored.id, "frustrated shopper", now=HANDOFF_AT)
    assert not packet.customer.verified and packet.customer.claimed_email == "someone@example.com"
    assert packet.summary.startswith(
        "An anonymous shopper (not verified) needs a person: frustrated shopper."
    )
    text = render_ticket_text(packet)
    assert "Identity: NOT verified" in text and "Claimed email (unproven): someone@example.com" in text


def test_an_unknown_conversation_is_a_clear_error(sessions: sessionmaker[Session]) -> None:
    with sessions() as session, pytest.raises(InputError) as caught:
        build_packet(session, "c_nope", REASON)
    assert caught.value.code == "conversation_not_found"


async def test_a_real_handoff_carries_what_the_shopper_said(demo_settings: Settings) -> None:
    assistant = build_assistant(demo_settings)
    try:
        first = await assistant.handle(InboundMessage(text="where is my order 1001?"))
        turn = await assistant.handle(
            InboundMessage(text="I want to talk to a real person", conversation_id=first.conversation_id)
        )
        assert turn.owner == "human"
        with session_factory(assistant.engine)() as session:
            reason = load_conversation(session, turn.conversation_id).state.owner_history[-1].reason
            packet = build_packet(session, turn.conversation_id, reason)
    finally:
        assistant.close()
    assert packet.turns == 2
    assert [m.role for m in packet.transcript][:3] == ["shopper", "assistant", "shopper"]
    assert packet.last_shopper_text() == "I want to talk to a real person"
    assert packet.tried[-1].result == "handed off to human"
    assert packet.reason == REASON
    assert packet.summary.startswith(f"An anonymous shopper (not verified) needs a person: {REASON}.")
    assert "about order status" in packet.summary
