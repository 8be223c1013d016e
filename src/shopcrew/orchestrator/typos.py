"""Typo noise: misspelled copies of shopper messages, to measure how robust the classifier is.

Shoppers type fast on phones ("cancle", "wehre", "exhcange"). ``with_typos``
puts one typo (a dropped, doubled, swapped or neighbouring-key letter) in about
a third of a message's longer words, seeded by the text so it is repeatable.
The routing benchmark scores the held-back messages again after this noise.
Training on noisy copies was tried and left out: it cost about 0.5-0.9 points
on clean messages; spelling correction (``spelling.py``) recovers more of the
noisy ones without that cost.
"""

from __future__ import annotations

import hashlib
import random

# Share of a message's eligible words (4+ letters) that get one typo each; at least one.
TYPO_RATE = 0.35

_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _neighbours() -> dict[str, str]:
    found: dict[str, str] = {}
    for row in _KEYBOARD_ROWS:
        for column, letter in enumerate(row):
            found[letter] = row[max(0, column - 1) : column] + row[column + 1 : column + 2]
    return found


_NEIGHBOURS = _neighbours()


def misspell(word: str, rng: random.Random) -> str:
    """Return ``word`` with one typo: a letter dropped, doubled, swapped with the next, or a key off."""
    position = rng.randrange(1, len(word) - 1) if len(word) > 2 else 0
    kind = rng.randrange(4)
    if kind == 0:
        return word[:position] + word[position + 1 :]
    if kind == 1:
        return word[:position] + word[position] + word[position:]
    if kind == 2 and position + 1 < len(word):
        return word[:position] + word[position + 1] + word[position] + word[position + 2 :]
    letter = word[position]
    nearby = _NEIGHBOURS.get(letter.lower())
    return word[:position] + (rng.choice(nearby) if nearby else letter) + word[position + 1 :]


def with_typos(text: str, *, seed: str = "typo", rate: float = TYPO_RATE) -> str | None:
    """Return a misspelled copy of ``text``, or ``None`` when it has no word of 4+ letters."""
    rng = random.Random(hashlib.sha256(f"{seed}\n{text}".encode()).digest())
    words = text.split(" ")
    eligible = [i for i, word in enumerate(words) if len(word) >= 4 and word.isalpha()]
    if not eligible:
        return None
    for i in rng.sample(eligible, max(1, round(len(eligible) * rate))):
        words[i] = misspell(words[i], rng)
    noisy = " ".join(words)
    return noisy if noisy != text else None
