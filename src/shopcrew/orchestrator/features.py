"""Text normalisation and the sparse features the intent classifier reads.

Normalisation makes shopper messages that mean the same look the same: NFKC,
lowercase, elongated letters collapsed ("sooo" -> "soo"), apostrophes dropped
("what's" -> "whats"), and emails, money amounts, order numbers and other
numbers masked to tokens so "order 1042" and "order 1187" share every feature.

Features are plain strings in four blocks, each L2-normalised on its own:
character n-grams (2-5) of each word padded with spaces (word-boundary aware,
like scikit-learn's ``char_wb``), word unigrams plus bigrams, lexicon concepts
with every pair of them, and the few concepts strong enough to decide a message
alone (``STRONG_CONCEPTS``), kept apart so a long message's many other concepts
do not dilute them.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable

from shopcrew.orchestrator.lexicon import concepts_of

# Naming another company ("my asos order", "cancel my spotify") outweighs every shop word around it.
STRONG_CONCEPTS = frozenset({"rival"})

FeatureBlocks = tuple[list[str], list[str], list[str], list[str]]

MASK_TOKENS = ("<email>", "<url>", "<money>", "<order>", "<num>")

CHAR_NGRAM_RANGE = (2, 5)

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"(?:https?://|www\.)\S+")
_MONEY = re.compile(
    r"[$£€¥]\s?\d[\d,]*(?:\.\d+)?k?"
    r"|\d[\d,]*(?:\.\d+)?\s?(?:dollars?|bucks|quid|pounds|euros?|usd|gbp|eur|cad|aud)\b"
)
_ORDER = re.compile(r"#\s?\d+|\b\d{4,}\b")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_ELONGATED = re.compile(r"(\w)\1{2,}")
_APOSTROPHE = re.compile(r"['’`´]")
_REPEATED_PUNCT = re.compile(r"([?!.])\1+")
_TOKEN = re.compile(r"<(?:email|url|money|order|num)>|\w+|[?!]|[^\w\s<>.,;:'\"()\[\]{}*/\\|-]")


def normalize(text: str) -> str:
    """Return the canonical form of ``text`` that features are computed from."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = _EMAIL.sub(" <email> ", text)
    text = _URL.sub(" <url> ", text)
    text = _MONEY.sub(" <money> ", text)
    text = _ORDER.sub(" <order> ", text)
    text = _NUMBER.sub(" <num> ", text)
    text = _APOSTROPHE.sub("", text)
    text = _ELONGATED.sub(r"\1\1", text)
    text = _REPEATED_PUNCT.sub(r"\1", text)
    return text


def tokenize(normalized: str) -> list[str]:
    """Split normalised text into words, mask tokens, ``?``/``!`` and symbols such as emoji."""
    return _TOKEN.findall(normalized)


def names_another_company(text: str) -> bool:
    """Whether ``text`` names another shop, brand or service ("my zalando order", "walmart's")."""
    return "rival" in concepts_of(tokenize(normalize(text)))


def extract_features(text: str, correct: Callable[[str], str] | None = None) -> FeatureBlocks:
    """Return the (character, word, concept, strong concept) feature blocks of raw ``text``, with repeats.

    ``correct`` maps each word to its spelling correction before any feature is made.
    """
    tokens = feature_tokens(text, correct)
    chars = [gram for token in tokens for gram in char_ngrams(token)]
    return (chars, *word_level_features(tokens))


def feature_tokens(text: str, correct: Callable[[str], str] | None = None) -> list[str]:
    """The normalised, spelling-corrected words and symbols of raw ``text`` that features are made of."""
    tokens = tokenize(normalize(text))
    return tokens if correct is None else [correct(token) for token in tokens]


def char_ngrams(token: str) -> list[str]:
    """The character block's features of one token: 2- to 5-grams of the space-padded word.

    They depend on the token alone, so a scorer can keep them per word (``LinearTextModel``).
    """
    if token in MASK_TOKENS or (not token[0].isalnum() and len(token) == 1):
        return [token]
    low, high = CHAR_NGRAM_RANGE
    padded = f" {token} "
    size = len(padded)
    return [padded[i : i + n] for n in range(low, min(high, size) + 1) for i in range(size - n + 1)]


def word_level_features(tokens: list[str]) -> tuple[list[str], list[str], list[str]]:
    """The word, concept and strong-concept blocks of a message's tokens (``feature_tokens``)."""
    words = [token for token in tokens if token.isalnum() or token in MASK_TOKENS]
    word_features = [f"w {token}" for token in tokens]
    word_features.extend(f"b {a} {b}" for a, b in itertools.pairwise(words))
    concepts = sorted(concepts_of(words))
    concept_features = [f"k {c}" for c in concepts]
    concept_features.extend(f"kk {a} {b}" for i, a in enumerate(concepts) for b in concepts[i + 1 :])
    strong_features = [f"s {c}" for c in concepts if c in STRONG_CONCEPTS]
    return word_features, concept_features, strong_features
