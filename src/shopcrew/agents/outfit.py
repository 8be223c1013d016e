"""Outfit Builder: complete looks from the catalog for an occasion, style, season, colours and a total
budget, in stock in the shopper's sizes; "swap the shoes" changes one piece and keeps the rest.

A thin layer: the decisions live in `shopcrew.outfit` (pieces per slot, colour harmony, formality,
the search over combinations); this module is the agent's configuration and its run function.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from shopcrew.agents.types import Agent, AgentInput, AgentReply, TurnContext
from shopcrew.analytics.cart_links import DEFAULT_CART_URL_TEMPLATE
from shopcrew.catalog.search import CatalogIndex
from shopcrew.outfit.conversation import NAME, answer
from shopcrew.outfit.index import OutfitIndex
from shopcrew.outfit.templates import TEMPLATES

__all__ = ["AGENT", "build_agent"]


def build_agent(cart_url_template: str = DEFAULT_CART_URL_TEMPLATE) -> Agent:
    """The Outfit Builder, linking every piece it shows through the store's cart URL template."""
    # One outfit index per catalog index: built on the first outfit request after a catalog (re)load.
    indexes: WeakKeyDictionary[CatalogIndex, OutfitIndex] = WeakKeyDictionary()

    def index_for(catalog: CatalogIndex) -> OutfitIndex:
        index = indexes.get(catalog)
        if index is None:
            index = indexes[catalog] = OutfitIndex(catalog.products)
        return index

    async def run(ctx: TurnContext, request: AgentInput) -> AgentReply:
        return answer(ctx, request, index_for(ctx.catalog), cart_url_template)

    return Agent(
        name=NAME,
        description="putting complete outfits together for an occasion and budget",
        instructions=(
            "You are the store's stylist. Present exactly the looks in the facts: each piece with its exact "
            "name, colour and price, the look's total and the reason given for each piece. Never add, drop "
            "or rename a piece, and never change a price or a total. Say what the facts say about sizes."
        ),
        templates=TEMPLATES,
        run=run,
    )


AGENT = build_agent()
