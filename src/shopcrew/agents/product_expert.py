"""Product Expert: catalog search with filters, and product questions answered strictly from catalog data."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from shopcrew.agents.product_templates import TEMPLATES
from shopcrew.agents.types import Agent, AgentInput, AgentReply, TurnContext
from shopcrew.catalog.filters import filters_from_message
from shopcrew.catalog.ingredients import ingredients_matching
from shopcrew.catalog.search import SearchFilters, SearchHit
from shopcrew.catalog.text import normalise, tokens
from shopcrew.domain.catalog import Product

NAME = "product_expert"
# A mention this strong, clearly ahead of the next, names one product.
MIN_MENTION_SCORE = 70.0
# Mentions this strong and within FAMILY_SPREAD of the best name a product line ("the trail runner").
MIN_FAMILY_SCORE = 55.0
FAMILY_SPREAD = 5.0
# After showing products the expert keeps the thread for follow-ups ("the second one", "does it come in black?").
FOLLOW_UP = "product_follow_up"
RESULTS_SHOWN = 3

_PRONOUN = re.compile(r"\b(it|this|that|this one|that one|them|these|those|the same)\b")
_TOPICS = (
    (
        "ingredients",
        re.compile(r"\b(ingredients?|inci|contains?|what'?s in|is there|free of|has it got|have any)\b"),
    ),
    (
        "materials",
        re.compile(r"\b(materials?|made of|made from|fabric|cotton|wool|leather|polyester|merino)\b"),
    ),
    ("price", re.compile(r"\b(how much|price|cost|expensive|cheap)\b")),
    (
        "stock",
        re.compile(
            r"\b(in stock|available|availability|come in|comes in|do you have|have (it|them|this|that)|sizes?|widths?|colou?rs?)\b"
        ),
    ),
    ("care", re.compile(r"\b(wash|care|clean|dry clean|machine)\b")),
    ("about", re.compile(r"\b(tell me (more )?about|what is|describe|details|info)\b")),
)
_INGREDIENT_ASK = re.compile(
    r"\b(?:contains?|is there|have any|has|any|free of|without)\s+([a-z][a-z \-]{2,30}?)(?:\?|$|\bin\b)"
)


def named_products(request: AgentInput) -> list[int]:
    """Products the message names: one id for a clear mention, several for a product line."""
    mentions = sorted(request.extraction.products, key=lambda m: -m.score)
    if not mentions or mentions[0].score < MIN_FAMILY_SCORE:
        return []
    if mentions[0].score >= MIN_MENTION_SCORE and (
        len(mentions) == 1 or mentions[1].score < mentions[0].score - FAMILY_SPREAD
    ):
        return [mentions[0].product_id]
    # A product line: every member's name holds the words the shopper used, in order ("trail runner").
    floor = max(MIN_FAMILY_SCORE, mentions[0].score - FAMILY_SPREAD)
    return [m.product_id for m in mentions if m.score >= floor and _phrase_in(m.matched_text, m.name)]


def _phrase_in(phrase: str, title: str) -> bool:
    wanted = " ".join(tokens(phrase, keep_stopwords=True))
    return bool(wanted) and f" {wanted} " in " " + " ".join(tokens(title, keep_stopwords=True)) + " "


def referenced_product(ctx: TurnContext, request: AgentInput) -> Product | None:
    """The product the shopper means: named in the message, "the second one", or "it"."""
    named = named_products(request)
    if len(named) == 1:
        return ctx.catalog.get(named[0])
    if named:
        return None
    ordinal = request.extraction.ordinal
    shown = ctx.state.last_products_shown
    if ordinal is not None and shown:
        index = ordinal - 1 if ordinal > 0 else len(shown) + ordinal
        if 0 <= index < len(shown):
            return ctx.catalog.get(shown[index])
    if _PRONOUN.search(normalise(request.text)) and ctx.state.products_referenced:
        return ctx.catalog.get(ctx.state.products_referenced[-1])
    return None


def question_topic(text: str) -> str | None:
    """What a question about one product asks: ingredients, materials, price, stock, care or about."""
    lowered = normalise(text)
    return next((topic for topic, pattern in _TOPICS if pattern.search(lowered)), None)


async def run(ctx: TurnContext, request: AgentInput) -> AgentReply:
    """Answer a question about a product, or search the catalog for what the shopper wants."""
    product = referenced_product(ctx, request)
    topic = question_topic(request.text)
    filters = filters_from_message(request.text, request.extraction, ctx.catalog.categories)
    if product is not None and (topic is not None or not filters.categories):
        return _answer_about(ctx, request, product, topic or "about", filters)
    family = named_products(request)
    if len(family) > 1:
        filters = replace(filters, product_ids=tuple(family))
    return _search(ctx, request, filters)


def _search(ctx: TurnContext, request: AgentInput, filters: SearchFilters) -> AgentReply:
    hits = ctx.catalog.search(request.text, filters, limit=RESULTS_SHOWN)
    ctx.trace.tool(
        "search_catalog", {"query": request.text, "filters": filters.describe()}, [h.product.id for h in hits]
    )
    relaxed: list[str] = []
    if not hits and (filters.size or filters.width or filters.colour):
        # Tell the shopper what exists without the variant constraint instead of a dead end.
        loose = replace(filters, size=None, width=None, colour=None)
        hits = ctx.catalog.search(request.text, loose, limit=RESULTS_SHOWN)
        relaxed = [
            x
            for x in (
                f"size {filters.size}" if filters.size else "",
                filters.width or "",
                filters.colour or "",
            )
            if x
        ]
    if not hits:
        return AgentReply(intent="product.no_results", facts={"constraints": filters.describe()})
    shown = [_hit_facts(hit, filters) for hit in hits]
    ctx.state.remember_products([h.product.id for h in hits], shown=True)
    ctx.trace.facts.extend({"kind": "product", **fact} for fact in shown)
    return AgentReply(
        intent="product.results",
        facts={"constraints": filters.describe(), "products": shown, "relaxed": relaxed},
        products=[h.product for h in hits],
        awaiting_slot=FOLLOW_UP,
    )


def _hit_facts(hit: SearchHit, filters: SearchFilters) -> dict[str, Any]:
    product = hit.product
    highlights = _highlights(product)
    return {
        "id": product.id,
        "title": product.title,
        "brand": product.brand,
        "price": str(hit.price),
        # Why it fits, in the shopper's terms; "name matches ..." stays in the evidence for the trace.
        "reasons": [e for e in hit.evidence if not e.startswith("name matches")] or highlights[:2],
        "evidence": list(hit.evidence),
        "highlights": highlights,
        "sizes_in_stock": sorted(
            {v.options["size"] for v in hit.variants if "size" in v.options}, key=_size_key
        )[:12],
    }


def _highlights(product: Product) -> list[str]:
    attributes = product.attributes
    notes: list[str] = []
    for key in ("arch_support", "cushioning"):
        if attributes.get(key):
            notes.append(f"{key.replace('_', ' ')}: {attributes[key]}")
    if attributes.get("waterproof"):
        notes.append("waterproof")
    if attributes.get("fragrance_free"):
        notes.append("fragrance-free")
    if attributes.get("vegan"):
        notes.append("vegan")
    if attributes.get("skin_types"):
        notes.append("for " + "/".join(attributes["skin_types"][:3]) + " skin")
    if attributes.get("key_ingredients"):
        notes.append("with " + ", ".join(attributes["key_ingredients"][:2]))
    if attributes.get("materials"):
        notes.append(", ".join(attributes["materials"][:2]))
    return notes


def _size_key(size: str) -> tuple[int, float, str]:
    order = ["XXS", "XS", "S", "M", "L", "XL", "XXL", "XXXL", "1X", "2X", "3X"]
    if size.upper() in order:
        return (0, float(order.index(size.upper())), size)
    try:
        return (1, float(size), size)
    except ValueError:
        return (2, 0.0, size)


def _answer_about(
    ctx: TurnContext, request: AgentInput, product: Product, topic: str, filters: SearchFilters
) -> AgentReply:
    ctx.state.remember_products([product.id], shown=False)
    facts: dict[str, Any] = {
        "id": product.id,
        "title": product.title,
        "brand": product.brand,
        "topic": topic,
        "price_from": str(product.min_price),
        "price_to": str(product.max_price),
        "active": product.active,
    }
    if topic == "ingredients":
        facts["ingredients"] = product.ingredients
        ingredient_ask = _INGREDIENT_ASK.search(normalise(request.text))
        if ingredient_ask and product.ingredients:
            wanted = ingredient_ask.group(1).strip()
            found = ingredients_matching(product.ingredients, wanted)
            facts["asked_ingredient"] = wanted
            facts["found"] = found
    elif topic in ("materials", "care"):
        key = "materials" if topic == "materials" else "care"
        facts[key] = product.attributes.get(key)
    elif topic == "stock":
        options = {"size": filters.size, "width": filters.width, "colour": filters.colour}
        asked = {k: v for k, v in options.items() if v}
        matching = product.matching_variants(**asked) if asked else list(product.variants)
        facts["asked"] = asked
        facts["in_stock"] = [v.title for v in matching if v.in_stock][:10]
        facts["out_of_stock"] = [v.title for v in matching if not v.in_stock][:10]
        facts["exists"] = bool(matching)
        facts["options"] = {
            name: product.option_values(name)
            for name in ("size", "width", "colour")
            if product.option_values(name)
        }
    else:
        facts["description"] = product.description
        facts["highlights"] = _highlights(product)
    ctx.trace.tool("get_product", {"id": product.id, "topic": topic}, {"title": product.title})
    ctx.trace.facts.append({"kind": "product", **facts})
    return AgentReply(intent=f"product.{topic}", facts=facts, products=[product], awaiting_slot=FOLLOW_UP)


AGENT = Agent(
    name=NAME,
    description="finding products and answering questions about them",
    instructions=(
        "You are the store's product expert. Recommend and describe only the products in the facts, with their "
        "exact names and prices. If a fact is missing, say the catalog doesn't say."
    ),
    templates=TEMPLATES,
    run=run,
)
