"""Fit Analyzer: the size to buy in apparel and footwear, from charts, fit profiles and the store's returns.

A thin layer: the decisions live in `shopcrew.fit` (measurements, references, charts, returns
evidence, sizing); this module is the agent's configuration and its run function.
"""

from __future__ import annotations

from shopcrew.agents.types import Agent, AgentInput, AgentReply, TurnContext
from shopcrew.analytics.cart_links import DEFAULT_CART_URL_TEMPLATE
from shopcrew.fit.conversation import NAME, answer
from shopcrew.fit.templates import TEMPLATES

__all__ = ["AGENT", "build_agent"]


def build_agent(cart_url_template: str = DEFAULT_CART_URL_TEMPLATE) -> Agent:
    """The Fit Analyzer, linking the product it sizes through the store's cart URL template."""

    async def run(ctx: TurnContext, request: AgentInput) -> AgentReply:
        return await answer(ctx, request, cart_url_template)

    return Agent(
        name=NAME,
        description="finding the right clothing or shoe size from your measurements or usual sizes",
        instructions=(
            "You are the store's fit specialist. Give exactly the size, width, confidence, reasons and "
            "alternative in the facts; never change a size or invent a measurement. Say stock only as the "
            "facts give it. If the facts list problems, say them plainly and ask for the corrected value."
        ),
        templates=TEMPLATES,
        run=run,
    )


AGENT = build_agent()
