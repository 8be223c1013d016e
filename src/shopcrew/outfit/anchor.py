"""The piece a look is built around: one the shopper names ("what shoes go with the linen wrap
midi dress?"), points at after seeing it ("what goes with it?") or picks from a list ("the second
one"), and the occasion to dress it for."""

from __future__ import annotations

import re

from shopcrew.agents.product_expert import named_products
from shopcrew.agents.types import AgentInput, TurnContext
from shopcrew.catalog.text import normalise
from shopcrew.models.local.attributes import at_ordinal
from shopcrew.outfit.index import OutfitIndex
from shopcrew.outfit.items import StyleItem
from shopcrew.outfit.request import read_message
from shopcrew.outfit.vocabulary import OCCASIONS

_GOES_WITH = re.compile(r"\b(go(es)? with|match(es)?|pair(s)? with|wear with|style|complete)\b")
_POINTING = re.compile(r"\b(it|this|that|these|those|them)\b")


def anchor_piece(ctx: TurnContext, request: AgentInput, index: OutfitIndex) -> StyleItem | None:
    """The piece a look should be built around: one the message names, or "it"/"this dress" after
    "goes with" when the conversation was just about a product."""
    lowered = normalise(request.text)
    named = named_products(request)
    mention = max(request.extraction.products, key=lambda m: m.score, default=None)
    # A name of two words or more ("the wrap midi dress"), or any name after "goes with": one word
    # shared with a product ("cocktail" party, "Sequin Cocktail Dress") is not a request to use it.
    clear = mention is not None and (
        len(mention.matched_text.split()) >= 2 or bool(_GOES_WITH.search(lowered))
    )
    if len(named) == 1 and clear:
        item = index.item(named[0])
        said = read_message(request.text, request.extraction).request.gender
        if item is not None and (said is None or item.gender in (said, "unisex")):
            return item
    position = at_ordinal(ctx.state.last_products_shown, request.extraction.ordinal)
    if position is not None and _GOES_WITH.search(lowered):
        return index.item(position)  # "what shoes go with the second one?"
    if _GOES_WITH.search(lowered) and _POINTING.search(lowered) and (meant := ctx.state.product_for_it()):
        return index.item(meant)
    return None


def anchor_occasion(item: StyleItem, default: str) -> str:
    """The occasion to dress a piece for: the first it is made for whose formality band it sits in."""
    # Travel last: "casual" or "the beach" says more about how to style a piece.
    listed = sorted((o for o in OCCASIONS if o.name in item.occasions), key=lambda o: o.name == "travel")
    for candidate in listed:
        if candidate.low - 0.3 <= item.formality <= candidate.high + 0.3:
            return candidate.name
    return listed[0].name if listed else default
