"""What exactly the shopper wants changed: which lines, how many, which new variant, how to refund.

Everything here reads the shopper's words (and the local extractor's slots) against the real order
and catalog: "cancel the socks" picks the order line whose product is socks, "the second item" the
second line as listed, "both" every line, "in a size 10" the variant of the same product with size
10 and the other options unchanged. Nothing is guessed: when the words don't settle it, the caller
asks a short question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from shopcrew.catalog.search import CatalogIndex
from shopcrew.catalog.text import tokens
from shopcrew.commerce.actions import CancelReason, RefundMethod, SubscriptionChange
from shopcrew.domain.catalog import Product, Variant
from shopcrew.domain.orders import OrderLine, Subscription
from shopcrew.models.local.attributes import at_ordinal
from shopcrew.models.local.extraction import Extraction

_ALL_LINES = re.compile(r"\b(both|all|everything|each|whole order|entire order|all of (?:it|them))\b", re.I)
# Words that say what to do, not which item: they never pick a line by overlap with its title.
_ACTION_WORDS = frozenset({
    "cancel", "cancelled", "return", "returns", "returning", "exchange", "swap", "switch", "change",
    "refund", "order", "orders", "item", "items", "please", "want", "like", "need", "instead", "just",
    "only", "one", "ones", "size", "colour", "color", "new", "credit", "store", "original", "payment",
    "back", "send", "get", "sub", "subscription", "subscriptions", "pause", "skip", "resume", "every",
    "week", "weeks", "month", "months", "day", "days", "next", "too", "small", "large", "big"
})  # fmt: skip
_VERTICAL_WORDS = {"shoe": "footwear", "shoes": "footwear", "sneaker": "footwear", "sneakers": "footwear"}
_VOLUME = re.compile(r"\b(\d+(?:\.\d+)?)\s*(ml|g|oz|pads)\b", re.IGNORECASE)
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
NUMBER_WORDS |= {"seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "couple of": 2, "few": 3}
_COUNT = r"(\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|couple of|few)"
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30}
_DURATION = re.compile(rf"\b{_COUNT}\s+(day|week|month)s?\b", re.IGNORECASE)
_EVERY = re.compile(rf"\bevery\s+(?:{_COUNT}\s+)?(day|week|month)s?\b", re.IGNORECASE)
_EVERY_OTHER = re.compile(r"\bevery other (week|month)\b", re.IGNORECASE)
_MONTHLY = re.compile(r"\bmonthly\b", re.IGNORECASE)
_RETURN_REASONS = (
    ("too_small", r"too (?:small|tight|short)|runs small|size up"),
    ("too_large", r"too (?:big|large|loose|long)|runs (?:large|big)|size down"),
    ("damaged", r"damaged|broken|defective|faulty|ripped|torn|leak"),
    ("skin_reaction", r"reaction|rash|irritat|broke me out|breakout|itch"),
    ("not_as_described", r"not as described|not what i ordered|wrong item|looks different|different colou?r"),
    ("changed_mind", r"changed my mind|don'?t (?:want|need|like)|no longer|not for me"),
)


@dataclass(frozen=True)
class LineChoice:
    """The order lines the shopper means; `named` is False when they named none (nothing to go on)."""

    lines: tuple[OrderLine, ...]
    named: bool
    quantity: int | None = None


def choose_lines(
    text: str,
    extraction: Extraction,
    candidates: Sequence[OrderLine],
    catalog: CatalogIndex,
    *,
    by_options: bool = True,
) -> LineChoice:
    """The lines of `candidates` the message refers to, by name, category, colour, position or "both".

    `by_options=False` ignores sizes and colours, which in an exchange name the new variant, not the
    line ("exchange the dress for the black one").
    """
    if not candidates:
        return LineChoice((), named=False)
    if _ALL_LINES.search(text):
        return LineChoice(tuple(candidates), named=True)
    if (line := at_ordinal(candidates, extraction.ordinal)) is not None:
        return LineChoice((line,), named=True, quantity=extraction.quantity)
    scores = {line.id: _line_score(line, text, extraction, catalog, by_options) for line in candidates}
    best = max(scores.values())
    if best <= 0:
        return LineChoice((), named=False, quantity=extraction.quantity)
    chosen = tuple(line for line in candidates if scores[line.id] > 0)
    # Several lines match, one clearly best ("the trail runner" vs a line that only shares a colour).
    strong = tuple(line for line in chosen if scores[line.id] == best)
    if len(strong) < len(chosen) and best >= 2:
        chosen = strong
    return LineChoice(chosen, named=True, quantity=extraction.quantity if len(chosen) == 1 else None)


def _line_score(
    line: OrderLine, text: str, extraction: Extraction, catalog: CatalogIndex, by_options: bool
) -> int:
    product = catalog.get(line.product_id)
    score = 0
    if any(m.product_id == line.product_id for m in extraction.products):
        score += 3
    if product is not None:
        for category in extraction.categories:
            said = category.casefold().replace(" ", "_")
            if said in (product.category, product.category.rstrip("s")) or (
                _VERTICAL_WORDS.get(category.casefold()) == product.vertical
            ):
                score += 2
    said_words = set(tokens(text)) - _ACTION_WORDS
    title_words = set(tokens(line.title)) - _ACTION_WORDS
    score += len({w for w in said_words if not w.isdigit()} & title_words)
    if by_options:
        variant = line.variant_title.casefold()
        score += sum(1 for colour in extraction.colours if colour.casefold() in variant)
    return score


@dataclass(frozen=True)
class VariantChoice:
    """The variant the shopper asked for instead of `line`'s, or why there is none.

    `variant` None with `asked` False: the shopper didn't say which size/colour (ask). With `asked`
    True: the product has no variant with those options (`offered` lists what it does come in).
    """

    variant: Variant | None
    asked: bool
    wanted: str = ""
    offered: tuple[str, ...] = ()


def choose_variant(text: str, extraction: Extraction, line: OrderLine, product: Product) -> VariantChoice:
    """The variant of the same product with the options the shopper named, the others as ordered."""
    current = next((v for v in product.variants if v.id == line.variant_id), None)
    wanted = dict(current.options) if current else {}
    asked: dict[str, str] = {}
    if extraction.sizes and "size" in wanted:
        asked["size"] = re.sub(r"^(?:us|size)\s+", "", extraction.sizes[0], flags=re.IGNORECASE)
    if extraction.widths and "width" in wanted:
        asked["width"] = extraction.widths[0]
    if extraction.colours and "colour" in wanted:
        asked["colour"] = extraction.colours[0]
    volume = _VOLUME.search(text)
    if volume and "volume" in wanted:
        number = volume.group(1).removesuffix(".0")
        asked["volume"] = f"{number} {volume.group(2).lower()}"
    if not asked:
        return VariantChoice(None, asked=False)
    wanted.update(asked)
    label = " / ".join(asked.values())
    # The variant already ordered can match ("for a size M" when it is M): the order system says so.
    matches = product.matching_variants(**wanted)
    if matches:
        return VariantChoice(matches[0], asked=True, wanted=label)
    option = next(iter(asked))
    return VariantChoice(None, asked=True, wanted=label, offered=tuple(product.option_values(option)))


def refund_method(text: str) -> RefundMethod:
    """Store credit when the shopper asks for it; otherwise the original payment method."""
    said = text.lower()
    if "store credit" in said or re.search(r"\b(as|in|for) credit\b", said):
        return "store_credit"
    return "original_payment"


def return_reason(text: str) -> str:
    """The store's return reason code the words match ("too small" -> too_small), or ""."""
    said = text.lower()
    return next((code for code, pattern in _RETURN_REASONS if re.search(pattern, said)), "")


