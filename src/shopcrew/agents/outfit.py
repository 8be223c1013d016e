"""Outfit Builder: complete looks from the catalog for an occasion, style, season, colours and a total
budget, in stock in the shopper's sizes; "swap the shoes" changes one piece and keeps the rest.

A thin layer: the decisions live in `shopcrew.outfit` (pieces per slot, colour harmony, formality,
the search over combinations); this module is the agent's configuration and its run function.
"""

from __future__ import annotations

import importlib
import threading
from weakref import WeakKeyDictionary

from shopcrew.agents.types import Agent, AgentInput, AgentReply, TurnContext
from shopcrew.analytics.cart_links import DEFAULT_CART_URL_TEMPLATE
from shopcrew.catalog.search import CatalogIndex
from shopcrew.outfit.conversation import NAME, answer, is_size_question
from shopcrew.outfit.index import OutfitIndex
from shopcrew.outfit.templates import TEMPLATES

__all__ = ["AGENT", "build_agent"]


def build_agent(cart_url_template: str = DEFAULT_CART_URL_TEMPLATE) -> Agent:
    """The Outfit Builder, linking every piece it shows through the store's cart URL template."""
    # One outfit index per catalog index, built once: ahead of time by `prepare` (the app runs it in
    # the background after each catalog load: 1.5-4 s at 44k items), else on the first outfit request.
    # The lock makes a request that arrives mid-build wait for that build instead of starting another.
    indexes: WeakKeyDictionary[CatalogIndex, OutfitIndex] = WeakKeyDictionary()
    building = threading.Lock()

    def index_for(catalog: CatalogIndex) -> OutfitIndex:
        index = indexes.get(catalog)
        if index is None:
            with building:
                index = indexes.get(catalog)
                if index is None:
                    index = indexes[catalog] = OutfitIndex(catalog.products)
        return index

    async def run(ctx: TurnContext, request: AgentInput) -> AgentReply:
        if is_size_question(ctx, request):
            fit = _fit_analyzer(cart_url_template)
            if fit is not None:
                # A handoff that answers in the same turn: the Fit Analyzer sizes the piece, with the
                # looks' pieces in context, and keeps the thread for its follow-up.
                reply = await fit.run(ctx, request)
                reply.handoff = reply.handoff or "fit"
                reply.handoff_reason = reply.handoff_reason or "size question about a piece of a look"
                return reply
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
        prepare=index_for,
    )


def _fit_analyzer(cart_url_template: str) -> Agent | None:
    """The Fit Analyzer, when this installation has one."""
    try:
        module = importlib.import_module("shopcrew.agents.fit")
    except ModuleNotFoundError:
        return None
    build = getattr(module, "build_agent", None)
    agent = build(cart_url_template) if callable(build) else getattr(module, "AGENT", None)
    return agent if isinstance(agent, Agent) else None


AGENT = build_agent()
