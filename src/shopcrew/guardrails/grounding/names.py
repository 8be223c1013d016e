"""Product names in free text: "the Trail Runner GTX" is the Men's or Women's Trail Runner GTX.

Every catalog title (inactive products included) is indexed three ways: the full title, the title
without its gender word ("Trail Runner GTX"), and its leading words ("Trail Runner", a product
line). A mention must be written as a name (its words capitalised, as models write product names),
so prose like "a gentle body wash" is not taken for the product "Gentle Body Wash".
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from shopcrew.domain.catalog import Product

_WORD = re.compile(r"[A-Za-z0-9]+(?:[.'’][A-Za-z0-9]+)*")
_GENDER_WORDS = frozenset({"mens", "womens", "men", "women", "kids", "girls", "boys", "unisex"})
# Words a name may hold in lower case ("Rose & Shea Body Butter", "Hydrating Toner with Ceramides").
_CONNECTORS = frozenset({"and", "with", "of", "the", "to", "in", "for", "a", "on", "de"})
# One to four capitalised words (or model numbers) after a brand: what a product name looks like.
_CAPITALISED_RUN = re.compile(r"(?:[A-Z][\w'’-]*|\d[\w.%-]*)(?:[ \t]+(?:[A-Z][\w'’-]*|\d[\w.%-]*)){0,3}")
# A line prefix naming more products than this is a category, not a product line.
MAX_LINE_PRODUCTS = 8


@dataclass(frozen=True)
class Word:
    """A word of a text: its normalised key, where it is, and whether it is written as a name."""

    key: str
    start: int
    end: int
    capitalised: bool
    neutral: bool  # digits or a connector: says nothing about whether the phrase is a name


@dataclass(frozen=True)
class Mention:
    """Where a text names a product (or a product line: several ids)."""

    start: int
    end: int
    product_ids: frozenset[int]
    text: str
    exact: bool  # the whole title or the title without its gender word


def words(text: str) -> list[Word]:
    """The words of a text with normalised keys ("Men's" -> "mens", "Road-to-Trail" -> three words)."""
    found: list[Word] = []
    for match in _WORD.finditer(text):
        raw = match.group()
        key = raw.casefold().replace("'", "").replace("’", "")
        neutral = raw[0].isdigit() or key in _CONNECTORS
        # "pH" in "Low-pH" counts as written as a name: any capital letter does.
        found.append(Word(key, match.start(), match.end(), any(c.isupper() for c in raw), neutral))
    return found


def _keys(title: str) -> tuple[str, ...]:
    return tuple(w.key for w in words(title))


class ProductNames:
    """Finds catalog product names in text."""

    def __init__(self, products: Iterable[Product]) -> None:
        products = list(products)
        brands = sorted({p.brand for p in products if p.brand}, key=len, reverse=True)
        self._brand_re = (
            re.compile(r"\b(?:" + "|".join(re.escape(b) for b in brands) + r")(?:['’]s)?[ \t]+(?=[A-Z0-9])")
            if brands
            else None
        )
        phrases: dict[tuple[str, ...], set[int]] = defaultdict(set)
        exact: set[tuple[str, ...]] = set()
        lines: dict[tuple[str, ...], set[int]] = defaultdict(set)
        for product in products:
            full = _keys(product.title)
            if not full:
                continue
            core = full[1:] if full[0] in _GENDER_WORDS and len(full) > 2 else full
            for phrase in {full, core}:
                if len(phrase) >= 2 or phrase == full:
                    phrases[phrase].add(product.id)
                    exact.add(phrase)
            for size in range(2, len(core)):
                lines[core[:size]].add(product.id)
        for phrase, ids in lines.items():
            if phrase not in exact and len(ids) <= MAX_LINE_PRODUCTS:
                phrases[phrase] |= ids
        self._phrases = {p: frozenset(ids) for p, ids in phrases.items()}
        self._exact = frozenset(exact)
        self._by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for phrase in self._phrases:
            self._by_first[phrase[0]].append(phrase)
        for candidates in self._by_first.values():
            candidates.sort(key=len, reverse=True)

    def find(self, text: str, *, skip: Sequence[tuple[int, int]] = ()) -> list[Mention]:
        """Product mentions in `text`, longest first at each position; spans in `skip` are ignored."""
        found = [w for w in words(text) if not any(a <= w.start < b for a, b in skip)]
        mentions: list[Mention] = []
        index = 0
        while index < len(found):
            mention = self._match_at(text, found, index)
            if mention is None:
                index += 1
                continue
            mentions.append(mention[0])
            index += mention[1]
        return mentions

    def unknown_after_brand(self, text: str, mentions: Sequence[Mention]) -> list[Mention]:
        """Names written after a catalog brand that no catalog product has ("Northpeak Cloud Racer")."""
        if self._brand_re is None:
            return []
        found: list[Mention] = []
        for match in self._brand_re.finditer(text):
            after = match.end()
            if any(m.start <= match.start() < m.end or m.start == after for m in mentions):
                continue
            name = _CAPITALISED_RUN.match(text, after)
            if name is None or not any(c.isalpha() for c in name.group()):
                continue
            found.append(
                Mention(match.start(), name.end(), frozenset(), text[match.start() : name.end()], True)
            )
        return found

    def _match_at(self, text: str, found: list[Word], index: int) -> tuple[Mention, int] | None:
        for phrase in self._by_first.get(found[index].key, ()):
            size = len(phrase)
            span = found[index : index + size]
            if len(span) < size or tuple(w.key for w in span) != phrase:
                continue
            if not _written_as_name(text, span):
                continue
            start, end = span[0].start, span[-1].end
            ids = self._phrases[phrase]
            return Mention(start, end, ids, text[start:end], phrase in self._exact), size
        return None


def _written_as_name(text: str, span: Sequence[Word]) -> bool:
    """True when every word of the span that can be capitalised is, outside a sentence's first word."""
    judged = 0
    for position, word in enumerate(span):
        if word.neutral:
            continue
        if position == 0 and _starts_sentence(text, word.start):
            continue
        if not word.capitalised:
            return False
        judged += 1
    return judged > 0 or any(w.key[0].isdigit() for w in span)


def _starts_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\"'(*")
    return not before or before[-1] in ".!?:\n-|•"