def cancel_reason(text: str) -> CancelReason:
    """Why the shopper cancels, as the order system's reason code."""
    said = text.lower()
    return stated_cancel_reason(said) or (
        "no_longer_needed" if not re.search(r"\bbecause\b", said) else "other"
    )


def stated_cancel_reason(text: str) -> CancelReason | None:
    """The reason code when the words give one ("I ordered it by mistake"); None when they don't."""
    said = text.lower()
    if re.search(r"by mistake|by accident|accidental|wrong (?:size|item|one)|didn'?t mean", said):
        return "ordered_by_mistake"
    if re.search(r"no longer|don'?t need|don'?t want|changed my mind|not needed", said):
        return "no_longer_needed"
    return None


@dataclass(frozen=True)
class SubscriptionRequest:
    """A subscription change as the shopper put it: "pause for a month" -> pause, 30 days."""

    change: SubscriptionChange
    pause_days: int | None = None
    frequency_days: int | None = None
    volume: str | None = None


# Pausing without a length pauses for one cycle of a month; the plan shows the resume date first.
DEFAULT_PAUSE_DAYS = 30


def subscription_request(text: str) -> SubscriptionRequest | None:
    """The change the message asks for, or None when it names none (a question, a listing)."""
    said = text.lower()
    if re.search(r"\b(cancel|stop|end|unsubscribe|terminate)\b", said):
        return SubscriptionRequest("cancel")
    if re.search(r"\bskip\b", said):
        return SubscriptionRequest("skip_next")
    if re.search(r"\b(resume|unpause|un-pause|restart|reactivate)\b", said):
        return SubscriptionRequest("resume")
    frequency = _frequency_days(said)
    if frequency is not None:
        return SubscriptionRequest("change_frequency", frequency_days=frequency)
    if re.search(r"\b(pause|hold|break|postpone)\b", said):
        duration = _DURATION.search(said)
        days = _days(duration.group(1), duration.group(2)) if duration else DEFAULT_PAUSE_DAYS
        return SubscriptionRequest("pause", pause_days=days)
    volume = _VOLUME.search(said)
    if volume and re.search(r"\b(swap|switch|change|size|instead)\b", said):
        return SubscriptionRequest("swap_variant", volume=f"{volume.group(1)} {volume.group(2)}")
    return None


