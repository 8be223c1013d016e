"""Skin Analyzer: a skin profile gathered in conversation, products judged ingredient by ingredient.

The decisions are code over the catalog's INCI lists (skin/ knowledge base and rules); a model only
looks at photos (through the router, when a vision model is configured) and phrases replies.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from shopcrew.agents.product_expert import answer as product_expert_answer
from shopcrew.agents.product_expert import referenced_product
from shopcrew.agents.product_links import Shown, link_products
from shopcrew.agents.skin_templates import TEMPLATES
from shopcrew.agents.types import Agent, AgentInput, AgentReply, TurnContext
from shopcrew.analytics.cart_links import DEFAULT_CART_URL_TEMPLATE
from shopcrew.catalog.filters import filters_from_message
from shopcrew.domain.catalog import Product
from shopcrew.models.types import ModelError
from shopcrew.skin.advice import (
    RoutineCheck,
    dermatologist_notes,
    follow_up_active,
    pair_question,
    pair_verdict,
    routine_question,
)
from shopcrew.skin.knowledge import knowledge_base
from shopcrew.skin.profile import SkinProfile, read_profile
from shopcrew.skin.recommend import FLAGGED, RECOMMENDED, Judged, is_skincare, judge_product, rank_products
from shopcrew.skin.rules import packaged_rules
from shopcrew.skin.vision import PhotoReading, failed_reading, photo_problem, photo_request, reading_from

NAME = "skin"
PROFILE_SLOT = "skin_profile"
FOLLOW_UP = "skin_follow_up"
_PENDING = "skin_request"
_DISCLAIMED = "skin_disclaimer_shown"
# The two actives of the last pair checked, for "what about with niacinamide?".
_LAST_PAIR = "skin_last_pair"
# Words that ask for products, as opposed to only describing one's skin.
_WANTS = re.compile(
    r"\b(recommend|suggest|what|which|any|need|looking for|want|best|good|help|should i|routine|products?)\b"
)
_VERDICT = re.compile(
    r"\b(safe|ok|okay|suit|suitable|work for|good for|break me out|irritate|react|cause|compatible|fine)\b"
)


def build_agent(cart_url_template: str = DEFAULT_CART_URL_TEMPLATE) -> Agent:
    """The Skin Analyzer, linking every product it recommends through the store's cart URL template."""

    async def run(ctx: TurnContext, request: AgentInput) -> AgentReply:
        return await answer(ctx, request, cart_url_template)

    return Agent(
        name=NAME,
        description="skincare advice for your skin type, concerns and ingredients to avoid",
        instructions=(
            "You are the store's skincare advisor. Recommend only the products in the facts, with their exact "
            "names and prices, and give each reason and each ingredient warning as the facts state them. Never "
            "diagnose; say the advice is cosmetic and repeat any dermatologist note. If the facts say the photo "
            "could not be looked at, say so plainly and never describe the photo."
        ),
        templates=TEMPLATES,
        run=run,
    )


async def answer(ctx: TurnContext, request: AgentInput, cart_template: str) -> AgentReply:
    """Read the profile from the message, look at any photo, then recommend, judge or ask."""
    reply = await _answer(ctx, request, cart_template)
    if reply.intent.startswith("skin.") and reply.facts.get("disclaimer"):
        ctx.state.pending[_DISCLAIMED] = True
    return reply


