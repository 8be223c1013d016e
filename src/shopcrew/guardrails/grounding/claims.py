"""Claims about products in one unit of a reply: names, prices, stock and sizes, ingredients.

Each check reads one unit (a sentence, list item or table row) with the products it is about
and returns findings: a claim that is wrong, with either a repair (the span to rewrite and the
fact to put there) or a removal of the whole unit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from shopcrew.domain.catalog import Product, Variant
from shopcrew.guardrails.grounding.facts import TurnFacts, money, parse_amount
from shopcrew.guardrails.grounding.names import Mention
from shopcrew.guardrails.grounding.vocabulary import CatalogTerms, contains_ingredient, has_phrase

MONEY = re.compile(r"(?:US)?\$\s?(\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)")
# Words before an amount that make it a budget, a total or a difference rather than a product's price.
_NOT_A_PRICE = re.compile(
    r"\b(under|below|over|above|less than|more than|up to|budget|within|total|totals|together|combined|"
    r"save|saving|savings|difference|cheaper|pricier|off|refund(?:ed)?|shipping|orders? over|spend)\b[^$]{0,12}$",
    re.IGNORECASE,
)
_FROM_BEFORE = re.compile(r"\b(from|starting at|starts at|as low as)\s*$", re.IGNORECASE)
_SIZE_VALUE = r"(?:[1-3][XY]|\d{1,2}(?:\.5)?C?|XXS|XS|XXL|XL|[SML])(?!\w|\.\d)"
_SIZES = re.compile(
    r"\b(?i:sizes?)\s+("
    + _SIZE_VALUE
    + r"(?:\s*(?:,|and|or|to|-|–)\s*"
    + _SIZE_VALUE
    + r")*)\b(?!\s*(?:ml|g|%))"
)
_IN_SIZE = re.compile(r"\bin(?: an?)?\s+(" + _SIZE_VALUE + r")\b(?!\s*(?:ml|g|%|[A-Za-z]))")
_IN_SIZE_WIDTH = re.compile(
    r"\bin(?: an?)?\s+(" + _SIZE_VALUE + r")\s+(?i:extra wide|wide|narrow|standard)\b"
)
_WIDTH = re.compile(r"\b(extra[ -]wide|wide|narrow|standard width)\b", re.IGNORECASE)
_VOLUME = re.compile(r"\b(\d{1,4})\s?(ml|g|pads)\b", re.IGNORECASE)
_NEGATIVE_STOCK = re.compile(
    r"\b(out of stock|sold out|unavailable|no longer available|(?:(?:is|are)\s+)?not (?:currently )?(?:in stock|available)|"
    r"(?:isn|aren)['’]t (?:currently )?(?:in stock|available))\b",
    re.IGNORECASE,
)
_POSITIVE_STOCK = re.compile(
    r"\b(in stock|available(?! options| sizes| colou?rs| widths)|ready to ship)\b", re.IGNORECASE
)
_COUNT = re.compile(r"\b(?:only|just)\s+(\d{1,3})\s+(?:left|remaining|in stock)\b", re.IGNORECASE)
_EXISTS = re.compile(r"\b(comes? in|offered in|made in sizes?)\b", re.IGNORECASE)
_NOT_EXISTS = re.compile(r"\b(?:doesn['’]t|does not|don['’]t|do not) come in\b", re.IGNORECASE)
_DISCONTINUED = re.compile(r"\b(discontinued|no longer (?:made|sold|carried|available))\b", re.IGNORECASE)
_INGREDIENT_CUE = re.compile(
    r"\b(?:(?P<neg>free (?:of|from)|no|without|zero|(?:doesn['’]t|does not|don['’]t|do not|(?:is|are)n['’]t|"
    r"(?:is|are) not) (?:contain|have|include|made with|formulated with)|contains no|has no)|"
    r"(?P<pos>contains?|containing|with|has|have|includes?|including|made with|formulated with|packed with|"
    r"infused with|enriched with|features?|featuring|powered by|plus|boasts?))\b",
    re.IGNORECASE,
)
_FREE_AFTER = re.compile(r"^[\s-]*free\b", re.IGNORECASE)
_ABSENT_AFTER = re.compile(
    r"^\s*(?:is|are)(?:n['’]t| not) (?:in|listed|included|part)\b|^\s*(?:isn['’]t|aren['’]t)\b", re.IGNORECASE
)
_NOT_BEFORE = re.compile(r"(?:\bnot|n['’]t)\s+(?:\w+\s+)?$", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[.;:!?()\[\]|]| - | – | but | while | whereas | which | unlike ", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """A claim that does not match the facts, and what to do about it."""

    kind: str  # product, price, stock, size, ingredient, order, state, tracking, date
    claim: str
    reason: str
    remove: bool
    start: int = 0
    end: int = 0
    replacement: str = ""


@dataclass(frozen=True)
class Subject:
    """A product mention resolved against this turn's products."""

    mention: Mention
    products: tuple[Product, ...]  # the turn's products the mention can mean (empty: not grounded)