def _frequency_days(said: str) -> int | None:
    other = _EVERY_OTHER.search(said)
    if other:
        return 2 * _UNIT_DAYS[other.group(1)]
    every = _EVERY.search(said)
    if every:
        return _days(every.group(1) or "1", every.group(2))
    return _UNIT_DAYS["month"] if _MONTHLY.search(said) else None


def _days(count: str, unit: str) -> int:
    number = int(count) if count.isdigit() else NUMBER_WORDS.get(count.lower(), 1)
    return number * _UNIT_DAYS[unit.lower()]


def choose_subscription(
    text: str, extraction: Extraction, subs: Sequence[Subscription], change: SubscriptionChange | None
) -> Subscription | None:
    """The subscription the message names; else the only one `change` applies to; else None (ask)."""
    said = set(tokens(text)) - _ACTION_WORDS
    named = [
        s
        for s in subs
        if any(m.product_id == s.product_id for m in extraction.products)
        or said & (set(tokens(s.title)) - _ACTION_WORDS)
    ]
    if len(named) == 1:
        return named[0]
    if not named and extraction.ordinal is not None:
        # "the first one": a place in the list of subscriptions just shown (the same order as `subs`).
        return at_ordinal(subs, extraction.ordinal)
    if named or change is None:
        return None
    applicable = [s for s in subs if s.status != "cancelled"]
    if change == "pause" or change == "skip_next" or change == "change_frequency":
        applicable = [s for s in applicable if s.status == "active"] or applicable
    elif change == "resume":
        applicable = [s for s in applicable if s.status == "paused"]
    return applicable[0] if len(applicable) == 1 else None
