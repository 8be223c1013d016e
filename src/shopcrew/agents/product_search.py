"""Search results as the expert shows them: reasons in the shopper's terms, and the search kept for follow-ups."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any

from shopcrew.agents.product_attributes import highlights, size_key
from shopcrew.agents.types import AgentInput
from shopcrew.catalog.ingredients import avoided_ingredients
from shopcrew.catalog.search import SearchFilters, SearchHit
from shopcrew.catalog.text import normalise, tokens
from shopcrew.orchestrator.state import ConversationState

RESULTS_SHOWN = 3
_SEARCH_KEY = "product_search"
# At most this many words in a message that narrows the last search ("under 100 please").
REFINE_WORDS = 6
_REFINE_FILLER = frozenset(
    {"one", "ones", "pair", "pairs", "price", "prices", "budget", "max", "maximum", "dollars", "bucks"}
    | {"usd", "only", "please", "pls", "plz", "thanks", "something", "anything", "maybe"}
)
# Words that start over rather than narrow ("something in blue" narrows, "show me jackets" doesn't).
_ANOTHER_SEARCH = re.compile(r"\b(any others?|other ones?|show me|recommend|suggest|else|instead)\b")
_CHEAPER = re.compile(r"\b(cheaper|less expensive|more affordable|lower price[d]?|budget|cheapest)\b")
_PRICIER = re.compile(r"\b(pricier|more expensive|higher end|premium|fancier|better quality)\b")
_MORE = re.compile(
    r"^\W*(any )?(more|others?|other ones|other options|more options|anything else|what else)\b"
)
# Words that ask for products without saying which: "recommend something", "what do you have?".
_GENERIC = frozenset(
    tokens(
        "recommend suggest show something anything product products stuff item items buy shop shopping "
        "looking want need have sell got option options help find good best nice please thanks "
        "first second third last one two three them all compare"
    )
)


def price_follow_up(text: str) -> str | None:
    """ "cheaper", "pricier" or "more" when a message asks to move the last search along, else None."""
    lowered = normalise(text)
    if len(lowered.split()) > 8:
        return None
    if _CHEAPER.search(lowered):
        return "cheaper"
    if _PRICIER.search(lowered):
        return "pricier"
    return "more" if _MORE.search(lowered) else None


def is_nothing_to_search(query: str, filters: SearchFilters) -> bool:
    """True when a message names no product, category or need: a question serves better than a search."""
    return filters.is_empty() and all(t in _GENERIC for t in tokens(query))


def hit_facts(hit: SearchHit, filters: SearchFilters) -> dict[str, Any]:
    """One result's facts: price of the matching variants, reasons it fits, sizes in stock."""
    product = hit.product
    notes = highlights(product)
    # Why it fits, in the shopper's terms; the ranking reason first ("arch support: high").
    reasons = [e for e in hit.evidence if not e.startswith(("name matches", "text matches"))]
    if filters.rank_by:
        rank_label = filters.rank_by.replace("_", " ") + ":"
        reasons.sort(key=lambda e: not e.startswith(rank_label))
    if filters.avoid_ingredients and product.ingredients:
        free = [w for w in filters.avoid_ingredients if not avoided_ingredients(product.ingredients, w)]
        # Search may already say it ("no alcohol in its ingredients"); say each once.
        reasons += [f"no {w}" for w in free if not any(r.startswith(f"no {w}") for r in reasons)]
    return {
        "id": product.id,
        "title": product.title,
        "brand": product.brand,
        "price": str(hit.price),
        "reasons": reasons or notes[:2],
        "evidence": list(hit.evidence),
        "highlights": notes,
        "sizes_in_stock": sorted(
            {v.options["size"] for v in hit.variants if "size" in v.options}, key=size_key
        )[:12],
    }


def remember_search(
    state: ConversationState,
    query: str,
    filters: SearchFilters,
    hits: Sequence[SearchHit],
    *,
    seen: Sequence[int] = (),
) -> None:
    """Keep the search in the conversation so "cheaper ones?" can move it along next turn."""
    state.pending[_SEARCH_KEY] = {
        "query": query,
        "filters": _filters_json(filters),
        "prices": [str(h.price) for h in hits],
        "seen": list(dict.fromkeys([*seen, *(h.product.id for h in hits)])),
    }


def remembered_search(state: ConversationState) -> tuple[str, SearchFilters, list[Decimal], list[int]] | None:
    """The last search: query, filters, prices shown and products already shown; None if there was none."""
    saved = state.pending.get(_SEARCH_KEY)
    if not saved or not saved.get("prices"):
        return None
    return (
        str(saved["query"]),
        _filters_from_json(saved["filters"]),
        [Decimal(p) for p in saved["prices"]],
        [int(i) for i in saved.get("seen", [])],
    )


def _filters_json(filters: SearchFilters) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in dataclasses.fields(filters):
        value = getattr(filters, f.name)
        out[f.name] = (
            list(value) if isinstance(value, tuple) else str(value) if isinstance(value, Decimal) else value
        )
    return out


def _filters_from_json(data: dict[str, Any]) -> SearchFilters:
    values: dict[str, Any] = {}
    for f in dataclasses.fields(SearchFilters):
        if f.name not in data:
            continue  # saved before the field existed
        value = data[f.name]
        if isinstance(value, list):
            value = tuple(value)
        elif f.name in ("min_price", "max_price") and value is not None:
            value = Decimal(value)
        values[f.name] = value
    return SearchFilters(**values)


def narrowed_search(
    state: ConversationState, request: AgentInput, filters: SearchFilters
) -> tuple[str, SearchFilters] | None:
    """A short message that only adds a constraint ("under 100 please", "women's?", "vegan ones")
    narrows the last search: its query and filters, with the new constraints on top."""
    last = remembered_search(state) if request.continuing else None
    if (
        last is None
        or filters.categories
        or filters.product_ids
        or len(tokens(request.text)) > REFINE_WORDS
        or _ANOTHER_SEARCH.search(normalise(request.text))
    ):
        return None
    said = set(tokens(" ".join(filters.describe())))
    if any(
        not t.isdigit() and t not in said and t.rstrip("s") not in said and t not in _REFINE_FILLER
        for t in tokens(request.text)
    ):
        return None  # it names something besides constraints ("sunglasses under 140"): a new search
    query, previous, _, _ = last
    added: dict[str, Any] = {
        name: value
        for name in (
            "min_price",
            "max_price",
            "gender",
            "brand",
            "colour",
            "size",
            "width",
            "skin_type",
            "rank_by",
        )
        if (value := getattr(filters, name)) is not None
    }
    for name in ("flags", "concerns", "avoid_ingredients"):
        if new := [v for v in getattr(filters, name) if v not in getattr(previous, name)]:
            added[name] = (*getattr(previous, name), *new)
    if not added:
        return None
    if ("min_price" in added) != ("max_price" in added):
        # "under 100" replaces a price range rather than leaving its other end.
        added.setdefault("min_price", None)
        added.setdefault("max_price", None)
    return query, replace(previous, problems=filters.problems, **added)