def product_findings(subjects: Sequence[Subject]) -> list[Finding]:
    """A product named but not returned by a tool this turn (or discontinued) is removed with its unit."""
    findings: list[Finding] = []
    for subject in subjects:
        if subject.products:
            continue
        reason = "not among the products the tools returned this turn"
        findings.append(Finding("product", subject.mention.text, reason, remove=True))
    return findings


def price_findings(
    text: str,
    start: int,
    end: int,
    owner_of: dict[int, tuple[Product, ...]],
    facts: TurnFacts,
    skip: Sequence[tuple[int, int]],
    terms: CatalogTerms | None = None,
) -> list[Finding]:
    """Money amounts: a product's must be one of its prices (else repaired), any other must be a fact."""
    findings: list[Finding] = []
    for match in MONEY.finditer(text, start, end):
        if any(a <= match.start() < b for a, b in skip):
            continue
        amount = parse_amount(match.group(1))
        if amount is None:
            continue
        before = text[max(start, match.start() - 40) : match.start()]
        owners = owner_of.get(match.start(), ())
        if not owners or _NOT_A_PRICE.search(before):
            if amount not in facts.amounts:
                findings.append(Finding("price", match.group(), "no fact of this turn has this amount", True))
            continue
        allowed = set(facts.derived_amounts)
        for product in owners:
            allowed |= facts.product_prices(product)
        if amount in allowed:
            continue
        if len(owners) != 1 or not owners[0].variants:
            findings.append(Finding("price", match.group(), "not a price of the product", True))
            continue
        product = owners[0]
        fact_price, is_from = _fact_price(product, _variants_named(text[start:end], product, terms))
        shown = _format_money(fact_price, decimals="." in match.group(1))
        if is_from and not _FROM_BEFORE.search(before):
            shown = "from " + shown
        findings.append(
            Finding(
                "price",
                match.group(),
                f"{product.title} costs {shown}",
                False,
                match.start(),
                match.end(),
                shown,
            )
        )
    return findings


def _fact_price(product: Product, variants: list[Variant]) -> tuple[Decimal, bool]:
    """The price to state: the named variant's, the one price of all variants, or "from" the lowest."""
    prices = {v.price for v in (variants or product.variants)}
    if len(prices) == 1:
        return next(iter(prices)), False
    return min(prices), True


def _format_money(amount: Decimal, *, decimals: bool) -> str:
    if not decimals and amount == amount.to_integral_value():
        return f"${amount:,.0f}"
    return f"${money(amount):,.2f}"


def _variants_named(unit: str, product: Product, terms: CatalogTerms | None) -> list[Variant]:
    """Variants of `product` the unit names: by full variant title, or by size, width, colour, volume."""
    lowered = unit.casefold()
    titled = [v for v in product.variants if v.title.casefold() in lowered and "/" in v.title]
    if titled:
        return titled
    wanted = _options_in(unit, product, terms)
    if not wanted:
        return []
    return [v for v in product.variants if _variant_matches(v, wanted)]


