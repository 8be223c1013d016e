"""Product Expert: recommendations, comparisons and product questions, strictly from catalog data."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from typing import Any

from shopcrew.agents.product_compare import (
    ALL_SHOWN,
    MAX_COMPARED,
    ONE_REFERENCED,
    CompareTargets,
    comparison_facts,
    is_comparison,
    name_phrases,
    ordinals_in,
    question_without_names,
    resolve_names,
)
from shopcrew.agents.product_links import Shown, link_products
from shopcrew.agents.product_questions import answer_facts, question_topic
from shopcrew.agents.product_search import (
    RESULTS_SHOWN,
    hit_facts,
    is_nothing_to_search,
    narrowed_search,
    price_follow_up,
    remember_search,
    remembered_search,
)
from shopcrew.agents.product_templates import TEMPLATES
from shopcrew.agents.support import section_facts
from shopcrew.agents.types import Agent, AgentInput, AgentReply, TurnContext
from shopcrew.analytics.cart_links import DEFAULT_CART_URL_TEMPLATE
from shopcrew.catalog.filters import filters_from_message
from shopcrew.catalog.ingredients import AVOID_WORDS
from shopcrew.catalog.search import SearchFilters, SearchHit
from shopcrew.catalog.text import normalise, tokens
from shopcrew.commerce.policy_docs import CLEAR_SCORE
from shopcrew.domain.catalog import Product
from shopcrew.models.local.attributes import at_ordinal
from shopcrew.skin.search import with_sensitivities

__all__ = ["AGENT", "build_agent", "named_products", "question_topic", "referenced_product"]

NAME = "product_expert"
# A mention this strong, clearly ahead of the next, names one product.
MIN_MENTION_SCORE = 70.0
# Mentions this strong and within FAMILY_SPREAD of the best name a product line ("the trail runner").
MIN_FAMILY_SCORE = 55.0
FAMILY_SPREAD = 5.0
# After showing products the expert keeps the thread for follow-ups ("the second one", "does it come in black?").
FOLLOW_UP = "product_follow_up"

_PRONOUN = re.compile(r"\b(it|this|that|this one|that one|them|these|those|the same)\b")
# "anything in red?" starts a new search even while a product is being discussed.
_NEW_SEARCH = re.compile(r"\b(anything|something|any others?|other ones?|show me|recommend|suggest)\b")
# Where the Product Expert keeps the options (colour, size) last asked about a product; the Fit Analyzer reads it.
OPTIONS_KEY = "product_options"


def named_products(request: AgentInput) -> list[int]:
    """Products the message names: one id for a clear mention, several for a product line."""
    mentions = sorted(request.extraction.products, key=lambda m: -m.score)
    if not mentions or mentions[0].score < MIN_FAMILY_SCORE:
        return []
    if mentions[0].score >= MIN_MENTION_SCORE and (
        len(mentions) == 1 or mentions[1].score < mentions[0].score - FAMILY_SPREAD
    ):
        return [mentions[0].product_id]
    # The whole name, word for word, is that product: "is the Men's Trail Runner GTX waterproof?"
    # is not a question about the Women's one, whose name holds "Trail Runner GTX" too.
    exact = [
        m.product_id for m in mentions if m.score >= MIN_MENTION_SCORE and _named_whole(request, m.product_id)
    ]
    if exact:
        return exact[:1]
    # A product line: every member's name holds the words the shopper used, in order ("trail runner").
    floor = max(MIN_FAMILY_SCORE, mentions[0].score - FAMILY_SPREAD)
    return [m.product_id for m in mentions if m.score >= floor and _phrase_in(m.matched_text, m.name)]


def _named_whole(request: AgentInput, product_id: int) -> bool:
    """Whether the message spells out the product's whole name, word for word."""
    return any(
        m.product_id == product_id
        and tokens(m.matched_text, keep_stopwords=True) == tokens(m.name, keep_stopwords=True)
        for m in request.extraction.products
    )


