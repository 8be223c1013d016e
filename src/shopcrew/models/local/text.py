"""Text normalisation shared by the gazetteer and the extractors: folding, tokens, singulars."""

from __future__ import annotations

import re
import unicodedata
from typing import Final, NamedTuple

from shopcrew.models.local.lexicon import word_set

_WORD_RE: Final = re.compile(r"[0-9]+(?:\.[0-9]+)?(?![a-z0-9])|[a-z0-9]+(?:['’`][a-z0-9]+)*")
_APOSTROPHE_RE: Final = re.compile(r"['’`]")
# Words whose plural form is the everyday name of the thing ("jeans", not "jean").
_INVARIANT: Final[frozenset[str]] = word_set(
    """jeans pants shorts leggings tights trousers chinos glasses sunglasses overalls joggers
    heels sweatpants scissors clothes series species news lens always perhaps yes this his its
    us plus bus gas vs kids mens womens"""
)


class Word(NamedTuple):
    """One word of a message: its lookup form, and where it sits in `Words.source`."""

    key: str
    start: int
    end: int


class Words:
    """The words of a message, with spans so matches can quote the shopper's own text."""

    __slots__ = ("items", "keys", "source")

    def __init__(self, text: str) -> None:
        folded = fold(text)
        # Folding keeps offsets for nearly all text; when it does not, quote the folded form.
        self.source = text if len(folded) == len(text) else folded
        self.items = [
            Word(singular(_APOSTROPHE_RE.sub("", m.group())), m.start(), m.end())
            for m in _WORD_RE.finditer(folded)
        ]
        self.keys = [w.key for w in self.items]

    def quote(self, first: int, last: int) -> str:
        """The original text from word `first` to word `last` inclusive."""
        return self.source[self.items[first].start : self.items[last].end]


def fold(text: str) -> str:
    """Lower-case `text` and strip accents ("Crème" -> "creme"), keeping its length where possible."""
    text = text.lower()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text


def singular(token: str) -> str:
    """A light English singular: "serums" -> "serum", "dresses" -> "dress", "berries" -> "berry"."""
    if len(token) <= 3 or token in _INVARIANT or not token.endswith("s") or token[0].isdigit():
        return token
    if token.endswith("ies") and len(token) > 4:
        return token[:-3] + "y"
    if token.endswith(("sses", "ches", "shes", "xes", "zzes")):
        return token[:-2]
    if token.endswith(("ss", "us", "is", "os")):
        return token
    return token[:-1]


def tokens(text: str) -> list[str]:
    """Folded, singularised word tokens of `text`; decimals like "10.5" stay one token."""
    return Words(text).keys


def phrase_key(text: str) -> str:
    """The lookup key of a phrase: its tokens joined by single spaces ("Off-White" -> "off white")."""
    return " ".join(tokens(text))
