"""Which product the shopper means: a position in a list, a title, a name, "that dress", or the one being sized."""

from __future__ import annotations

import re
from dataclasses import replace

from shopcrew.agents.product_expert import named_products
from shopcrew.agents.types import AgentInput, TurnContext
from shopcrew.domain.catalog import Product
from shopcrew.fit.charts import product_gender
from shopcrew.fit.groups import KIDS, SHOES, group_for_word, is_shoe_group, product_group
from shopcrew.fit.references import SizeReference
from shopcrew.models.local.attributes import at_ordinal

PRODUCT_KEY = "fit_product"
CHOICES_KEY = "fit_choices"
# Catalogs up to this size are scanned for a product title spelled out in the message.
SCAN_LIMIT = 5000

_POINTING = re.compile(r"\b(it|this|that|these|those|them|the same)\b", re.IGNORECASE)
_BODY_WORDS = {
    "waist",
    "hip",
    "hips",
    "chest",
    "bust",
    "foot",
    "feet",
    "long",
    "wide",
    "narrow",
    "high",
    "inseam",
    "length",
    "leg",
    "tall",
    "cm",
    "in",
    "inch",
    "inches",
    "my",
    "is",
    "and",
}


def _named(request: AgentInput) -> list[int]:
    """Products the message names, ignoring matches made only of body words ("High-Waist" for "waist")."""
    mentions = [
        m
        for m in request.extraction.products
        if not set(re.findall(r"[a-z]+", m.matched_text.lower())) <= _BODY_WORDS
    ]
    if len(mentions) != len(request.extraction.products):
        request = replace(request, extraction=request.extraction.model_copy(update={"products": mentions}))
    return named_products(request)


def product_meant(
    ctx: TurnContext, request: AgentInput, refs: list[SizeReference], *, gives_details: bool = False
) -> tuple[Product | None, bool, list[Product]]:
    """The product to size, whether it only stands for a brand's range ("Harbor & Pine shirts"),
    and, when the message could mean several, those to ask about. `gives_details`: the message
    carries measurements or sizes, so it goes on with the product being sized."""
    state = ctx.state
    shown = state.last_products_shown
    choices = state.pending.pop(CHOICES_KEY, None) if request.continuing else None
    if choices:
        shown = [int(i) for i in choices]
    if (position := at_ordinal(shown, request.extraction.ordinal)) is not None:
        return ctx.catalog.get(position), False, []
    titled = _titled(ctx, request)
    if titled is not None:
        return titled, False, []
    named = [p for p in (ctx.catalog.get(i) for i in _named(request)) if p is not None]
    if len(named) > 1:
        # "The trail runner" names a product line: the shopper's gender may settle it, else ask.
        gender = next((r.gender for r in refs if r.gender), None) or _gender_said(request.text)
        narrowed = [p for p in named if gender and product_gender(p) == gender]
        named = narrowed if len(narrowed) == 1 else named
    if len(named) == 1:
        return named[0], False, []
    if named:
        return None, False, named[:5]
    words = [group_for_word(w) for w in re.findall(r"[a-z'-]+", request.text.lower())]
    asked_group = next((g for g in words if g), None)
    garment = garment_word(request.text)
    recent = [p for p in (ctx.catalog.get(i) for i in reversed(state.products_referenced)) if p is not None]
    if garment and recent:
        listed = [p for p in (ctx.catalog.get(i) for i in shown) if p is not None and p.category == garment]
        list_is_latest = bool(state.products_referenced) and state.products_referenced[-1] in shown
        if len(listed) > 1 and list_is_latest and not request.continuing:
            # "That dress" after a list of three: asking beats guessing.
            return None, False, listed
        for product in recent:
            if product.category == garment:
                return product, False, []
    if asked_group and recent and not request.extraction.brands:
        for product in recent:
            if product_group(product) == asked_group:
                return product, False, []
    referenced_brands = {r.brand_name for r in refs if r.brand_name}
    if request.extraction.brands and asked_group and request.extraction.brands[0] not in referenced_brands:
        stand_in = _brand_range(ctx, request.extraction.brands[0], asked_group)
        if stand_in is not None:
            return stand_in, True, []
    pending = ctx.catalog.get(int(state.pending.get(PRODUCT_KEY) or 0))
    if pending is not None and asked_group and product_group(pending) != asked_group:
        pending = None  # "what size shoe?" while a dress was being sized: a new item
    if pending is not None and _OTHER_VERSION.search(request.text):
        counterpart = _counterpart(ctx, pending, _gender_said(request.text))
        if counterpart is not None:
            return counterpart, False, []
    if pending is not None and (request.continuing or _POINTING.search(request.text) or gives_details):
        return pending, False, []
    if _POINTING.search(request.text) and (it := state.product_for_it()) is not None:
        # "does it run small?" after a list means its top result, as it does for the Product Expert.
        return ctx.catalog.get(it), False, []
    return None, False, []


