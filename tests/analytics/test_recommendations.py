"""Recommendation events: one row per product shown, tokens that find their event, links from the template."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.conversations import converse

from shopcrew.analytics.cart_links import DEFAULT_CART_URL_TEMPLATE, cart_url
from shopcrew.analytics.recommendations import (
    RecommendationEvent,
    attribution_token,
    recommendation_for_token,
    recommendations_in_conversation,
    record_recommendations,
)
from shopcrew.api import create_app
from shopcrew.app import Assistant, build_assistant
from shopcrew.domain.messages import InboundMessage
from shopcrew.orchestrator.turn import Orchestrator
from shopcrew.settings import Settings
from shopcrew.store.analytics_tables import RecommendationEventRow
from shopcrew.store.database import create_store_engine, migrate, open_store, session_factory


def events_of(settings: Settings, conversation_id: str) -> list[RecommendationEvent]:
    engine = open_store(settings)
    try:
        with session_factory(engine)() as session:
            return recommendations_in_conversation(session, conversation_id)
    finally:
        engine.dispose()


async def test_every_product_shown_is_an_event_with_its_link_token(
    assistant: Assistant, demo_settings: Settings
) -> None:
    query = "which running shoe has the most arch support in a size 11 wide?"
    (turn,) = await converse(assistant, query, channel="whatsapp")
    events = events_of(demo_settings, turn.conversation_id)
    assert [e.product_id for e in events] == [p.id for p in turn.products]
    for position, (event, shown) in enumerate(zip(events, turn.products, strict=True), start=1):
        assert (event.turn, event.position, event.channel, event.agent) == (
            1,
            position,
            "whatsapp",
            "product_expert",
        )
        assert (event.intent, event.query) == ("product.results", query)
        assert event.token == shown.token == attribution_token(turn.conversation_id, 1, position)
        assert event.variant_id == shown.variant_id and event.price_shown == Decimal(shown.price)
        assert shown.cart_url == (
            f"{demo_settings.store_url}/cart/{shown.variant_id}:1"
            f"?attributes[shopcrew_ref]={shown.token}&ref=shopcrew"
        )
    assert len({e.token for e in events}) == len(events)


async def test_a_token_finds_its_event_for_attribution(assistant: Assistant, demo_settings: Settings) -> None:
    results, about = await converse(assistant, "vitamin c serum under $40", "tell me about the second one")
    second = results.products[1]
    engine = open_store(demo_settings)
    try:
        with session_factory(engine)() as session:
            event = recommendation_for_token(session, str(second.token))
            assert event is not None
            assert (event.conversation_id, event.turn, event.position) == (results.conversation_id, 1, 2)
            assert event.product_id == second.id
            assert recommendation_for_token(session, "rec_not_a_token") is None
            follow = recommendation_for_token(session, str(about.products[0].token))
            assert follow is not None and (follow.turn, follow.position, follow.intent) == (
                2,
                1,
                "product.about",
            )
    finally:
        engine.dispose()


async def test_a_comparison_logs_each_compared_product(assistant: Assistant, demo_settings: Settings) -> None:
    (turn,) = await converse(assistant, "compare the two vitamin C serums under $40")
    events = events_of(demo_settings, turn.conversation_id)
    assert [(e.product_id, e.intent) for e in events] == [(p.id, "product.compare") for p in turn.products]
    assert all(p.cart_url and p.token and p.token in p.cart_url for p in turn.products)


async def test_a_failed_turn_logs_nothing(
    assistant: Assistant, demo_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken_compose(*args: object, **kwargs: object) -> str:
        raise RuntimeError("compose failed")

    monkeypatch.setattr(Orchestrator, "_compose", broken_compose)
    with pytest.raises(RuntimeError):
        await assistant.handle(InboundMessage(text="vitamin c serum under $40"))
    engine = open_store(demo_settings)
    try:
        with Session(engine) as session:
            assert session.scalar(select(func.count()).select_from(RecommendationEventRow)) == 0
    finally:
        engine.dispose()


async def test_the_store_cart_template_shapes_the_link(demo_settings: Settings) -> None:
    template = "{store_url}/products/{handle}?variant={variant_id}&sc_ref={token}"
    settings = demo_settings.model_copy(
        update={"cart_url_template": template, "store_url": "https://shop.example/"}
    )
    built = build_assistant(settings)
    try:
        (turn,) = await converse(built, "vitamin c serum under $40")
    finally:
        built.close()
    first = turn.products[0]
    handle = "lumen-lab-15-percent-vitamin-c-ferulic-serum"
    assert first.name == "15% Vitamin C + Ferulic Serum"
    assert (
        first.cart_url
        == f"https://shop.example/products/{handle}?variant={first.variant_id}&sc_ref={first.token}"
    )


@pytest.mark.parametrize(
    ("template", "complaint"),
    [
        ("{store_url}/cart/{variant_id}:1", "must contain {token}"),
        ("{store_url}/cart/{variant}:1?ref={token}", "unknown placeholders {variant}"),
        ("{store_url}/cart/{variant_id:1?ref={token}", "malformed"),
    ],
)
def test_a_bad_cart_template_is_refused_at_startup(tmp_path: Path, template: str, complaint: str) -> None:
    with pytest.raises(ValidationError, match=complaint.replace("{", r"\{").replace("}", r"\}")):
        Settings(data_dir=tmp_path, cart_url_template=template)


def test_tokens_are_deterministic_per_showing_and_values_are_url_encoded() -> None:
    assert attribution_token("c_1", 2, 3) == attribution_token("c_1", 2, 3)
    assert (
        len({attribution_token("c_1", 2, 3), attribution_token("c_1", 2, 4), attribution_token("c_2", 2, 3)})
        == 3
    )
    url = cart_url(
        "{store_url}/x/{handle}?s={sku}&t={token}",
        store_url="https://a.example/",
        variant_id=1,
        product_id=2,
        handle="a&b",
        sku="SKU 1/2",
        token="rec_x",
    )
    assert url == "https://a.example/x/a%26b?s=SKU%201%2F2&t=rec_x"
    assert "{token}" in DEFAULT_CART_URL_TEMPLATE


def _event(conversation_id: str, position: int) -> RecommendationEvent:
    return RecommendationEvent(
        token=attribution_token(conversation_id, 1, position),
        conversation_id=conversation_id,
        turn=1,
        position=position,
        channel="web",
        agent="product_expert",
        intent="product.results",
        product_id=10 + position,
        variant_id=None if position == 2 else 100 + position,
        price_shown=None if position == 2 else Decimal("34.50"),
        query="vitamin c serum",
        created_at=datetime(2026, 6, 15, 12, 30, tzinfo=UTC),
    )


def _round_trip(url: str) -> None:
    engine = create_store_engine(url)
    try:
        migrate(engine)
        with session_factory(engine)() as session:
            record_recommendations(session, [_event("c_db", 1), _event("c_db", 2)])
            session.commit()
        with session_factory(engine)() as session:
            assert recommendation_for_token(session, attribution_token("c_db", 1, 1)) == _event("c_db", 1)
            assert recommendations_in_conversation(session, "c_db") == [_event("c_db", 1), _event("c_db", 2)]
    finally:
        engine.dispose()


def test_events_round_trip_on_sqlite(tmp_path: Path) -> None:
    _round_trip(f"sqlite:///{tmp_path / 'events.db'}")


def test_events_round_trip_on_postgres(postgres_url: str) -> None:
    _round_trip(postgres_url)


async def test_the_http_api_returns_each_products_link_and_token(demo_settings: Settings) -> None:
    application = create_app(demo_settings)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://shopcrew.test") as http:
            response = await http.post("/v1/messages", json={"text": "vitamin c serum under $40"})
    assert response.status_code == 200, response.text
    products = response.json()["products"]
    assert products
    for product in products:
        assert product["token"].startswith("rec_")
        assert product["cart_url"].endswith(
            f"/cart/{product['variant_id']}:1?attributes[shopcrew_ref]={product['token']}&ref=shopcrew"
        )
        assert product["variant"] == "30 ml"