async def _answer(ctx: TurnContext, request: AgentInput, cart_template: str) -> AgentReply:
    kb = knowledge_base()
    text = request.text.strip()
    lowered = text.casefold()
    before = SkinProfile.from_state(ctx.state.skin_profile)
    answering = request.continuing and ctx.state.awaiting_slot == PROFILE_SLOT
    update = read_profile(text, before, kb, answering=answering)
    profile = before if update.contradiction else update.profile
    ctx.state.skin_profile = profile.to_state()
    ctx.trace.tool("read_skin_profile", {"said": list(update.said)}, profile.to_state())
    facts: dict[str, Any] = {
        "profile": profile.describe(),
        "dermatologist": dermatologist_notes(lowered, profile),
    }
    photo_concerns: tuple[str, ...] = ()
    if request.images:
        reading = await _read_photo(ctx, request)
        facts["photo"] = reading.facts()
        photo_concerns = reading.concerns
        if reading.see_dermatologist:
            facts["dermatologist"].insert(
                0,
                "Something in your photo is worth showing a dermatologist; I can't judge it from a picture.",
            )
    # Said once per conversation, with the first reply the Skin Analyzer gives itself.
    facts["disclaimer"] = not ctx.state.pending.get(_DISCLAIMED)
    filters = filters_from_message(text, request.extraction, ctx.catalog.categories)
    filters = replace(filters, categories=_asked_categories(filters.categories, lowered))
    if update.contradiction:
        facts["contradiction"] = update.contradiction
        if filters.categories:
            ctx.state.pending[_PENDING] = {"categories": list(filters.categories), "text": text}
        return AgentReply(intent="skin.contradiction", facts=facts, awaiting_slot=PROFILE_SLOT)
    routine = routine_question(lowered)
    if routine is not None:
        return _routine_reply(ctx, routine, facts)
    pair = pair_question(lowered, profile)
    if pair is not None:
        return _pair_reply(ctx, pair, facts)
    last_pair = ctx.state.pending.get(_LAST_PAIR)
    if request.continuing and isinstance(last_pair, list) and len(last_pair) == 2:
        # "what about with niacinamide?" right after "can I use retinol and vitamin C together?"
        added = follow_up_active(lowered, (str(last_pair[0]), str(last_pair[1])))
        if added is not None:
            return _routine_reply(ctx, added, facts)
    if filters.categories and not _skincare_categories(ctx, filters.categories):
        return _delegate(ctx, request, cart_template, "a search outside skincare")
    # A product named outright, by its full title, is the subject even when its name holds a category
    # ("... Lotion"); "which eye cream for sensitive skin?" is a request, not a question about Sensitive
    # Eye Cream, and "rosacea" is a concern, not Rosacea Relief Gel Cream.
    spelled = [m for m in request.extraction.products if _words(m.name) in _words(text)]
    named_product = ctx.catalog.get(max(spelled, key=lambda m: len(m.name)).product_id) if spelled else None
    product: Product | None = named_product
    if product is None and not filters.categories:
        product = referenced_product(ctx, request)
    if _ADD.search(lowered):
        return _add_to_cart(
            ctx, request, product, profile, categories=list(filters.categories), cart_template=cart_template
        )
    if product is not None and _VERDICT.search(lowered):
        return _verdict_reply(ctx, request, product, profile, facts, cart_template)
    if product is not None and not update.said and not request.images:
        # "What's in it?", "how much is the second one?": product questions, for the Product Expert.
        return _delegate(ctx, request, cart_template, "a question about a product")
    pending = ctx.state.pending.get(_PENDING)
    if _plain_search(lowered, profile, update.said, request) and pending is None:
        # "vitamin c serum under $40" says nothing about the shopper's skin: a catalog search answers it.
        return _delegate(ctx, request, cart_template, "a product search with no skin profile in play")
    asks_for_products = bool(filters.categories) or bool(_WANTS.search(lowered)) or bool(photo_concerns)
    if not asks_for_products and pending is None:
        intent = "skin.profile_noted" if update.said else "skin.about"
        return AgentReply(
            intent=intent,
            facts=facts,
            awaiting_slot=FOLLOW_UP,
            understood=bool(update.said or request.images),
        )
    categories = list(filters.categories) or list((pending or {}).get("categories") or [])
    max_price = filters.max_price
    if not (profile.known_type or update.unsure_type or photo_concerns or profile.concerns):
        ctx.state.pending[_PENDING] = {"categories": categories, "text": text}
        missing = ["type"] + ([] if profile.concerns else ["concerns"])
        return AgentReply(
            intent="skin.ask_profile", facts={**facts, "missing": missing}, awaiting_slot=PROFILE_SLOT
        )
    ctx.state.pending.pop(_PENDING, None)
    suits, avoid = rank_products(
        ctx.catalog.products,
        profile,
        kb,
        packaged_rules(),
        categories=categories,
        max_price=max_price,
        concerns=photo_concerns,
    )
    ctx.trace.tool(
        "judge_products",
        {"categories": categories, "profile": profile.to_state()},
        {"suits": [j.product.id for j in suits[:10]], "avoid": [j.product.id for j in avoid[:10]]},
    )
    facts["category"] = _category_word(categories)
    facts["flagged"] = [_judged_facts(j) for j in avoid[:FLAGGED]]
    ctx.trace.facts.extend({"kind": "product", **f} for f in facts["flagged"])
    chosen = suits[:RECOMMENDED]
    if not chosen:
        if max_price is not None:
            # Nothing under the budget: the most affordable product that suits, rather than a dead end.
            anywhere, _ = rank_products(
                ctx.catalog.products,
                profile,
                kb,
                packaged_rules(),
                categories=categories,
                concerns=photo_concerns,
            )
            fitting = [j for j in anywhere if j.verdict.level == "suits"]
            if fitting:
                cheapest = min(fitting, key=lambda j: (j.product.min_price, -j.score))
                facts["max_price"] = str(max_price)
                facts["cheapest_suitable"] = _judged_facts(cheapest)
                ctx.trace.facts.append({"kind": "product", **facts["cheapest_suitable"]})
                facts["cart_links"] = link_products(
                    ctx, text, "skin.none_suit", [Shown(cheapest.product)], cart_template, agent=NAME
                )
                return AgentReply(
                    intent="skin.none_suit", facts=facts, products=[cheapest.product], awaiting_slot=FOLLOW_UP
                )
        return AgentReply(intent="skin.none_suit", facts=facts, awaiting_slot=FOLLOW_UP)
    shown = [_judged_facts(j) for j in chosen]
    facts["products"] = shown
    # Pregnancy is asked about only where it changes the answer: retinoids and leave-on acids.
    risky = any(j.verdict.analysis.flags & {"retinoid", "bha", "hydroquinone"} for j in chosen)
    facts["pregnancy_check"] = profile.pregnant_or_breastfeeding is None and risky
    ctx.trace.facts.extend({"kind": "product", **f} for f in shown)
    ctx.state.remember_products([j.product.id for j in chosen], shown=True)
    facts["cart_links"] = link_products(
        ctx, text, "skin.recommend", [Shown(j.product) for j in chosen], cart_template, agent=NAME
    )
    return AgentReply(
        intent="skin.recommend", facts=facts, products=[j.product for j in chosen], awaiting_slot=FOLLOW_UP
    )