def _phrase_in(phrase: str, title: str) -> bool:
    wanted = " ".join(tokens(phrase, keep_stopwords=True))
    return bool(wanted) and f" {wanted} " in " " + " ".join(tokens(title, keep_stopwords=True)) + " "


def referenced_product(ctx: TurnContext, request: AgentInput) -> Product | None:
    """The product the shopper means: named in the message, "the second one", or "it"."""
    # "Is the second one fragrance-free?" means the list shown, even though "Fragrance-Free Body
    # Lotion" is a product name too: a position in the last list wins over a name.
    if (position := at_ordinal(ctx.state.last_products_shown, request.extraction.ordinal)) is not None:
        return ctx.catalog.get(position)
    named = named_products(request)
    pointed = _PRONOUN.search(normalise(request.text)) is not None and bool(ctx.state.products_referenced)
    if named and pointed and _only_attributes_named(request):
        # "is it fragrance free?" asks about the product in hand, not "Fragrance-Free Body Lotion".
        named = []
    if len(named) == 1:
        return ctx.catalog.get(named[0])
    if named:
        return None
    if pointed and (meant := ctx.state.product_for_it()) is not None:
        return ctx.catalog.get(meant)
    return None


def _only_attributes_named(request: AgentInput) -> bool:
    """True when the words that matched product names are all attribute words ("fragrance free", "vegan")."""
    words = set(AVOID_WORDS) | {"free"}
    words.update(tokens(" ".join(filters_from_message(request.text, request.extraction, ()).describe())))
    return all(set(tokens(m.matched_text)) <= words for m in request.extraction.products)


def build_agent(cart_url_template: str = DEFAULT_CART_URL_TEMPLATE) -> Agent:
    """The Product Expert, linking every product it shows through the store's cart URL template."""

    async def run(ctx: TurnContext, request: AgentInput) -> AgentReply:
        return answer(ctx, request, cart_url_template)

    return Agent(
        name=NAME,
        description="finding products, comparing them and answering questions about them",
        instructions=(
            "You are the store's product expert. Recommend, compare and describe only the products in the "
            "facts, with their exact names and prices. If a fact is missing, say the catalog doesn't say. "
            "Say any 'problems' in the facts back to the shopper plainly."
        ),
        templates=TEMPLATES,
        run=run,
    )


def answer(ctx: TurnContext, request: AgentInput, cart_template: str) -> AgentReply:
    """Compare, answer about one product, follow up on the last search, or search the catalog."""
    text = request.text.strip()
    filters = filters_from_message(text, request.extraction, ctx.catalog.categories)
    # What the shopper told the Skin Analyzer they react to is never recommended to them.
    filters = with_sensitivities(filters, ctx.state.skin_profile, ctx.catalog)
    if not text:
        return AgentReply(intent="product.ask", facts={"problems": []}, awaiting_slot=FOLLOW_UP)
    if is_comparison(text):
        return _compare(ctx, request, filters, cart_template)
    shift = price_follow_up(text)
    if shift and not filters.categories and not named_products(request):
        return _follow_search(ctx, request, shift, cart_template)
    product = referenced_product(ctx, request)
    topic = question_topic(_without_its_name(text, request, product))
    if product is None and _about_last_product(ctx, request, filters, topic):
        product = ctx.catalog.get(ctx.state.product_for_it() or ctx.state.products_referenced[-1])
        topic = topic or "stock"
    if product is not None and (topic is not None or not filters.categories):
        return _answer_about(ctx, request, product, topic or "about", filters, cart_template)
    family = named_products(request)
    if len(family) > 1 or (family and _named_whole(request, family[0])):
        # A product line, or one product by its whole name ("show me the men's trail runner gtx"):
        # those products, not their category.
        filters = replace(filters, product_ids=tuple(family))
    if topic is None and not family and (refined := narrowed_search(ctx.state, request, filters)) is not None:
        return _search(ctx, *refined, cart_template)
    return _search(ctx, request.text, filters, cart_template)


