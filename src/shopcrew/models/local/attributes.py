"""Shopping attributes in a message: sizes, shoe widths, budgets, ordinals and quantities.

Like the identifier finders, each returns the spans it used so the extractor can blank them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import Final, TypeVar

from shopcrew.models.local.extraction import Budget
from shopcrew.models.local.lexicon import NUMBER_WORDS, ORDINAL_WORDS, word_set
from shopcrew.models.local.text import singular

Span = tuple[int, int]

_WIDTHS: Final = MappingProxyType({
    "narrow": "Narrow", "n": "Narrow", "standard": "Standard", "regular": "Standard", "medium": "Standard",
    "d": "Standard", "wide": "Wide", "wides": "Wide", "w": "Wide", "2e": "Wide", "ee": "Wide",
    "extra wide": "Extra Wide", "extrawide": "Extra Wide", "x wide": "Extra Wide", "xw": "Extra Wide",
    "4e": "Extra Wide", "eeee": "Extra Wide", "6e": "Extra Wide",
})  # fmt: skip
_LETTER_SIZES: Final = MappingProxyType({
    "xxs": "XXS", "xs": "XS", "x small": "XS", "extra small": "XS", "s": "S", "small": "S",
    "m": "M", "medium": "M", "l": "L", "large": "L", "xl": "XL", "x large": "XL", "extra large": "XL",
    "xxl": "XXL", "2xl": "XXL", "xx large": "XXL", "xxxl": "XXXL", "3xl": "XXXL", "4xl": "4XL",
})  # fmt: skip
_NUM = r"(\d{1,2}(?:\.5)?)(?![\d%]|\.\d)"
_WIDTH_WORD = r"(extra[\s-]?wide|x[\s-]wide|xw|wide|narrow|2e|4e|6e|eeee|ee|w|n|d)"
_SIZE_WIDTH_RE: Final = re.compile(rf"(?<![\w$£€#.]){_NUM}\s*-?\s*{_WIDTH_WORD}\b", re.IGNORECASE)
_SIZE_RE: Final = re.compile(
    rf"\b(?:size|sz)\.?\s*(?:(us|uk|eu|eur)\s*)?{_NUM}"
    rf"|\b(?:((?-i:US))|(uk|eu|eur))\s*(?:size\s*)?{_NUM}"
    rf"|\b(?:mens|men'?s|womens|women'?s)\s+(?:size\s+)?(?:us\s+)?{_NUM}"
    rf"|(?<![\w$£€#.])(\d{{1,2}}\.5)(?![\d%]|\.\d)",
    re.IGNORECASE,
)
_VERB_SIZE_RE: Final = re.compile(
    r"\b(?:wear|wearing|in|need|take|try|fit|fits|(?:swap|swop|exchange|switch|trade)(?:\s+[a-z']+){0,5}?\s+for)"
    rf"\s+(?:an?\s+)?{_NUM}"
    r"(?!\s*(?:-\d|[$£€%]|(?!or\b|and\b|wide\b|narrow\b|please\b|if\b|but\b|too\b|us\b|eu\b|uk\b)[a-z]))",
    re.IGNORECASE,
)
_MORE_SIZES_RE: Final = re.compile(rf"\s*(?:or|/|and)\s*(?:an?\s+)?{_NUM}(?![\w$])", re.IGNORECASE)
_LETTER_RE: Final = re.compile(
    r"(?<![\w$#-])(xxs|xs|xxxl|xxl|xl|[234]xl|x{1,2}[\s-]large|x[\s-]small)(?![\w-])", re.I
)
_SIZE_WORDS = r"(extra[\s-]small|extra[\s-]large|small|medium|large)"
_LETTER_CONTEXT_RE: Final = re.compile(
    r"\b(?:size|sz)(?:\s*[:=-]\s*|\s+)(s|m|l)\b|\b(?:in|an?|the|wear|need|take)\s+((?-i:S|M|L))\b"
    r"|(?:\bsize\s+|\b(?:in|wear|need|take|want|get|order)\s+(?:an?\s+|the\s+)?|(?:^|[,.!?]\s*)(?:an?\s+)?)"
    + _SIZE_WORDS
    + r"\b(?!\s+(?!(?:size|please|or|and|instead|if|for|one|in|with|but|too|is|would|will|then|thanks|fits|should|"
    r"shirt|dress|sweater|hoodie|tee|jacket|coat)\b)[a-z])"
    r"|\b" + _SIZE_WORDS + r"\s+(?:size|sized)\b(?!\s+(?:range|selection))",
    re.IGNORECASE,
)
_WIDTH_RE: Final = re.compile(
    r"\b(2e|4e|6e|eeee|xw)\b"
    r"|\b(extra[\s-]?wide|x[\s-]wide|wide|narrow|standard|regular|medium)"
    r"\s+(?:width|widths|fit|feet|foot|toe\s*box|version|sizes?|shoes?|boots?|sneakers?|option)\b"
    r"|\b(?:width|fit)\s*(?:is|:|-|of)?\s*(extra[\s-]?wide|x[\s-]wide|wide|narrow|standard|regular|medium|2e|4e|d)\b"
    r"|\b(?:in\s+(?:an?\s+)?|a\s+)(extra[\s-]?wide|x[\s-]wide|wide|narrow)\b(?!\s+(?:range|variety|selection|choice))"
    r"|^\s*(extra[\s-]?wide|x[\s-]wide|wide|narrow)\s*[.!?]*\s*$|\b(wides)\b",
    re.IGNORECASE,
)

_AMOUNT = r"(?:([$£€])\s*)?(\d{1,3}(?:,\d{3})+(?!\d)|\d{1,9}(?!\d))(?:\.(\d{1,2}))?(?:\s*(dollars?|bucks|usd|eur|euros?|gbp|pounds?|quid)\b)?"
_RANGE_RE: Final = re.compile(
    rf"\bbetween\s+{_AMOUNT}\s*(?:-|–|to|and)\s*{_AMOUNT}|(?:\bfrom\s+)?{_AMOUNT}\s*(?:-|–|to)\s*{_AMOUNT}",
    re.IGNORECASE,
)
_MAX_RE: Final = re.compile(
    r"(?:\bunder|\bbelow|\bless\s+than|\bno\s+more\s+than|\bnot\s+more\s+than|\bmax(?:imum)?|\bat\s+most|\bup\s+to"
    rf"|\bcheaper\s+than|\bwithin|\bbudget(?:\s+is|\s+of)?|\bspend|<=?)\s*:?\s*{_AMOUNT}"
    rf"|{_AMOUNT}\s*(?:or\s+less|or\s+under|or\s+below|max\b|tops\b|budget\b|dollar\s+budget\b)",
    re.IGNORECASE,
)
_MIN_RE: Final = re.compile(
    rf"(?:\bover|\babove|\bmore\s+than|\bat\s+least|\bmin(?:imum)?|\bstarting\s+at|>=?)\s*{_AMOUNT}"
    rf"|{_AMOUNT}\s*(?:\+|or\s+more\b|and\s+up\b|or\s+above\b)",
    re.IGNORECASE,
)
_AROUND_RE: Final = re.compile(
    rf"(?:\baround|\babout|\bapproximately|\bapprox\.?|\broughly|~|\bclose\s+to|\bsomewhere\s+near)\s*{_AMOUNT}",
    re.IGNORECASE,
)
_BUDGET_WORDS_RE: Final = re.compile(r"\b(?:budget|spend|price[ds]?|cost|pay|cheap|affordable)\b", re.I)
_NOT_MONEY_RE: Final = re.compile(
    r"\s*(?:%|percent|days?|weeks?|months?|years?|hours?|hrs?|minutes?|mins?|items?|pairs?|units?|pieces?"
    r"|people|reviews?|ml|oz|g|kg|lbs?|cm|mm|inch(?:es)?|spf|s\b|x\b|off\b)",
    re.IGNORECASE,
)
_CURRENCIES: Final = MappingProxyType({"$": "USD", "dollar": "USD", "dollars": "USD", "bucks": "USD", "usd": "USD", "€": "EUR",
                      "eur": "EUR", "euro": "EUR", "euros": "EUR", "£": "GBP", "gbp": "GBP", "pound": "GBP",
                      "pounds": "GBP", "quid": "GBP"})  # fmt: skip

_ORDINAL_ALTS = "|".join(
    sorted((re.escape(w).replace(r"\ ", r"[\s-]+") for w in ORDINAL_WORDS), key=len, reverse=True)
)
_ORDINAL_RE: Final = re.compile(
    rf"\b(?:(the)\s+)?({_ORDINAL_ALTS})\b(?:\s+(one|option|choice|pick|item|product|pair|link|result|suggestion|style|(\w+)))?",
    re.IGNORECASE,
)
_NOT_LIST_NOUNS: Final = word_set(
    "time times day days week weeks month year night minute place step thing order orders purchase name few couple"
)
_OPTION_NUMBER_RE: Final = re.compile(
    r"\b(?:option|choice|number|item|pick|result)\s*#?\s*(\d{1,2})\b(?![.,]\d)", re.I
)

_NUMBER_ALTS = "|".join(sorted((w.replace(" ", r"\s+") for w in NUMBER_WORDS), key=len, reverse=True))
_QUANTITY_RE: Final = re.compile(
    r"\b(?:qty|quantity)\s*[:=]?\s*(\d{1,3})\b|(?<![\w.])x\s?(\d{1,2})\b|(?<![\d.])\b(\d{1,2})\s?x(?![\w.])"
    rf"|(?<![\w.$£€#])(\d{{1,2}}|{_NUMBER_ALTS})\s+(?:more\s+)?(?:of\s+(?:them|those|these|each|it|the)\b|([a-z]+))",
    re.IGNORECASE,
)
_QUANTITY_UNITS: Final = word_set("pair bottle unit piece pc item tube jar pack set box bag gift")


def find_sizes(text: str) -> tuple[list[str], list[str], list[Span]]:
    """Sizes ("M", "10.5", "EU 44") and shoe widths ("11 wide" -> "11" + "Wide")."""
    sizes: list[tuple[int, str]] = []
    widths: list[tuple[int, str]] = []
    spans: list[Span] = []
    for m in _SIZE_WIDTH_RE.finditer(text):
        sizes.append((m.start(), _number(m.group(1))))
        widths.append((m.start(2), _WIDTHS[re.sub(r"[\s-]+", " ", m.group(2).lower())]))
        spans.append(m.span())
    for pattern in (_SIZE_RE, _VERB_SIZE_RE):
        for m in pattern.finditer(text):
            g = m.groups()
            if pattern is _SIZE_RE:
                region, value = g[0] or g[3] or "", g[1] or g[4] or g[5] or g[6]
            else:
                region, value = "", g[0]
            if _overlaps(m.span(), spans) or not _shoe_size_plausible(pattern, g, value):
                continue
            sizes.append((m.start(), _sized(region, value)))
            spans.append(m.span())
            end = m.end()
            while more := _MORE_SIZES_RE.match(text, end):  # "size 10 or 10.5"
                sizes.append((more.start(1), _sized(region, more.group(1))))
                spans.append(more.span())
                end = more.end()
    for pattern in (_LETTER_RE, _LETTER_CONTEXT_RE):
        for m in pattern.finditer(text):
            word = next(g for g in m.groups() if g)
            if not _overlaps(m.span(), spans):
                sizes.append((m.start(), _LETTER_SIZES[re.sub(r"[\s-]+", " ", word.lower())]))
                spans.append(m.span())
    for m in _WIDTH_RE.finditer(text):
        if not _overlaps(m.span(), spans):
            word = re.sub(r"[\s-]+", " ", next(g for g in m.groups() if g).lower())
            widths.append((m.start(), _WIDTHS[word]))
            spans.append(m.span())
    return _ordered(sizes), _ordered(widths), spans


def find_budget(text: str) -> tuple[Budget | None, list[Span]]:
    """A price range: "under $40", "between 50 and 80 bucks", "around $100" (±20%), "$25-$50"."""
    budget_words = _BUDGET_WORDS_RE.search(text) is not None
    bounds: dict[str, tuple[Decimal, str, Span]] = {}
    for pattern, kind in ((_RANGE_RE, "range"), (_AROUND_RE, "around"), (_MAX_RE, "max"), (_MIN_RE, "min")):
        for m in pattern.finditer(text):
            groups = m.groups()
            amounts = [groups[i : i + 4] for i in range(0, len(groups), 4) if groups[i + 1]]
            units = [a[0] or a[3] for a in amounts]
            if not units[-1] and _NOT_MONEY_RE.match(text, m.end()):
                continue  # "under 10 days", "over 50s"
            values = [_money(a[1] or "0", a[2]) for a in amounts]
            if not (any(units) or budget_words) and (
                kind in ("range", "min") or any(v < 5 or 1900 <= v <= 2100 for v in values)
            ):
                continue
            currency = next((_CURRENCIES[u.lower()] for u in units if u), "USD")
            if kind == "range" and len(values) == 2:
                low, high = sorted(values)
                return Budget(min=low, max=high, currency=currency), [m.span()]
            if kind == "around":
                low, high = _cents(values[0] * Decimal("0.8")), _cents(values[0] * Decimal("1.2"))
                return Budget(min=low, max=high, currency=currency), [m.span()]
            if kind in ("max", "min") and kind not in bounds:
                bounds[kind] = (values[0], currency, m.span())
    if not bounds:
        return None, []
    low_bound, high_bound = bounds.get("min"), bounds.get("max")
    currency = (high_bound or low_bound or (Decimal(0), "USD", (0, 0)))[1]
    return (
        Budget(
            min=low_bound[0] if low_bound else None,
            max=high_bound[0] if high_bound else None,
            currency=currency,
        ),
        [b[2] for b in bounds.values()],
    )


T = TypeVar("T")


def at_ordinal(items: Sequence[T], ordinal: int | None) -> T | None:
    """The item of `items` at the place an ordinal names (2: the second, -1: the last), or None."""
    if ordinal is None:
        return None
    index = ordinal - 1 if ordinal > 0 else len(items) + ordinal
    return items[index] if 0 <= index < len(items) else None


def find_ordinal(text: str) -> tuple[int | None, list[Span]]:
    """Which item of a list the shopper means: "the second one" -> 2, "the last one" -> -1."""
    short = len(text.split()) <= 3
    for m in _ORDINAL_RE.finditer(text):
        the, word, noun, other = m.group(1), m.group(2), m.group(3), m.group(4)
        if other and other.lower() in _NOT_LIST_NOUNS:
            continue  # "the first time", "my last order"
        if the or (noun and not other) or (short and word.lower() not in ("final", "top")):
            return ORDINAL_WORDS[re.sub(r"[\s-]+", " ", word.lower())], [m.span()]
    option = _OPTION_NUMBER_RE.search(text)
    if option and 0 < int(option.group(1)) <= 20:
        return int(option.group(1)), [option.span()]
    return None, []


def find_quantity(text: str, is_product_word: Callable[[str], bool]) -> tuple[int | None, list[Span]]:
    """How many units: "2 pairs", "three bottles", "qty 3", "x2", "two of them", "2 serums"."""
    for m in _QUANTITY_RE.finditer(text):
        number = next((g for g in m.groups()[:4] if g), None)
        noun = m.group(5)
        if number is None or (
            noun and singular(noun.lower()) not in _QUANTITY_UNITS and not is_product_word(noun)
        ):
            continue
        value = int(number) if number.isdigit() else NUMBER_WORDS[re.sub(r"\s+", " ", number.lower())]
        if 0 < value <= 100:
            return value, [m.span()]
    return None, []


def _shoe_size_plausible(pattern: re.Pattern[str], groups: tuple[str | None, ...], value: str) -> bool:
    """Bare numbers count as sizes only in the usual shoe range ("in 2 days" is not a size)."""
    if pattern is _VERB_SIZE_RE or (pattern is _SIZE_RE and groups[6]):
        return 3 <= float(value) <= 16
    return True


def _sized(region: str, value: str) -> str:
    region = region.upper().replace("EUR", "EU")
    return _number(value) if region in ("", "US") else f"{region} {_number(value)}"


def _number(value: str) -> str:
    return value.removesuffix(".0")


def _money(whole: str, cents: str | None) -> Decimal:
    return Decimal(whole.replace(",", "") + (f".{cents}" if cents else ""))


def _cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1) if value == value.to_integral_value() else Decimal("0.01"))


def _overlaps(span: Span, spans: list[Span]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


def _ordered(found: list[tuple[int, str]]) -> list[str]:
    return list(dict.fromkeys(v for _, v in sorted(found)))
