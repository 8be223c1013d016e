"""BM25 over weighted catalog fields, with postings held as NumPy arrays so a query touches only
the products that contain its words, and a typo tolerance that maps unknown words to catalog words."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import fuzz, process

from shopcrew.catalog.text import tokens
from shopcrew.domain.catalog import Product
from shopcrew.orchestrator.lexicon import LEXICON_WORDS

# Field weights: a word in the title says more than one in the description.
FIELD_WEIGHTS = {
    "title": 3.0,
    "brand": 2.0,
    "category": 2.5,
    "tags": 1.5,
    "attributes": 1.0,
    "description": 0.6,
}
# Shorter words need an exact match; longer ones may be one (or, from 8 letters, two) edits away.
_FUZZY_MIN_LENGTH = 5
_FUZZY_MIN_SCORE = 80.0
# Shopping talk that says nothing about which product: sizes and prices are filters, not words to match.
QUERY_NOISE = frozenset(
    [
        "size",
        "sized",
        "no",
        "not",
        "please",
        "price",
        "priced",
        "dollar",
        "buck",
        "usd",
        "budget",
        "cost",
        "something",
        "anything",
        "thing",
        "stuff",
        "recommend",
        "suggest",
        "help",
        "pair",
        "item",
        "buy",
        "product",
        "shop",
        "store",
        "sell",
        "option",
        "choice",
        "cheap",
        "expensive",
        "money",
        "spend",
    ]
)
# "$40", "40 dollars", "under 100", "between 50 and 80": amounts are a price filter, not words to
# match ("100" would find "100% cotton", "$20" the "20% Vitamin C").
_AMOUNT = r"\$?\s*-?\d+(?:[.,]\d+)?(?!\s*%)"
_PRICE = re.compile(
    rf"\$\s*-?\d+(?:[.,]\d+)?|\b\d+(?:[.,]\d+)?\s*(?:dollars?|bucks?|usd)\b|\busd\s*\d+"
    rf"|\bbetween\s+{_AMOUNT}\s+and\s+{_AMOUNT}"
    rf"|\b(?:under|below|less than|cheaper than|over|above|more than|max|up to|within|around|budget of)\s+{_AMOUNT}",
    re.I,
)

Scores = NDArray[np.float32]


def attribute_text(attributes: Mapping[str, Any]) -> str:
    """Searchable words of a product's attributes: true flags by name, lists and short values."""
    words: list[str] = []
    for key, value in attributes.items():
        if isinstance(value, bool):
            if value:
                words.append(key.replace("_", " "))
        elif isinstance(value, list | tuple):
            words.extend(str(item) for item in value)
        elif isinstance(value, str) and len(value) < 60:
            words.append(f"{key.replace('_', ' ')} {value}")
    return " ".join(words)


def product_fields(product: Product) -> dict[str, str]:
    """The text of each searchable field of a product."""
    return {
        "title": product.title,
        "brand": product.brand or "",
        "category": product.category.replace("_", " "),
        "tags": " ".join(product.tags),
        "attributes": attribute_text(product.attributes),
        "description": product.description,
    }


@dataclass(frozen=True)
class QueryTerms:
    """The words a query is searched with: its own tokens, typos mapped to catalog words."""

    terms: tuple[str, ...]
    corrections: Mapping[str, str]  # shopper's word -> the catalog word it was read as


class LexicalIndex:
    """BM25 (k1, b) over field-weighted term counts; rows are positions 0..n-1 of the given products."""

    def __init__(self, products: Sequence[Product], *, k1: float = 1.2, b: float = 0.75) -> None:
        rows: dict[str, list[int]] = {}
        weights: dict[str, list[float]] = {}
        lengths = np.zeros(len(products), dtype=np.float32)
        for row, product in enumerate(products):
            weighted: dict[str, float] = {}
            for name, text in product_fields(product).items():
                for token in tokens(text):
                    weighted[token] = weighted.get(token, 0.0) + FIELD_WEIGHTS[name]
            lengths[row] = sum(weighted.values())
            for token, weight in weighted.items():
                rows.setdefault(token, []).append(row)
                weights.setdefault(token, []).append(weight)
        average = float(lengths.mean()) if len(products) else 1.0
        total = max(len(products), 1)
        self._size = len(products)
        self._postings: dict[str, tuple[NDArray[np.int32], Scores]] = {}
        # The term-frequency part of BM25 depends only on the document, so it is computed once here
        # and a query is a sum of idf * precomputed weight over a few posting arrays.
        for token, token_rows in rows.items():
            row_array = np.asarray(token_rows, dtype=np.int32)
            tf = np.asarray(weights[token], dtype=np.float32)
            norm = tf * (k1 + 1) / (tf + k1 * (1 - b + b * lengths[row_array] / average))
            idf = math.log(1 + (total - len(token_rows) + 0.5) / (len(token_rows) + 0.5))
            self._postings[token] = (row_array, (norm * idf).astype(np.float32))
        self._vocabulary = sorted(self._postings)
        self._corrections: dict[str, str | None] = {}

    def __len__(self) -> int:
        return self._size

    def has(self, term: str) -> bool:
        """True when some product contains the word."""
        return term in self._postings

    def terms_for(self, text: str) -> QueryTerms:
        """The query's tokens, each unknown word of 5+ letters replaced by the closest catalog word."""
        found: list[str] = []
        corrections: dict[str, str] = {}
        for token in tokens(_PRICE.sub(" ", text)):
            if token in QUERY_NOISE:
                continue
            if token in self._postings or len(token) < _FUZZY_MIN_LENGTH or token.isdigit():
                found.append(token)
                continue
            corrected = self._correct(token)
            if corrected is None:
                found.append(token)
            else:
                found.append(corrected)
                corrections[token] = corrected
        return QueryTerms(tuple(found), corrections)

    def _correct(self, token: str) -> str | None:
        if token not in self._corrections:
            # Cached per word: the vocabulary scan is the one costly step, and shoppers repeat typos.
            match = process.extractOne(
                token,
                self._vocabulary,
                scorer=fuzz.ratio,
                score_cutoff=_FUZZY_MIN_SCORE,
            )
            corrected = str(match[0]) if match else None
            if corrected is not None and token in LEXICON_WORDS and not _same_stem(token, corrected):
                # A word shoppers use, spelled right, is no typo of another: "candles" are not
                # "handles", "switch" is not "witch". "sweaters" still finds "sweater".
                corrected = None
            self._corrections[token] = corrected
        return self._corrections[token]

    def scores(self, terms: Iterable[str]) -> Scores:
        """BM25 score of every row for the terms (0 where no term occurs)."""
        total = np.zeros(self._size, dtype=np.float32)
        for term in set(terms):
            posting = self._postings.get(term)
            if posting is not None:
                # Rows within one posting are unique, so fancy-index addition is exact.
                total[posting[0]] += posting[1]
        return total

    def rows_with_any(self, terms: Iterable[str]) -> NDArray[np.int32]:
        """Rows that contain at least one of the terms."""
        arrays = [self._postings[t][0] for t in set(terms) if t in self._postings]
        if not arrays:
            return np.zeros(0, dtype=np.int32)
        return np.unique(np.concatenate(arrays)) if len(arrays) > 1 else arrays[0]


def _same_stem(word: str, other: str) -> bool:
    """Whether one word is the other plus an ending ("sweaters" / "sweater", "tighter" / "tight")."""
    shorter, longer = sorted((word, other), key=len)
    return longer.startswith(shorter)