def _without_its_name(text: str, request: AgentInput, product: Product | None) -> str:
    """The message without the words that named the product asked about, so that the name does not set
    the question: "how much is the merino crewneck?" asks the price, not the material, and "tell me
    about the Sheer Mineral Sunscreen SPF 50" is about the product, not its SPF. Other matches stay
    ("is the second one fragrance-free?" is not about Fragrance-Free Body Lotion), and so do one-word
    ones: "drop" may be the question as much as a name."""
    for match in request.extraction.products:
        if product is not None and match.product_id == product.id and len(tokens(match.matched_text)) > 1:
            text = re.sub(re.escape(match.matched_text), " ", text, flags=re.IGNORECASE)
    return text


def _about_last_product(
    ctx: TurnContext, request: AgentInput, filters: SearchFilters, topic: str | None
) -> bool:
    """A short follow-up in a product thread ("what about in a 10?", "what are the dimensions?")."""
    if not (request.continuing and ctx.state.products_referenced):
        return False
    named = named_products(request)
    # One word shared by several names ("drop" in "... Drops") names no product: it's the question.
    one_word_family = len(named) > 1 and all(
        len(tokens(m.matched_text)) == 1 for m in request.extraction.products
    )
    if filters.categories or (named and not one_word_family) or _NEW_SEARCH.search(normalise(request.text)):
        return False
    return topic is not None or bool(filters.size or filters.width or filters.colour)


def _search(ctx: TurnContext, query: str, filters: SearchFilters, cart_template: str) -> AgentReply:
    if is_nothing_to_search(query, filters):
        return AgentReply(
            intent="product.ask", facts={"problems": list(filters.problems)}, awaiting_slot=FOLLOW_UP
        )
    hits = ctx.catalog.search(query, filters, limit=RESULTS_SHOWN)
    ctx.trace.tool(
        "search_catalog", {"query": query, "filters": filters.describe()}, [h.product.id for h in hits]
    )
    relaxed: list[str] = []
    if not hits and (filters.size or filters.width or filters.colour):
        # Tell the shopper what exists without the variant constraint instead of a dead end.
        hits = ctx.catalog.search(
            query, replace(filters, size=None, width=None, colour=None), limit=RESULTS_SHOWN
        )
        relaxed = [
            x
            for x in (
                f"size {filters.size}" if filters.size else "",
                filters.width or "",
                filters.colour or "",
            )
            if x
        ]
    problems = list(filters.problems)
    budget: dict[str, Any] = {}
    if not hits and (filters.max_price is not None or filters.min_price is not None):
        # Nothing within the budget: the nearest prices that match everything else, said to be
        # outside it ("nothing waterproof for hiking under $150; the closest is $165").
        wider = replace(filters, max_price=None, min_price=None)
        found = ctx.catalog.search(query, wider, limit=RESULTS_SHOWN * 4)
        if found:
            budget = {"budget": next(c for c in filters.describe() if "$" in c), "wanted": wider.describe()}
            limit = filters.max_price if filters.max_price is not None else filters.min_price
            assert limit is not None
            hits = sorted(found, key=lambda h: abs(h.price - limit))[:RESULTS_SHOWN]
            filters = wider
    policy = ctx.policies.answer(query) if not hits and filters.is_empty() else None
    if policy is not None and policy.score >= CLEAR_SCORE:
        # Not a product but something the store's policies describe ("do you sell gift cards?").
        facts = section_facts(ctx, policy.section, query)
        ctx.trace.facts.append({"kind": "policy", **facts})
        return AgentReply(intent="support.policy", facts=facts)
    if not hits:
        return AgentReply(
            intent="product.no_results", facts={"constraints": filters.describe(), "problems": problems}
        )
    remember_search(ctx.state, query, filters, hits)
    return _show_results(
        ctx, query, filters, hits, cart_template, {"relaxed": relaxed, "problems": problems, **budget}
    )