def _options_in(unit: str, product: Product, terms: CatalogTerms | None) -> dict[str, set[str]]:
    wanted: dict[str, set[str]] = {}
    known_sizes = {v.casefold() for v in _values(terms, product, "size")}
    if known_sizes:
        sizes = {
            size.casefold() for m in _SIZES.finditer(unit) for size in re.findall(_SIZE_VALUE, m.group(1))
        }
        sizes |= {m.group(1).casefold() for m in _IN_SIZE_WIDTH.finditer(unit)}
        # "in 11" is a size only when the product has that size or a number-sized range it could be in.
        sizes |= {
            m.group(1).casefold()
            for m in _IN_SIZE.finditer(unit)
            if m.group(1).casefold() in known_sizes
            or (m.group(1).isdigit() and any(k.isdigit() for k in known_sizes))
        }
        if sizes:
            wanted["size"] = sizes
    widths = {m.group(1).casefold().replace("-", " ").replace(" width", "") for m in _WIDTH.finditer(unit)}
    if widths and _values(terms, product, "width"):
        wanted["width"] = widths
    volumes = {f"{m.group(1)} {m.group(2).casefold()}" for m in _VOLUME.finditer(unit)}
    if volumes and _values(terms, product, "volume"):
        wanted["volume"] = volumes
    colours = {c.casefold() for c in _values(terms, product, "colour") if _has_word(unit, c)}
    if colours:
        wanted["colour"] = colours
    return wanted


def _values(terms: CatalogTerms | None, product: Product, option: str) -> tuple[str, ...]:
    return terms.option_values(product, option) if terms is not None else tuple(product.option_values(option))


def _has_word(text: str, phrase: str) -> bool:
    return has_phrase(text.casefold(), phrase.casefold(), whole=True, hyphen_joins=True)


def _variant_matches(variant: Variant, wanted: dict[str, set[str]]) -> bool:
    for option, values in wanted.items():
        value = str(variant.options.get(option, "")).casefold()
        if option == "colour":
            if not any(v == value or v in value.split() for v in values):
                return False
        elif value not in values:
            return False
    return True


def stock_findings(
    text: str, start: int, end: int, product: Product, terms: CatalogTerms, skip: Sequence[tuple[int, int]]
) -> list[Finding]:
    """Stock, size and colour claims about one product against its variants' options and inventory."""
    unit = text[start:end]
    findings: list[Finding] = []
    wanted = _options_in(unit, product, terms)
    named = _variants_named(unit, product, terms)
    claimed_colours = _claimed_colours(unit, terms)
    unknown_colours = claimed_colours - {c.casefold() for c in _values(terms, product, "colour")}
    unknown_colours = {
        c
        for c in unknown_colours
        if not any(c in v.casefold().split() for v in _values(terms, product, "colour"))
    }
    claims_exists = _EXISTS.search(unit) and not _NOT_EXISTS.search(unit)
    if claims_exists and ((wanted and not named) or unknown_colours):
        missing = ", ".join(sorted(unknown_colours)) or _describe(wanted)
        findings.append(Finding("size", unit, f"{product.title} doesn't come in {missing}", True))
        return findings
    not_exists = _NOT_EXISTS.search(unit)
    tail = _CLAUSE_BREAK.split(unit[not_exists.end() :], maxsplit=1)[0] if not_exists else ""
    # "doesn't come in 14 Black": a value the parser did not read means the claim is not understood.
    if not_exists and named and not (re.search(r"\d", tail) and "size" not in wanted):
        findings.append(Finding("size", unit, f"{product.title} does come in {_describe(wanted)}", True))
        return findings
    scope = named if wanted or named else list(product.variants)
    if (wanted or named) and not scope:
        if _POSITIVE_STOCK.search(unit) and not _NEGATIVE_STOCK.search(unit):
            findings.append(
                Finding("size", unit, f"{product.title} doesn't come in {_describe(wanted)}", True)
            )
        return findings
    in_stock = any(v.in_stock for v in scope) and product.active
    discontinued = _DISCONTINUED.search(unit)
    if discontinued and product.active:
        findings.append(Finding("stock", discontinued.group(), f"{product.title} is still sold", True))
        return findings
    negative = _NEGATIVE_STOCK.search(unit)
    if negative and in_stock:
        verb = re.match(r"(is|are)", negative.group(), re.IGNORECASE)
        words = f"{verb.group().lower()} in stock" if verb else "in stock"
        findings.append(_rewrite(negative, start, words, f"{product.title} is in stock"))
        return findings
    positive = _POSITIVE_STOCK.search(unit)
    if positive and not negative and not in_stock and not _inside(positive.start() + start, skip):
        words = "out of stock" if product.active else "no longer available"
        findings.append(_rewrite(positive, start, words, f"{product.title} is {words}"))
        return findings
    count = _COUNT.search(unit)
    if count:
        left = {v.inventory for v in scope} | {sum(v.inventory for v in scope)}
        if int(count.group(1)) not in left:
            words = "in stock" if in_stock else "out of stock"
            findings.append(_rewrite(count, start, words, f"{product.title}: not {count.group(1)} left"))
    return findings


