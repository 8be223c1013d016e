"""A known shopper's sizes and skin profile follow them from one conversation (and channel) to the next."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.conversations import converse

from shopcrew.app import Assistant
from shopcrew.domain.messages import CustomerRef
from shopcrew.orchestrator.profiles import load_profile, save_profile
from shopcrew.orchestrator.state import ConversationState
from shopcrew.settings import Settings
from shopcrew.store.commerce_tables import CustomerRow
from shopcrew.store.conversation_tables import ConversationRow
from shopcrew.store.profile_tables import CustomerProfileRow


def _a_customer(session: Session) -> CustomerRow:
    customer = session.scalars(select(CustomerRow).order_by(CustomerRow.id)).first()
    assert customer is not None
    return customer


def test_sizes_saved_then_loaded_into_a_new_conversation(session: Session) -> None:
    customer = _a_customer(session)
    first = ConversationState(customer_id=customer.id, verified=True)
    first.sizes = {"tops": "M", "shoes": "10.5", "shoe_width": "W"}
    first.measurements = {"height_cm": 178.0}
    assert sorted(save_profile(session, first)) == ["measurements", "sizes"]
    assert save_profile(session, first) == []  # nothing changed, nothing written

    later = ConversationState(customer_id=customer.id, verified=True)
    later.sizes = {"tops": "L"}  # said in this conversation: it wins over the remembered M
    assert sorted(load_profile(session, later)) == ["measurements", "sizes"]
    assert later.sizes == {"tops": "L", "shoes": "10.5", "shoe_width": "W"}
    assert later.measurements == {"height_cm": 178.0}
    assert save_profile(session, later) == ["sizes"]
    row = session.get(CustomerProfileRow, customer.id)
    assert row is not None and row.sizes["tops"] == "L"


def test_unverified_or_unknown_customers_get_no_profile(session: Session) -> None:
    customer = _a_customer(session)
    session.add(
        CustomerProfileRow(customer_id=customer.id, sizes={"tops": "S"}, measurements={}, skin_profile={})
    )
    session.flush()
    claimed = ConversationState(customer_id=customer.id, verified=False)
    assert load_profile(session, claimed) == [] and claimed.sizes == {}
    stranger = ConversationState(customer_id=99_999_999, verified=True)  # e.g. a Shopify customer id
    stranger.sizes = {"tops": "M"}
    assert save_profile(session, stranger) == []
    anonymous = ConversationState()
    assert load_profile(session, anonymous) == [] and save_profile(session, anonymous) == []


async def test_profile_reaches_a_conversation_on_another_channel(
    assistant: Assistant, demo_settings: Settings, session: Session
) -> None:
    customer = _a_customer(session)
    session.add(
        CustomerProfileRow(
            customer_id=customer.id,
            sizes={"dresses": "8"},
            measurements={"waist_cm": 70.0},
            skin_profile={"type": "dry"},
        )
    )
    session.commit()
    ref = CustomerRef(email=customer.email, verified=True)
    [result] = await converse(assistant, "hi there", customer=ref, channel="whatsapp")
    assert any("customer profile loaded" in note for note in result.trace["notes"])
    session.expire_all()
    row = session.get(ConversationRow, result.conversation_id)
    assert row is not None
    assert row.state["sizes"] == {"dresses": "8"}
    assert row.state["skin_profile"] == {"type": "dry"}
