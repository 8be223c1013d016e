"""Pieces of a turn's trace and result: classification, grounding, products shown."""

from __future__ import annotations

from typing import Any

from shopcrew.agents.types import AgentReply
from shopcrew.domain.messages import ProductShown
from shopcrew.guardrails.grounding import GroundingAction
from shopcrew.orchestrator.classifier import Classification


def grounding_trace(actions: list[GroundingAction]) -> dict[str, Any]:
    """What the grounding check rewrote and removed in this turn's replies."""
    return {
        "repairs": sum(1 for a in actions if a.action == "repaired"),
        "removed": sum(1 for a in actions if a.action == "removed"),
        "details": [a.as_trace() for a in actions],
    }


def products_shown(replies: list[AgentReply]) -> tuple[ProductShown, ...]:
    """The products this turn's replies showed, each once, with its price and cart link."""
    shown: dict[int, ProductShown] = {}
    for reply in replies:
        prices = {int(p["id"]): str(p["price"]) for p in reply.facts.get("products", []) if "id" in p}
        # The agent logged each shown product as a recommendation event and minted its cart link.
        links = {int(link["id"]): link for link in reply.facts.get("cart_links", [])}
        for product in reply.products:
            link = links.get(product.id, {})
            shown.setdefault(
                product.id,
                ProductShown(
                    product.id,
                    product.title,
                    str(link.get("price") or prices.get(product.id, product.min_price)),
                    variant_id=link.get("variant_id"),
                    variant=link.get("variant"),
                    token=link.get("token"),
                    cart_url=link.get("url"),
                ),
            )
    return tuple(shown.values())


def classification_trace(classification: Classification | None) -> dict[str, Any] | None:
    """The classifier's verdict as the turn trace records it."""
    if classification is None:
        return None
    top = sorted(classification.scores.items(), key=lambda kv: -kv[1])[:3]
    return {
        "domain": classification.domain,
        "confidence": round(classification.confidence, 4),
        "top": [[d, round(s, 4)] for d, s in top],
        "complexity": classification.complexity,
        "modality": classification.modality,
        "parts": [
            {"text": p.text, "domain": p.domain, "confidence": round(p.confidence, 4)}
            for p in classification.parts
        ],
    }