def _claimed_colours(unit: str, terms: CatalogTerms) -> set[str]:
    """Colours the unit says a product comes in ("comes in black", "available in navy or grey")."""
    claim = _EXISTS.search(unit) or re.search(r"\bavailable in\b", unit, re.IGNORECASE)
    if claim is None:
        return set()
    tail = unit[claim.end() : claim.end() + 60]
    tail = _CLAUSE_BREAK.split(tail, maxsplit=1)[0]
    return {m.group().casefold() for m in terms.colour_re.finditer(tail)}


def _describe(wanted: dict[str, set[str]]) -> str:
    return " ".join(sorted(v for values in wanted.values() for v in values)) or "that option"


def _rewrite(match: re.Match[str], start: int, words: str, reason: str) -> Finding:
    return Finding("stock", match.group(), reason, False, start + match.start(), start + match.end(), words)


def _inside(position: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(a <= position < b for a, b in spans)


def ingredient_findings(
    text: str,
    start: int,
    end: int,
    product: Product,
    terms: CatalogTerms,
    skip: Sequence[tuple[int, int]],
) -> list[Finding]:
    """ "Contains X", "with X", "X-free", "free of X", "no X" against the product's INCI list."""
    findings: list[Finding] = []
    for match in terms.ingredient_re.finditer(text, start, end):
        if _inside(match.start(), skip):
            continue
        polarity = _ingredient_polarity(text, start, match)
        if polarity is None:
            continue
        term = match.group()
        if not product.ingredients:
            if product.vertical == "beauty":
                reason = f"the catalog lists no ingredients for {product.title}"
                findings.append(Finding("ingredient", term, reason, True))
            continue
        present = contains_ingredient(product.ingredients, term)
        if polarity and not present:
            reason = f"{product.title} does not contain {term}"
            findings.append(Finding("ingredient", term, reason, True))
        elif not polarity and present:
            reason = f"{product.title} contains {term}"
            findings.append(Finding("ingredient", f"{term}-free", reason, True))
    return findings


def _ingredient_polarity(text: str, start: int, match: re.Match[str]) -> bool | None:
    """True for a "contains" claim, False for a "free of" claim, None for a plain mention."""
    after = text[match.end() : match.end() + 30]
    if _FREE_AFTER.match(after):
        # "isn't fragrance-free" says it does contain fragrance.
        return _NOT_BEFORE.search(text[max(start, match.start() - 20) : match.start()]) is not None
    if _ABSENT_AFTER.match(after):
        return False
    clause = _CLAUSE_BREAK.split(text[start : match.start()])[-1]
    # Walk back over a list ("with niacinamide, zinc and panthenol") to the word that governs it.
    pieces = re.split(r",|\band\b|\bor\b|&|\+", clause)
    for index in range(len(pieces) - 1, -1, -1):
        piece = pieces[index]
        cues = list(_INGREDIENT_CUE.finditer(piece))
        room = 2 if index == len(pieces) - 1 else 5
        if cues and len(piece[cues[-1].end() :].split()) <= room:
            return cues[-1].group("neg") is None
        if len(piece.split()) > room or re.search(r"\b(is|are|was|it|its|this|that)\b", piece, re.IGNORECASE):
            return None
    return None