def _show_results(
    ctx: TurnContext,
    query: str,
    filters: SearchFilters,
    hits: list[SearchHit],
    cart_template: str,
    extra: dict[str, Any],
) -> AgentReply:
    shown = [hit_facts(hit, filters) for hit in hits]
    ctx.state.remember_products([h.product.id for h in hits], shown=True)
    ctx.trace.facts.extend({"kind": "product", **fact} for fact in shown)
    links = link_products(
        ctx, query, "product.results", [Shown(h.product, h.variants) for h in hits], cart_template
    )
    return AgentReply(
        intent="product.results",
        facts={"constraints": filters.describe(), "products": shown, "cart_links": links, **extra},
        products=[h.product for h in hits],
        awaiting_slot=FOLLOW_UP,
    )


def _follow_search(ctx: TurnContext, request: AgentInput, shift: str, cart_template: str) -> AgentReply:
    """ "Cheaper ones?", "anything more premium?", "more options?": the last search, moved along."""
    last = remembered_search(ctx.state)
    if last is None:
        return AgentReply(intent="product.no_results", facts={"follow_up": "none"}, awaiting_slot=FOLLOW_UP)
    query, filters, prices, seen = last
    than = min(prices) if shift == "cheaper" else max(prices)
    if shift == "cheaper":
        filters = replace(filters, max_price=than - Decimal("0.01"), min_price=None)
    elif shift == "pricier":
        filters = replace(filters, min_price=than + Decimal("0.01"), max_price=None)
    hits = [
        h
        for h in ctx.catalog.search(query, filters, limit=RESULTS_SHOWN + len(seen))
        if h.product.id not in seen
    ]
    hits = hits[:RESULTS_SHOWN]
    ctx.trace.tool(
        "search_catalog",
        {"query": query, "filters": filters.describe(), "follow_up": shift},
        [h.product.id for h in hits],
    )
    # The lead says "cheaper than $34.00"; a rounded "under $34" beside it would only confuse.
    constraints = [c for c in filters.describe() if not c.startswith(("under $", "over $", "$"))]
    extra: dict[str, Any] = {"follow_up": shift, "than": str(than), "constraints": constraints}
    if not hits:
        return AgentReply(intent="product.no_results", facts=extra, awaiting_slot=FOLLOW_UP)
    remember_search(ctx.state, query, filters, hits, seen=seen if shift == "more" else ())
    return _show_results(ctx, query, filters, hits, cart_template, extra)


def _compare(ctx: TurnContext, request: AgentInput, filters: SearchFilters, cart_template: str) -> AgentReply:
    targets = _compare_targets(ctx, request, filters)
    prices = [
        str(min((v.price for v in p.variants if v.in_stock), default=p.min_price)) for p in targets.products
    ]
    facts: dict[str, Any] = {
        "shown_count": targets.shown_count,
        "problems": list(filters.problems),
        "not_found": targets.not_found,
        "assumed": targets.assumed,
    }
    if len(targets.products) < 2 or targets.shown_count is not None:
        facts["products"] = [
            {"id": p.id, "title": p.title, "price": price}
            for p, price in zip(targets.products, prices, strict=True)
        ]
        intent = "product.compare_needs_two"
    else:
        facts.update(
            comparison_facts(
                targets.products, prices, question_without_names(request.text, targets.matched), filters
            )
        )
        intent = "product.compare"
    ctx.trace.tool("compare_products", {"query": request.text}, [p.id for p in targets.products])
    ctx.trace.facts.extend({"kind": "product", **p} for p in facts["products"])
    ctx.state.remember_products([p.id for p in targets.products], shown=len(targets.products) >= 2)
    facts["cart_links"] = link_products(
        ctx, request.text, intent, [Shown(p) for p in targets.products], cart_template
    )
    return AgentReply(intent=intent, facts=facts, products=list(targets.products), awaiting_slot=FOLLOW_UP)


