"""Identifiers in a shopper message: order numbers, emails, phones, names and ZIP codes.

Each finder returns what it found plus the character spans it used; the extractor blanks those
spans so later finders never read an email's digits as an order number or a phone as a price.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final, TypeVar

from shopcrew.models.local.lexicon import COMMON_WORDS, NOT_NAME_SUFFIXES, word_set

Span = tuple[int, int]
T = TypeVar("T")

_EMAIL_RE: Final = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])"
)
_PHONE_RE: Final = re.compile(
    r"(?<![\w+])(?:\+?1[\s.-]?)?\(?([2-9]\d{2})\)?[\s.-]?([2-9]\d{2})[\s.-]?(\d{4})(?![\w-])"
)
_ORDER_RE: Final = re.compile(
    r"\b(?:order|ord|purchase|confirmation)s?"
    r"(?:\s*(?:number|num|no\.?|nr\.?|id|is|was|reference|ref|code|[#:=-]))*\s*#?\s*(\d{4,6})(?![\d.,]\d|\w)",
    re.IGNORECASE,
)
_HASH_ORDER_RE: Final = re.compile(r"(?<![\w#&])#\s?(\d{4,6})(?![\d.,]\d|\w)")
# An imported τ²-bench store's ids ("#W2611340", "W2611340"); its orders are numbered by the digits.
_LETTER_ORDER_RE: Final = re.compile(r"(?<![\w&])#?\s?W(\d{7})(?![\d.,]\d|\w)")
_MORE_ORDERS_RE: Final = re.compile(
    r"\s*(?:,|and|&|or|/|plus)\s*#?\s*(\d{4,6})(?![\d.,]\d|\w)", re.IGNORECASE
)
_STREET = (
    r"(?:st|street|ave|avenue|rd|road|blvd|boulevard|ln|lane|dr|drive|way|ct|court|pl|place|"
    r"pkwy|parkway|hwy|highway|ter|terrace|cir|circle|sq|square)\b"
)
# A number with no "order" or "#" before it is an order number when it follows an order action or a
# preposition that points at one ("can u cancel 1042", "where's my refund for 1010", "what about
# 1043?") or opens a message about where an order is ("1042 hasn't arrived"). Amounts, units, times
# and street numbers ("to 1234 Main St") do not qualify, nor a number a money or ZIP word leads to.
_CONTEXT_ORDER_RE: Final = re.compile(
    r"(?:\b(?:cancel|return|refund|track|exchange|swap|replace|check|about|for|from|on|is|status of)\s+#?"
    r"|^\s*#?(?=\d{4,6}\s+(?:has|hasn'?t|is|isn'?t|was|wasn'?t|never|still|did|didn'?t|not|arrived|shipped|came)\b))"
    r"(\d{4,6})(?![\d.,:]\d|\w|\s*(?:dollars?|bucks|usd|%)|\s+(?!to\b|going\b|and\b|or\b)[\w.]+(?:\s+[\w.]+)?\s+"
    + _STREET
    + r")",
    re.IGNORECASE,
)
_NOT_ORDER_LEAD_RE: Final = re.compile(
    r"(?:\b(?:budget|spend|spending|price|cost|costs|paid|pay|under|over|around|zip|postcode|postal|phone|"
    r"year|since|size)\b|[$£€])\W*(?:\w+\W+){0,2}$",
    re.IGNORECASE,
)
_BARE_NUMBER_RE: Final = re.compile(
    r"^\s*(?:(?:it'?s|it is|sure|yes|yeah|ok(?:ay)?|number|no\.?)[\s,:]+)?#?\s*(\d{4,6}(?:-\d{4})?)\s*[.!]*\s*$",
    re.IGNORECASE,
)
_ZIP = r"(\d{5}(?:-\d{4})?)(?![\d-])"
_ZIP_RE: Final = re.compile(
    r"\b(?:zip|zipcode|zip code|postal code|postcode|post code|(?:ship|shipping|deliver|delivering|send)\s+(?:it\s+)?to)\b"
    r"(?:\s*(?:code|is|was|:|-|=|#))*\s*" + _ZIP,
    re.IGNORECASE,
)
_STATES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY "
    "NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY"
)
_STATE_ZIP_RE: Final = re.compile(r"\b(?:" + "|".join(_STATES.split()) + r")\s+" + _ZIP)
_NAME_WORD = r"[A-Za-z][A-Za-z'’-]*"
_NAME_ZIP_RE: Final = re.compile(
    rf"^\s*({_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}})\s*[,;/-]?\s*{_ZIP}\s*[.!]*\s*$"
)
_BARE_NAME_RE: Final = re.compile(rf"^\s*({_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})\s*[.!]*\s*$")
_NAME_INTRO_RE: Final = re.compile(
    r"(?P<explicit>\bmy\s+name(?:'s|’s|\s+is)|(?:^|[\n.!?,;]\s*)name\s*[:=-]|\bcall\s+me)\s*"
    r"|(?:^|[.!?,]\s*|\b(?:hi|hello|hey)[\s,!]+)(?:(?P<self>i'?m|i’m|i\s+am|this\s+is)|(?P<its>it'?s|it’s|it\s+is))\s+",
    re.IGNORECASE,
)
_WORD_RE: Final = re.compile(rf"\s*({_NAME_WORD})")
_NAME_END_RE: Final = re.compile(
    r"\s*(?:$|[,.;:!?)]|\band\b|\bfrom\b|\bhere\b|\bspeaking\b|\bwith\b|\border\b|#)", re.I
)
# Slots ("awaiting ...") under which a bare answer is read as a ZIP code or a name.
_ZIP_SLOTS: Final = frozenset({"zip_code", "identity"})
_ADDRESS_SLOTS: Final = frozenset({"zip_code", "new_address"})
_NAME_SLOTS: Final = frozenset({"person_name", "identity"})
_FUNCTION_WORDS: Final = word_set("a an the not and or but so is it my your this that to of in on")


def find_emails(text: str) -> tuple[list[str], list[Span]]:
    """Email addresses, lower-cased, in order of appearance."""
    found = [(m.group().lower(), m.span()) for m in _EMAIL_RE.finditer(text)]
    return _unique(v for v, _ in found), [s for _, s in found]


def find_phones(text: str) -> tuple[list[str], list[Span]]:
    """US phone numbers as E.164 strings ("(415) 555-0134" -> "+14155550134")."""
    found = [("+1" + "".join(m.groups()), m.span()) for m in _PHONE_RE.finditer(text)]
    return _unique(v for v, _ in found), [s for _, s in found]


def find_order_numbers(text: str, *, expecting: str | None = None) -> tuple[list[int], list[Span]]:
    """Order numbers: 4-6 digits after "#" or in an order context, or alone as the whole message."""
    numbers: list[tuple[int, str]] = []
    spans: list[Span] = []
    for match in _ORDER_RE.finditer(text):
        numbers.append((match.start(1), match.group(1)))
        spans.append(match.span())
        _add_more_orders(text, match.end(), numbers, spans)  # "orders 1042 and 1043"
    for pattern in (_HASH_ORDER_RE, _LETTER_ORDER_RE):
        for match in pattern.finditer(text):
            if not any(s <= match.start() < e for s, e in spans):
                numbers.append((match.start(1), match.group(1)))
                spans.append(match.span())
    zips = [m.span(1) for m in _zip_matches(text)]
    # An address being given holds house numbers and ZIP codes, not order numbers.
    context = () if expecting in _ADDRESS_SLOTS else _CONTEXT_ORDER_RE.finditer(text)
    for match in context:
        start = match.start(1)
        if any(s <= start < e for s, e in [*spans, *zips]) or _NOT_ORDER_LEAD_RE.search(text, 0, start):
            continue
        numbers.append((start, match.group(1)))
        spans.append(match.span(1))
        _add_more_orders(text, match.end(), numbers, spans)  # "cancel 1042 and 1043"
    bare = _BARE_NUMBER_RE.match(text)
    # A number on its own answers whatever was asked; it is a ZIP only when a ZIP was asked for.
    if (
        not numbers
        and bare
        and "-" not in bare.group(1)
        and not (expecting in _ZIP_SLOTS and len(bare.group(1)) == 5)
    ):
        numbers.append((bare.start(1), bare.group(1)))
        spans.append(bare.span(1))
    numbers.sort()
    return _unique(int(n) for _, n in numbers), spans


def _add_more_orders(text: str, end: int, numbers: list[tuple[int, str]], spans: list[Span]) -> None:
    """Add the order numbers listed right after one ending at `end` (", 1043 and 1044")."""
    while more := _MORE_ORDERS_RE.match(text, end):
        numbers.append((more.start(1), more.group(1)))
        spans.append(more.span())
        end = more.end()


def _zip_matches(text: str) -> list[re.Match[str]]:
    """ZIP codes said as such ("zip 94110", "ship to 94110", "CA 94110"); group 1 is the code."""
    return [m for pattern in (_ZIP_RE, _STATE_ZIP_RE) for m in pattern.finditer(text)]


def find_zip_codes(text: str, *, expecting: str | None = None) -> tuple[list[str], list[Span]]:
    """US ZIP codes said as such ("zip 94110", "CA 94110"), or alone when a ZIP was asked for."""
    found = [(m.group(1), m.span()) for m in _zip_matches(text)]
    if not found and expecting in _ZIP_SLOTS:
        bare = _BARE_NUMBER_RE.match(text)
        if bare and len(bare.group(1).split("-")[0]) == 5:
            found.append((bare.group(1), bare.span(1)))
    return _unique(v for v, _ in sorted(found, key=lambda f: f[1])), [s for _, s in found]


def find_names(text: str, *, expecting: str | None = None) -> tuple[list[str], list[str], list[Span]]:
    """The shopper's own name ("my name is Jane Doe", "this is jane doe", "Jane Doe, 94110").

    Returns names, ZIP codes given together with a name, and spans. Deliberately conservative:
    "I'm looking for boots" or "this is taking forever" never yields a name; a bare "Jane Doe"
    counts only when a name was asked for.
    """
    whole = _NAME_ZIP_RE.match(text)
    if whole:
        words = whole.group(1).split()
        if all(_plausible(w, explicit=False) for w in words):
            return [_display(words)], [whole.group(2)], [whole.span()]
    if expecting in _NAME_SLOTS:
        bare = _BARE_NAME_RE.match(text)
        if bare and all(_plausible(w, explicit=True) for w in bare.group(1).split()):
            return [_display(bare.group(1).split())], [], [bare.span()]
    names: list[str] = []
    spans: list[Span] = []
    for match in _NAME_INTRO_RE.finditer(text):
        explicit = match.group("explicit") is not None
        words, end = _words_after(text, match.end(), explicit=explicit)
        if not words or (not explicit and not _confident(words, text, end)):
            continue
        if match.group("its") and not (len(words) >= 2 and _NAME_END_RE.match(text, end)):
            continue  # "it's Lumen serum I ordered" is about a product, "it's Jane Doe here" is a name
        names.append(_display(words))
        spans.append((match.start(), end))
    return _unique(names), [], spans


def _words_after(text: str, pos: int, *, explicit: bool) -> tuple[list[str], int]:
    words: list[str] = []
    end = pos
    while len(words) < 3:
        match = _WORD_RE.match(text, end)
        if not match or not _plausible(match.group(1), explicit=explicit):
            break
        words.append(match.group(1))
        end = match.end()
    return words, end


def _plausible(word: str, *, explicit: bool) -> bool:
    lower = word.lower().replace("’", "'")
    if lower in _FUNCTION_WORDS or len(lower) < 2:
        return False
    if explicit and word[0].isupper():  # "my name is Will" - trust a capitalised answer
        return True
    return lower not in COMMON_WORDS and not lower.endswith(NOT_NAME_SUFFIXES)


def _confident(words: list[str], text: str, end: int) -> bool:
    """After "I'm"/"this is", accept capitalised words, or two lower-case words ending the clause."""
    if all(w[0].isupper() for w in words):
        return True
    return len(words) >= 2 and _NAME_END_RE.match(text, end) is not None


def _display(words: list[str]) -> str:
    def fix(word: str) -> str:
        if word.islower() or word.isupper():
            return re.sub(r"(^|['’-])([a-z])", lambda m: m.group(1) + m.group(2).upper(), word.lower())
        return word

    return " ".join(fix(w) for w in words)


def _unique(values: Iterable[T]) -> list[T]:
    return list(dict.fromkeys(values))
