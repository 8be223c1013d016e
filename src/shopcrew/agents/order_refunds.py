"""Refund status: "where is my refund?" answered from the order system's refund records.

A question about a refund often reads like a return request to the classifier ("my refund for the
return"); `asks_refund_status` tells the two apart, so nothing is planned for a status question.
"""

from __future__ import annotations

import re
from typing import Any

from shopcrew.agents.order_actions import actor_for
from shopcrew.agents.types import AgentReply, TurnContext
from shopcrew.commerce.actions import Refusal
from shopcrew.commerce.order_system import OrderSystem, OrderSystemError
from shopcrew.domain.orders import Order

_REFUND = re.compile(r"\brefund(?:s|ed)?\b", re.IGNORECASE)
_STATUS_WORDS = re.compile(
    r"\b(where|when|status|has|have|did|was|yet|received|receive|gone through|go through|show up|arrived|"
    r"how long|still waiting|not seen|haven'?t (?:got|seen|received))\b",
    re.IGNORECASE,
)
_WANTS_ACTION = re.compile(
    r"\b(?:want|like|need|can i|could i|please|start|help me)\b.{0,30}\b(?:return|refund|exchange|cancel)\b",
    re.IGNORECASE,
)


def asks_refund_status(text: str) -> bool:
    """True for "where is my refund?", "has the refund for 1462 gone through?"; False for "I want a refund"."""
    return bool(_REFUND.search(text) and _STATUS_WORDS.search(text) and not _WANTS_ACTION.search(text))


def refund_status_reply(ctx: TurnContext, orders: OrderSystem, order: Order) -> AgentReply:
    """The refunds of `order`: amount, where each went, and where it stands."""
    try:
        refunds = orders.refunds_for(str(order.number), actor_for(ctx))
    except OrderSystemError as error:
        ctx.trace.tool("refund_status", {"order": order.number}, f"order system error: {error}")
        return AgentReply(
            intent="orders.system_unavailable", facts={"can_retry": False}, awaiting_slot="handoff_offer"
        )
    if isinstance(refunds, Refusal):
        return AgentReply(
            intent="orders.not_found", facts={"order_number": order.number}, awaiting_slot="order_number"
        )
    facts: dict[str, Any] = {
        "number": order.number,
        "status": order.status,
        "refunds": [
            {
                "amount": str(r.amount),
                "method": r.method,
                "status": r.status,
                "issued_on": r.created_at.date().isoformat(),
            }
            for r in refunds
        ],
    }
    ctx.trace.tool(
        "refund_status", {"order": order.number}, [(r["amount"], r["status"]) for r in facts["refunds"]]
    )
    ctx.trace.facts.append({"kind": "refunds", **facts})
    return AgentReply(intent="orders.refund_status", facts=facts)
