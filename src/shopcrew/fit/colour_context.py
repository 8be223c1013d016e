"""The colour a sizing question means when the shopper names none: the one already in the conversation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from shopcrew.agents.product_expert import OPTIONS_KEY
from shopcrew.domain.catalog import Product
from shopcrew.orchestrator.state import ConversationState

__all__ = ["AskedColour", "asked_colour"]


@dataclass(frozen=True)
class AskedColour:
    """The colour to check stock in, and where it came from ("message", "asked about before", "shown in the outfit look")."""

    colour: str
    source: str


def asked_colour(state: ConversationState, product: Product, said_now: Sequence[str]) -> AskedColour | None:
    """A colour named now wins; else the colour last asked about for this product; else its colour in the looks.

    A product shown in several looks in different colours has no colour in context (the reply then
    lists the colours that have the size rather than guess one).
    """
    if said_now:
        return AskedColour(_spelled(product, said_now[0]), "message")
    options = state.pending.get(OPTIONS_KEY) or {}
    asked = options.get("asked") or {}
    if options.get("product_id") == product.id and asked.get("colour"):
        return AskedColour(_spelled(product, str(asked["colour"])), "asked about before")
    in_looks = {
        str(piece["colour"]).casefold(): str(piece["colour"])
        for look in state.outfit.get("looks") or []
        for piece in look
        if piece.get("product_id") == product.id and piece.get("colour")
    }
    if len(in_looks) == 1:
        return AskedColour(_spelled(product, next(iter(in_looks.values()))), "shown in the outfit look")
    return None


def _spelled(product: Product, colour: str) -> str:
    """The colour as the product's variants spell it ("Sage" for "sage"), else as given."""
    return next(
        (
            str(v.options["colour"])
            for v in product.matching_variants(colour=colour)
            if v.options.get("colour")
        ),
        colour,
    )