_OTHER_VERSION = re.compile(
    r"\b(?:women'?s|womens|men'?s|mens|kids'?)\s+(?:version|one|model|pair|style|cut)\b"
    r"|\bin\s+(?:the\s+)?(?:women'?s|womens|men'?s|mens)\b",
    re.IGNORECASE,
)
_GENDER_PREFIX = re.compile(r"^(?:women'?s|men'?s|kids'?)\s+", re.IGNORECASE)
_PREFIX_FOR = {"women": "Women's ", "men": "Men's ", "kids": "Kids' "}


def other_version(text: str) -> bool:
    """ "The women's version", "in men's": the same product line for another gender."""
    return bool(_OTHER_VERSION.search(text))


def _counterpart(ctx: TurnContext, product: Product, gender: str | None) -> Product | None:
    """The same product line for another gender ("Men's Trail Runner GTX" -> "Women's Trail Runner GTX")."""
    if gender not in _PREFIX_FOR or not _GENDER_PREFIX.match(product.title):
        return None
    wanted = _PREFIX_FOR[gender] + _GENDER_PREFIX.sub("", product.title)
    return next(
        (p for p in ctx.catalog.products if p.title == wanted and p.brand == product.brand and p.active),
        None,
    )


def _gender_said(text: str) -> str | None:
    lowered = text.lower()
    if re.search(r"\b(women'?s|womens|ladies)\b", lowered):
        return "women"
    if re.search(r"\b(men'?s|mens)\b", lowered):
        return "men"
    if re.search(r"\b(kids'?|girls'?|boys'?|child|son|daughter)\b", lowered):
        return "kids"
    return None


def _plain(text: str) -> str:
    return " " + " ".join(re.findall(r"[a-z0-9]+", text.lower().replace("'", ""))) + " "


def _titled(ctx: TurnContext, request: AgentInput) -> Product | None:
    """The sized product whose full title the message spells out (the longest, when several do).

    Candidates are the gazetteer's mentions; a catalog of up to SCAN_LIMIT products is also scanned
    (the gazetteer misses some names with punctuation, "Kids' Light-Up Sneaker"). A larger catalog
    relies on the gazetteer alone: a scan there would cost more than the rest of the turn.
    """
    said = _plain(request.text)
    pool = [p for p in (ctx.catalog.get(m.product_id) for m in request.extraction.products) if p is not None]
    if not pool and len(ctx.catalog) <= SCAN_LIMIT:
        pool = ctx.catalog.products
    found = [
        p
        for p in pool
        if p.vertical in ("apparel", "footwear") and len(p.title) > 5 and _plain(p.title) in said
    ]
    return max(found, key=lambda p: (len(p.title), p.active), default=None)


def garment_word(text: str) -> str | None:
    lowered = text.lower()
    for word, category in (("dress", "dress"), ("jeans", "jeans"), ("skirt", "skirt"), ("blazer", "blazer")):
        if re.search(rf"\b{word}\b", lowered) and not re.search(r"\bdress shoes?\b", lowered):
            return category
    return None


def _brand_range(ctx: TurnContext, brand: str, group: str) -> Product | None:
    """An active product of the brand in the size group, standing for the brand's chart."""
    for product in ctx.catalog.products:
        if (
            product.brand == brand
            and product.active
            and product_group(product) in (group, KIDS if group == KIDS else group)
        ):
            return product
    if group == SHOES:
        return next(
            (
                p
                for p in ctx.catalog.products
                if p.brand == brand and p.active and is_shoe_group(product_group(p))
            ),
            None,
        )
    return None
