"""Spelling correction against the training vocabulary: "cancle" -> "cancel", "exhcange" -> "exchange".

A word the training messages never use twice shares few n-grams with what the
model learned when it is a fresh misspelling. This maps such a word to a
familiar word one edit away (a letter dropped, added, changed, or two letters
swapped), the most common one when several qualify, using a symmetric-delete
index so a lookup costs a handful of dict probes. Short words (under 4 letters)
are left alone, and so is the first letter of words under 6 letters, which
keeps "cook" from becoming "look". Known words (common English, the lexicon)
are never corrected, and the targets exclude words that would flip a message's
meaning on their own, such as other companies' names ("also" is not "asos").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

MIN_LENGTH = 4
# Below this length a correction must keep the first letter.
FREE_FIRST_LETTER_LENGTH = 6


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class SpellingCorrector:
    """Corrects words to the closest familiar word; build it once per model."""

    def __init__(
        self,
        word_counts: Mapping[str, int],
        *,
        targets: Iterable[str] = (),
        known: Iterable[str] = (),
        excluded: Iterable[str] = (),
    ) -> None:
        """Correct towards ``word_counts`` (word -> how common) and ``targets``, minus ``excluded``.

        Words in ``word_counts``, ``known`` or ``excluded`` are never corrected themselves.
        """
        banned = frozenset(excluded)
        counts = {w: n for w, n in word_counts.items() if w.isalpha() and w not in banned}
        for word in targets:
            if word.isalpha() and word not in banned:
                counts.setdefault(word, 1)
        index: dict[str, list[str]] = {}
        for word in counts:
            if len(word) >= MIN_LENGTH:
                for deleted in _deletes(word):
                    index.setdefault(deleted, []).append(word)
        self._counts: Mapping[str, int] = MappingProxyType(counts)
        self._known = frozenset(word_counts) | frozenset(known) | banned
        self._index = {key: tuple(words) for key, words in index.items()}

    def correct(self, word: str) -> str:
        """Return the familiar word ``word`` most likely misspells, or ``word`` itself."""
        if len(word) < MIN_LENGTH or word in self._known or word in self._counts or not word.isalpha():
            return word
        candidates = set(self._index.get(word, ()))  # one letter too many
        for deleted in _deletes(word):
            if deleted in self._counts and len(deleted) >= MIN_LENGTH:
                candidates.add(deleted)  # one letter missing
            candidates.update(self._index.get(deleted, ()))  # one letter changed, or two swapped
        if len(word) < FREE_FIRST_LETTER_LENGTH:
            candidates = {c for c in candidates if c[0] == word[0]}
        if not candidates:
            return word
        return max(candidates, key=lambda c: (self._counts[c], c))