def _compare_targets(ctx: TurnContext, request: AgentInput, filters: SearchFilters) -> CompareTargets:
    """ "The first and third", named products, "them", or the best matches of a search, in that order."""
    shown = [p for p in (ctx.catalog.get(i) for i in ctx.state.last_products_shown) if p is not None]
    positions = ordinals_in(request.text)
    if positions and shown:
        picked = [
            shown[i - 1 if i > 0 else len(shown) + i]
            for i in positions
            if -len(shown) <= i <= len(shown) and i
        ]
        unique = list({p.id: p for p in picked}.values())[:MAX_COMPARED]
        if len(picked) < len(positions):
            # "Compare the first and third" after two results: say so rather than guess.
            return CompareTargets(products=unique, shown_count=len(shown))
        if len(unique) >= 2:
            return CompareTargets(products=unique)
    phrases = name_phrases(request.text)
    meant = ctx.state.product_for_it()
    referenced = ctx.catalog.get(meant) if meant is not None else None
    pronoun_sides = [p for p in phrases if p in ONE_REFERENCED]
    names = [p for p in phrases if p not in pronoun_sides and not ALL_SHOWN.fullmatch(p)]
    named = resolve_names(ctx.catalog, names, filters.gender) if names else CompareTargets()
    if pronoun_sides and referenced is not None and referenced.id not in {p.id for p in named.products}:
        named.products.insert(0, referenced)
    explicit = len(phrases) >= 2  # "X vs Y": a name the catalog lacks is worth saying
    if len(named.products) >= 2 or (named.products and (explicit or pronoun_sides)):
        named.products = named.products[:MAX_COMPARED]
        return named
    if shown and not named.products and not filters.categories and ALL_SHOWN.search(normalise(request.text)):
        return CompareTargets(products=shown[:MAX_COMPARED])
    if explicit and named.not_found:
        return named
    if is_nothing_to_search(request.text, filters):
        return named  # "compare" alone: nothing to go on, so the reply asks which products
    hits = ctx.catalog.search(request.text, filters, limit=MAX_COMPARED)
    ctx.trace.tool(
        "search_catalog", {"query": request.text, "filters": filters.describe()}, [h.product.id for h in hits]
    )
    return CompareTargets(products=[h.product for h in hits] or named.products)


def _answer_about(
    ctx: TurnContext,
    request: AgentInput,
    product: Product,
    topic: str,
    filters: SearchFilters,
    cart_template: str,
) -> AgentReply:
    ctx.state.remember_products([product.id], shown=False)
    asked = _asked_options(ctx, product, filters, topic)
    facts = answer_facts(product, topic, request.text, filters, asked)
    if facts.get("kind") == "unknown":
        topic = "about"
        facts = answer_facts(product, topic, request.text, filters, asked)
    ctx.trace.tool("get_product", {"id": product.id, "topic": topic}, {"title": product.title})
    ctx.trace.facts.append({"kind": "product", **facts})
    variants = product.matching_variants(**asked) if asked else []
    facts["cart_links"] = link_products(
        ctx, request.text, f"product.{topic}", [Shown(product, variants)], cart_template
    )
    return AgentReply(intent=f"product.{topic}", facts=facts, products=[product], awaiting_slot=FOLLOW_UP)


def _asked_options(ctx: TurnContext, product: Product, filters: SearchFilters, topic: str) -> dict[str, str]:
    """Size/width/colour asked now, on top of what was asked about the same product before ("what about in a 10?")."""
    now = {
        k: v for k, v in {"size": filters.size, "width": filters.width, "colour": filters.colour}.items() if v
    }
    before = ctx.state.pending.get(OPTIONS_KEY) or {}
    merged = {**before.get("asked", {}), **now} if before.get("product_id") == product.id else now
    asked = {k: merged[k] for k in ("size", "width", "colour") if merged.get(k)}
    if topic == "stock":
        ctx.state.pending[OPTIONS_KEY] = {"product_id": product.id, "asked": asked}
        return asked
    return now


AGENT = build_agent()