async def _read_photo(ctx: TurnContext, request: AgentInput) -> PhotoReading:
    problems = [photo_problem(image) for image in request.images]
    usable = [image for image, problem in zip(request.images, problems, strict=True) if problem is None]
    if not usable:
        return PhotoReading(next(p for p in problems if p is not None))
    if ctx.call_model is None:
        return PhotoReading("no_vision_model")
    try:
        response = await ctx.call_model(
            photo_request(usable, request.text, {"conversation_id": ctx.conversation_id})
        )
    except ModelError as error:
        ctx.trace.notes.append(f"photo not read: {error.message}")
        return failed_reading(error)
    reading = reading_from(response)
    ctx.trace.tool("read_skin_photo", {"images": len(usable)}, reading.facts())
    return reading


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"[a-z0-9%.]+", text.casefold())) + " "


def _skincare_categories(ctx: TurnContext, categories: tuple[str, ...]) -> bool:
    """True when any asked category holds products with ingredient lists (not dresses or boots)."""
    wanted = {c.casefold() for c in categories}
    return any(p.category.casefold() in wanted and is_skincare(p) for p in ctx.catalog.products)


def _delegate(ctx: TurnContext, request: AgentInput, cart_template: str, why: str) -> AgentReply:
    """Let the Product Expert answer (searches, prices, ingredient lists); the profile stays in the state."""
    ctx.trace.notes.append(f"skin: {why}; answered by the product expert")
    return product_expert_answer(ctx, request, cart_template)


_ADD = re.compile(
    r"\b(add|put|throw)\b.{0,40}\b(cart|basket|bag|order)\b|\b(i'?ll take|i want to buy|buy|purchase|get me)\b"
)


def _add_to_cart(
    ctx: TurnContext,
    request: AgentInput,
    product: Product | None,
    profile: SkinProfile,
    *,
    categories: list[str],
    cart_template: str,
) -> AgentReply:
    """ "Add the first one to my order", "add a moisturizer to my cart": the product, ready to add."""
    if product is None:
        # "a moisturizer": the best of that kind for the profile, from what was just shown first.
        shown = [p for p in (ctx.catalog.get(i) for i in ctx.state.last_products_shown) if p is not None]
        wanted = {c.casefold() for c in categories}
        product = next((p for p in shown if not wanted or p.category.casefold() in wanted), None)
        if product is None and categories:
            suits, _ = rank_products(
                ctx.catalog.products, profile, knowledge_base(), packaged_rules(), categories=categories
            )
            product = suits[0].product if suits else None
    if product is None:
        return AgentReply(intent="skin.add_which", facts={"problems": []}, awaiting_slot=FOLLOW_UP)
    verdict = judge_product(product, profile, knowledge_base(), packaged_rules())
    facts: dict[str, Any] = {
        "product": _judged_facts(Judged(product, verdict, 0.0, ())),
        "placed_order": bool(re.search(r"\border\b", request.text.casefold())),
    }
    ctx.state.remember_products([product.id], shown=False)
    ctx.trace.facts.append({"kind": "product", **facts["product"]})
    facts["cart_links"] = link_products(
        ctx, request.text, "skin.add_to_cart", [Shown(product)], cart_template, agent=NAME
    )
    return AgentReply(intent="skin.add_to_cart", facts=facts, products=[product], awaiting_slot=FOLLOW_UP)


_PERSONAL = re.compile(r"\b(i|i'?m|im|i'?ve|my|me|mine|myself)\b")


