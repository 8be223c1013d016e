"""Products the expert shows: each becomes a recommendation event with an add-to-cart link and token."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from shopcrew.agents.types import TurnContext
from shopcrew.analytics.cart_links import cart_url
from shopcrew.analytics.recommendations import RecommendationEvent, attribution_token, record_recommendations
from shopcrew.domain.catalog import Product, Variant
from shopcrew.store.conversation_tables import ConversationRow

AGENT_NAME = "product_expert"
_TOOL = "record_recommendations"


@dataclass(frozen=True)
class Shown:
    """A product about to be shown, with the variants that fit the shopper's request."""

    product: Product
    variants: Sequence[Variant] = ()


def cart_variant(product: Product, variants: Sequence[Variant] = ()) -> Variant | None:
    """The variant an add-to-cart link adds: the cheapest in stock among those that fit, else any in stock."""
    if not product.active:
        return None
    pool = [v for v in variants if v.in_stock] or [v for v in product.variants if v.in_stock]
    return min(pool, key=lambda v: v.price) if pool else None


def link_products(
    ctx: TurnContext,
    query: str,
    intent: str,
    shown: Sequence[Shown],
    template: str,
    *,
    agent: str = AGENT_NAME,
) -> list[dict[str, Any]]:
    """Log every shown product as a recommendation event and return its cart link facts, in order.

    The events join the turn's transaction: a turn that fails logs nothing. `agent` is the agent
    showing them (the specialists use the same path as the Product Expert).
    """
    turn = _turn_number(ctx)
    # Positions run across the whole turn, so two parts showing products never reuse a token.
    start = sum(len(call["result"]) for call in ctx.trace.tool_calls if call["tool"] == _TOOL)
    events: list[RecommendationEvent] = []
    links: list[dict[str, Any]] = []
    for offset, item in enumerate(shown, start=1):
        product = item.product
        position = start + offset
        token = attribution_token(ctx.conversation_id, turn, position)
        variant = cart_variant(product, item.variants)
        url = (
            cart_url(
                template,
                store_url=ctx.store_url,
                variant_id=variant.id,
                product_id=product.id,
                handle=product.handle,
                sku=variant.sku,
                token=token,
            )
            if variant is not None
            else None
        )
        events.append(
            RecommendationEvent(
                token=token,
                conversation_id=ctx.conversation_id,
                turn=turn,
                position=position,
                channel=ctx.channel,
                agent=agent,
                intent=intent,
                product_id=product.id,
                variant_id=variant.id if variant else None,
                price_shown=variant.price if variant else None,
                query=query,
                created_at=ctx.now,
            )
        )
        links.append(
            {
                "id": product.id,
                "variant_id": variant.id if variant else None,
                "variant": variant.title if variant else None,
                "price": str(variant.price) if variant else None,
                "token": token,
                "url": url,
            }
        )
    record_recommendations(ctx.session, events)
    ctx.trace.tool(_TOOL, {"intent": intent, "turn": turn}, [link["token"] for link in links])
    return links


def _turn_number(ctx: TurnContext) -> int:
    # The orchestrator counts a turn when it is saved, so the turn being answered is the next one.
    row = ctx.session.get(ConversationRow, ctx.conversation_id)
    return (row.turn_count if row is not None else 0) + 1
