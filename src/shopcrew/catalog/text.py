"""Tokenising catalog and shopper text the same way for lexical search."""

from __future__ import annotations

import re
import unicodedata

_TOKEN = re.compile(r"[a-z0-9]+(?:[.'][a-z0-9]+)*")
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "for",
        "to",
        "in",
        "on",
        "with",
        "do",
        "does",
        "you",
        "have",
        "has",
        "is",
        "are",
        "it",
        "its",
        "i",
        "im",
        "i'm",
        "me",
        "my",
        "we",
        "our",
        "your",
        "any",
        "some",
        "what",
        "which",
        "who",
        "how",
        "can",
        "could",
        "would",
        "should",
        "will",
        "this",
        "that",
        "these",
        "those",
        "there",
        "their",
        "them",
        "they",
        "be",
        "been",
        "am",
        "was",
        "were",
        "want",
        "need",
        "looking",
        "look",
        "find",
        "show",
        "get",
        "got",
        "please",
        "thanks",
        "thank",
        "hi",
        "hello",
        "hey",
        "just",
        "like",
        "good",
        "best",
        "really",
        "very",
        "much",
        "more",
        "most",
        "than",
        "then",
        "also",
        "too",
        "so",
        "if",
        "at",
        "by",
        "from",
        "as",
        "about",
        "into",
        "over",
        "under",
        "below",
        "less",
        "cheaper",
        "around",
        "between",
        "up",
        "down",
        "out",
        "one",
        "ones",
    ]
)


def normalise(text: str) -> str:
    """Lowercase, NFKC, and strip accents so "Crème" matches "creme"."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def stem(token: str) -> str:
    """A light English stemmer: plurals and a few suffixes, enough for catalog words."""
    for suffix, replacement in (("ies", "y"), ("sses", "ss"), ("shes", "sh"), ("ches", "ch"), ("oes", "o")):
        if token.endswith(suffix) and len(token) > len(suffix) + 2:
            return token[: -len(suffix)] + replacement
    if token.endswith("s") and not token.endswith(("ss", "us", "is")) and len(token) > 3:
        return token[:-1]
    return token


def tokens(text: str, *, keep_stopwords: bool = False) -> list[str]:
    """Stemmed tokens of a text, stopwords dropped unless asked to keep them."""
    # "what's" -> "what", "shopper's" -> "shopper": contractions and possessives add nothing to search.
    found = [t.split("'")[0] for t in _TOKEN.findall(normalise(text).replace("-", " ").replace("’", "'"))]
    return [stem(t) for t in found if keep_stopwords or t not in STOPWORDS]
