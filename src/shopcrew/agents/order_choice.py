"""Which order the shopper means: the one named, the one the conversation is about, the one holding
the item named, or a list to choose from; and the choice from that list ("the second one")."""

from __future__ import annotations

import re
from typing import Any

from shopcrew.agents.order_actions import actor_for
from shopcrew.agents.order_requests import choose_lines
from shopcrew.agents.types import AgentInput, TurnContext
from shopcrew.catalog.text import tokens
from shopcrew.commerce.actions import Refusal
from shopcrew.commerce.order_system import OrderSystem
from shopcrew.domain.orders import Order
from shopcrew.models.local.attributes import at_ordinal

OPEN_STATUSES = ("pending", "paid", "partially_fulfilled", "shipped")
# Words that point away from the order the conversation was about.
_ANOTHER_ORDER = re.compile(
    r"\b(?:other|another|different|else|all|every|orders|previous|older|earlier|last|latest|recent|newest|new)\b",
    re.IGNORECASE,
)


def pick_from_choices(request: AgentInput, choices: list[dict[str, Any]]) -> int | None:
    """The order the shopper picked from a list: "the second one", or "the one with the sunscreen"."""
    if not choices:
        return None
    if request.extraction.ordinal is not None:
        picked = at_ordinal(choices, request.extraction.ordinal)
        return int(picked["number"]) if picked is not None else None
    said = set(tokens(request.text))
    overlaps = [(len(said & set(tokens(" ".join(c["items"])))), int(c["number"])) for c in choices]
    best = max(overlaps)
    if best[0] and [n for n, _ in overlaps].count(best[0]) == 1:
        return best[1]
    return None


def select_order(
    ctx: TurnContext, reads: OrderSystem, number: int | None, domain: str, request: AgentInput
) -> tuple[Order | None, list[Order]]:
    """The order the shopper means, or (None, the orders to choose from) when it isn't clear."""
    actor = actor_for(ctx)
    if number is not None:
        # The port answers `not_found` alike for a missing order and someone else's: nothing leaks.
        found = reads.order(str(number), actor)
        order = None if isinstance(found, Refusal) else found
        ctx.trace.tool("get_order", {"number": number}, order.status if order else None)
        return order, []
    if (referenced := order_in_context(ctx, reads, domain, request)) is not None:
        return referenced, []
    orders = reads.orders_for(actor)
    ctx.trace.tool("list_orders", {"customer_id": actor.customer_id}, [o.number for o in orders])
    if not orders:
        return None, []
    wanted = OPEN_STATUSES if domain in ("order_status", "order_cancel", "address_change") else ("delivered",)
    candidates = [o for o in orders if o.status in wanted]
    if domain == "refund_status":
        # "where is my refund?": the latest order with a refund is the one meant.
        refunded = [o for o in orders if o.refunded_amount > 0]
        return (refunded[0] if refunded else orders[0]), []
    if domain != "order_status" and (request.extraction.products or request.extraction.categories):
        # "return the serum": the one order that has the item the shopper names; of the orders the
        # change applies to, else of all, so "swap my trail runners" finds the order still on its
        # way, and the plan says why it can't be done yet, rather than a list without them.
        holding = [o for o in candidates if _holds_what_is_named(ctx, request, o)] or [
            o for o in orders if _holds_what_is_named(ctx, request, o)
        ]
        if len(holding) == 1:
            return holding[0], []
    if len(candidates) == 1:
        return candidates[0], []
    if not candidates:
        return (orders[0], []) if domain == "order_status" else (None, orders[:5])
    return None, candidates[:5]


def order_in_context(ctx: TurnContext, reads: OrderSystem, domain: str, request: AgentInput) -> Order | None:
    """The order this conversation was last about, when the shopper names none ("when will it arrive?").

    Not when they point elsewhere ("my other order", "my last order"), nor when they name an item that
    order does not hold ("return the serum" after talking about an order of boots).
    """
    if not ctx.state.orders_referenced or _ANOTHER_ORDER.search(request.text):
        return None
    number = ctx.state.orders_referenced[-1]
    found = reads.order(str(number), actor_for(ctx))
    ctx.trace.tool("get_order", {"number": number, "from": "conversation"}, getattr(found, "status", None))
    if isinstance(found, Refusal):
        return None
    names_items = bool(request.extraction.products or request.extraction.categories)
    if names_items and not _holds_what_is_named(ctx, request, found):
        return None
    if domain == "refund_status" and found.refunded_amount <= 0:
        return None
    return found


def _holds_what_is_named(ctx: TurnContext, request: AgentInput, order: Order) -> bool:
    """Whether `order` has a line the message names (by product, category or words of its title)."""
    return choose_lines(request.text, request.extraction, order.lines, ctx.catalog, by_options=False).named