def _plain_search(lowered: str, profile: SkinProfile, said: tuple[str, ...], request: AgentInput) -> bool:
    """A product search with nothing personal in it, from a shopper whose skin we know nothing about."""
    if (
        request.images
        or said
        or profile.known_type
        or profile.concerns
        or profile.actives
        or profile.sensitivities
    ):
        return False
    return not _PERSONAL.search(lowered)


def _judged_facts(judged: Judged) -> dict[str, Any]:
    product = judged.product
    price = min((v.price for v in product.variants if v.in_stock), default=product.min_price)
    return {
        "id": product.id,
        "title": product.title,
        "brand": product.brand,
        "price": str(price),
        "verdict": judged.verdict.level,
        "reasons": list(judged.reasons),
        "problems": [
            {"level": p.level, "ingredients": list(p.ingredients), "reason": p.reason, "because": p.because}
            for p in judged.verdict.problems
        ],
    }


# "I'm on retinol" names the shopper's routine, not the retinoid category they want to buy from.
_ROUTINE_CATEGORY = {
    "retinoid": re.compile(
        r"\b(my|on|using|use)\s+(retinol|retinoids?|retinal|tretinoin|adapalene|differin)\b"
    ),
    "exfoliant": re.compile(r"\b(my|on|using|use)\s+(acids?|aha|bha|glycolic|salicylic|lactic|exfoliant)\b"),
}


def _asked_categories(categories: tuple[str, ...], lowered: str) -> tuple[str, ...]:
    return tuple(
        c for c in categories if not (c in _ROUTINE_CATEGORY and _ROUTINE_CATEGORY[c].search(lowered))
    )


def _category_word(categories: list[str]) -> str:
    if len(categories) != 1:
        return ""
    return categories[0].replace("_", " ")


def _pair_reply(ctx: TurnContext, pair: tuple[str, str], facts: dict[str, Any]) -> AgentReply:
    names, rules, note = pair_verdict(pair)
    ctx.trace.tool("check_pair", {"pair": list(names)}, [r.reason for r in rules])
    facts.update({"pair": list(pair), "conflicts": [r.reason for r in rules], "note": note})
    ctx.state.pending[_LAST_PAIR] = list(pair)
    return AgentReply(intent="skin.pair", facts=facts, awaiting_slot=FOLLOW_UP)


def _routine_reply(ctx: TurnContext, routine: RoutineCheck, facts: dict[str, Any]) -> AgentReply:
    ctx.trace.tool(
        "check_routine",
        {"actives": [list(active) for active in routine.actives]},
        {
            "clashes": [list(clash) for clash in routine.clashes],
            "apart": [list(pair) for pair in routine.apart],
        },
    )
    facts.update(
        {
            "routine": [{"active": word, "when": when} for word, when in routine.actives],
            "clashes": [{"pair": [a, b], "why": why} for a, b, why in routine.clashes],
            "apart": [[a, b] for a, b in routine.apart],
            "notes": list(routine.notes),
        }
    )
    return AgentReply(intent="skin.routine", facts=facts, awaiting_slot=FOLLOW_UP)


def _verdict_reply(
    ctx: TurnContext,
    request: AgentInput,
    product: Product,
    profile: SkinProfile,
    facts: dict[str, Any],
    cart_template: str,
) -> AgentReply:
    kb = knowledge_base()
    ctx.state.remember_products([product.id], shown=False)
    if not product.ingredients:
        facts["product"] = {
            "id": product.id,
            "title": product.title,
            "verdict": "unknown",
            "no_ingredients": True,
        }
        return AgentReply(intent="skin.verdict", facts=facts, products=[product], awaiting_slot=FOLLOW_UP)
    verdict = judge_product(product, profile, kb, packaged_rules())
    judged = Judged(product, verdict, 0.0, ())
    if verdict.level == "suits":
        suits, _ = rank_products([product], profile, kb, packaged_rules())
        judged = suits[0] if suits else judged
    facts["product"] = _judged_facts(judged)
    ctx.trace.facts.append({"kind": "product", **facts["product"]})
    shown = [product]
    if verdict.level != "suits" and is_skincare(product):
        suits, _ = rank_products(
            ctx.catalog.products, profile, kb, packaged_rules(), categories=[product.category]
        )
        alternatives = [j for j in suits if j.verdict.level == "suits" and j.product.id != product.id][:2]
        facts["alternatives"] = [_judged_facts(j) for j in alternatives]
        ctx.trace.facts.extend({"kind": "product", **f} for f in facts["alternatives"])
        shown += [j.product for j in alternatives]
    facts["cart_links"] = link_products(
        ctx, request.text, "skin.verdict", [Shown(p) for p in shown], cart_template, agent=NAME
    )
    return AgentReply(intent="skin.verdict", facts=facts, products=shown, awaiting_slot=FOLLOW_UP)


AGENT = build_agent()
