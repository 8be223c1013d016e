"""The catalog gazetteer: finds products, brands, categories and colours named in a message.

Product matching is token based. Every catalog token gets an IDF weight (a word shared by many
products says little); category words, colours and numbers are "generic" and can never identify
a product alone. Message words are matched exactly, then fuzzily with rapidfuzz for typos. A
product is a candidate when a distinctive word of its name matched, or its brand plus a generic
word did and no other product fits that brand-and-word pair.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

from rapidfuzz import fuzz, process

from shopcrew.models.local.extraction import ProductMention
from shopcrew.models.local.lexicon import COMMON_WORDS, STOPWORDS, word_set
from shopcrew.models.local.text import Words, phrase_key, tokens
from shopcrew.models.local.vocabulary import brand_lexicon, category_lexicon, colour_lexicon

MIN_PRODUCT_SCORE: Final = 50.0
_GENERIC_FACTOR: Final = 0.35  # weight of a generic word relative to its IDF
_COMMON_FACTOR: Final = 0.6  # a product word that is also everyday English is weaker evidence
_SATURATION: Final = 1.1  # how fast evidence turns into confidence
_TIE_MARGIN: Final = 10.0  # matches this close to the best one are kept as alternatives
_BRAND_MARGIN: Final = 0.1  # evidence a brand-only match needs over the next product of its brand
_FUZZY_CACHE_SIZE: Final = 4096
_SIZE_TOKENS: Final = word_set("xxs xs s m l xl xxl xxxl 2xl 3xl men women unisex kid mens womens")

_NEAR: Final = 3  # words between a brand and the category word that goes with it
_NEAR_QUOTE: Final = 2  # generic words quoted with a mention sit this close to its naming words

_DISTINCT, _BRAND, _GENERIC = 0, 1, 2
_Hit = tuple[int, float, tuple[int, ...]]  # (kind, weighted similarity, message positions)


@dataclass(frozen=True)
class GazetteerEntry:
    """One catalog product as the gazetteer sees it."""

    product_id: int
    title: str
    brand: str | None
    category: str
    vertical: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class CatalogScan:
    """Everything the gazetteer recognised in one message."""

    products: tuple[ProductMention, ...]
    brands: tuple[str, ...]
    categories: tuple[str, ...]
    colours: tuple[str, ...]


@dataclass(frozen=True)
class _Posting:
    surface: int
    weight: float
    kind: int
    in_name: bool  # part of the name itself (counts toward coverage) or a bonus word (brand, category)


@dataclass
class _Tally:
    distinct: float
    evidence: float
    positions: set[int]  # every message word that counted
    key_positions: set[int]  # words that named the product or its brand


@dataclass(frozen=True)
class _Surface:
    entry: int
    name_weight: float
    brand_tokens: int


class Gazetteer:
    """Catalog vocabulary for the local engine; build one per catalog import, then share it."""

    def __init__(
        self,
        entries: Iterable[GazetteerEntry],
        *,
        colours: Iterable[str] = (),
        extra_brands: Iterable[str] = (),
        category_synonyms: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        self.entries: tuple[GazetteerEntry, ...] = tuple(entries)
        self._categories, family = category_lexicon(
            (e.category for e in self.entries), category_synonyms or {}
        )
        self._colours = colour_lexicon(colours)
        phrases = [*self._categories, *self._colours]
        self._max_phrase = max(len(key.split()) for key in phrases)
        # Words of any category or colour phrase: recognised exactly, and typo-corrected into.
        self._lexicon_words = {word for key in phrases for word in key.split()}
        # Words that can never identify a product: one-word categories, the head word of longer
        # ones ("boot" in "hiking boot"), family words and colours.
        self._heads = {key.split()[-1] for key in self._categories}
        self._generic_words = set(self._heads)
        self._generic_words |= {word for words in family.values() for word in words.split()}
        self._generic_words |= {word for key in self._colours for word in key.split()}
        self._phrase_starts = {key.split()[0] for key in phrases}
        self._brands, self._spoken_brands = brand_lexicon(
            [e.brand for e in self.entries if e.brand], extra_brands
        )
        self._build_index(family)
        self._fuzzy_cache: dict[tuple[str, bool], tuple[str, float] | None] = {}

    def _build_index(self, family: Mapping[str, str]) -> None:
        synonyms: dict[str, set[str]] = {}
        for key, label in self._categories.items():
            synonyms.setdefault(label, set()).update(key.split())
        surfaces: list[tuple[int, list[str], list[str]]] = []  # (entry, name words, bonus words)
        for index, entry in enumerate(self.entries):
            brand = [t for t in tokens(entry.brand or "") if t not in STOPWORDS]
            label = self._categories.get(phrase_key(entry.category), entry.category)
            bonus = [*brand, *sorted(synonyms.get(label, ())), *family.get(label, "").split()]
            for name in (entry.title, *entry.aliases):
                words = [t for t in dict.fromkeys(tokens(name)) if t not in STOPWORDS]
                name_words = [t for t in words if t not in brand] or words
                surfaces.append((index, name_words, [b for b in dict.fromkeys(bonus) if b not in name_words]))
        name_df: dict[str, set[int]] = {}
        all_df: dict[str, set[int]] = {}
        for owner, name_words, bonus in surfaces:
            for word in name_words:
                name_df.setdefault(word, set()).add(owner)
            for word in (*name_words, *bonus):
                all_df.setdefault(word, set()).add(owner)
        count = max(len(self.entries), 1)
        norm = math.log(1 + count)
        self._postings: dict[str, list[_Posting]] = {}
        self._surfaces: list[_Surface] = []
        for sid, (owner, name_words, bonus) in enumerate(surfaces):
            brand_words = {t for t in tokens(self.entries[owner].brand or "") if t not in STOPWORDS}
            name_weight = 0.0
            for word, in_name in [*((w, True) for w in name_words), *((w, False) for w in bonus)]:
                df = len((name_df if in_name else all_df)[word])
                weight = math.log(1 + count / df) / norm
                if word in brand_words:
                    kind = _BRAND
                elif not in_name or self._is_generic(word):
                    kind, weight = _GENERIC, weight * _GENERIC_FACTOR
                else:
                    kind = _DISTINCT
                    weight *= _COMMON_FACTOR if word in COMMON_WORDS else 1.0
                if in_name:
                    name_weight += weight
                self._postings.setdefault(word, []).append(_Posting(sid, weight, kind, in_name))
            self._surfaces.append(_Surface(owner, name_weight or 1.0, len(brand_words)))
        vocab = set(self._postings) | self._lexicon_words | set(self._brands)
        self._vocab_all = sorted(w for w in vocab if len(w) >= 4 and not w[0].isdigit())
        self._vocab_named = sorted(
            w
            for w in self._vocab_all
            if w in self._brands or any(p.kind != _GENERIC for p in self._postings.get(w, ()))
        )

    def _is_generic(self, word: str) -> bool:
        return word in self._generic_words or word in _SIZE_TOKENS or len(word) == 1 or word[0].isdigit()

    def is_product_noun(self, word: str) -> bool:
        """Whether `word` can name things a shopper buys: "serums", "boots", "gtx" (for "2 serums")."""
        key = phrase_key(word)
        return key in self._heads or any(p.in_name for p in self._postings.get(key, ()))

    def match_products(self, text: str, *, limit: int = 5) -> list[ProductMention]:
        """Catalog products `text` refers to, best first, with scores 0..100."""
        return list(self.scan(text, limit=limit).products)

    def scan(self, text: str, *, limit: int = 5) -> CatalogScan:
        """Products, brands, categories and colours named in `text`."""
        words = Words(text)
        best = self._match_words(words.keys)
        corrected = list(words.keys)
        for word, (_, positions) in best.items():
            for pos in positions:
                corrected[pos] = word
        categories, used = self._phrases(corrected, self._categories, set())
        colours, _ = self._phrases(corrected, self._colours, used)
        return CatalogScan(
            products=tuple(self._rank_products(words, best, limit)),
            brands=tuple(self._find_brands(text, best)),
            categories=tuple(categories),
            colours=tuple(colours),
        )

    def _match_words(self, keys: list[str]) -> dict[str, tuple[float, tuple[int, ...]]]:
        """Best similarity (0..1) and message positions for each catalog word the message hits."""
        best: dict[str, tuple[float, tuple[int, ...]]] = {}

        def hit(word: str, sim: float, positions: tuple[int, ...]) -> None:
            if word not in best or best[word][0] < sim:
                best[word] = (sim, positions)

        for i, key in enumerate(keys):
            if key in STOPWORDS:
                continue
            if i + 1 < len(keys) and key + keys[i + 1] in self._postings:  # "cloud soft" -> "cloudsoft"
                hit(key + keys[i + 1], 1.0, (i, i + 1))
            if key in self._postings or key in self._lexicon_words or key in self._brands:
                hit(key, 1.0, (i,))
            elif len(key) >= 4 and not key[0].isdigit():
                common = key in COMMON_WORDS
                if common and len(key) == 4:
                    continue  # "best" is not a typo of "Beste"
                # Everyday and four-letter words may only be typos of product names ("trial" ->
                # "trail"), never of generic words ("sell" is not "shell", "bought" not "boot").
                found = self._fuzzy(key, common or len(key) == 4)
                if found is not None:
                    hit(found[0], found[1], (i,))
        return best

    def _fuzzy(self, key: str, named_only: bool) -> tuple[str, float] | None:
        cache_key = (key, named_only)
        if cache_key in self._fuzzy_cache:
            return self._fuzzy_cache[cache_key]
        cutoff = 85.0 if len(key) == 4 else 80.0
        vocab = self._vocab_named if named_only else self._vocab_all
        found = process.extractOne(key, vocab, scorer=fuzz.ratio, score_cutoff=cutoff)
        result = None
        if found is not None and abs(len(found[0]) - len(key)) <= (1 if len(key) <= 5 else 2):
            result = (found[0], float(found[1]) / 100.0)
        if len(self._fuzzy_cache) >= _FUZZY_CACHE_SIZE:
            self._fuzzy_cache.clear()
        self._fuzzy_cache[cache_key] = result
        return result

    def _rank_products(
        self, words: Words, best: Mapping[str, tuple[float, tuple[int, ...]]], limit: int
    ) -> list[ProductMention]:
        hits: dict[int, list[_Hit]] = {}
        for word, (sim, positions) in best.items():
            for post in self._postings.get(word, ()):
                hits.setdefault(post.surface, []).append((post.kind, sim * post.weight, positions))
        by_entry: dict[int, tuple[float, _Tally]] = {}
        for sid, surface_hits in hits.items():
            surface = self._surfaces[sid]
            tally = _tally(surface, surface_hits)
            if tally is None:
                continue
            coverage = min(1.0, tally.evidence / surface.name_weight)
            score = 100.0 * (1.0 - math.exp(-_SATURATION * tally.evidence)) * (0.85 + 0.15 * coverage)
            if surface.entry not in by_entry or by_entry[surface.entry][0] < score:
                by_entry[surface.entry] = (score, tally)
        self._drop_ambiguous_brand_matches(by_entry)
        ranked = sorted(by_entry.items(), key=lambda item: (-item[1][0], item[0]))
        mentions: list[ProductMention] = []
        claimed: dict[int, float] = {}  # message word -> score of the best mention that used it
        for entry, (score, tally) in ranked:
            if score < MIN_PRODUCT_SCORE or len(mentions) >= limit:
                break
            # Words already explained by a clearly better match are no evidence for this one
            # ("strider daily trainer" is not also "Kindskin Daily Mineral Sunscreen").
            rivals = [claimed.get(pos, 0.0) for pos in tally.key_positions]
            if rivals and min(rivals) - score > _TIE_MARGIN:
                continue
            for pos in tally.positions:
                claimed[pos] = max(claimed.get(pos, 0.0), score)
            near = [p for p in tally.positions if any(abs(p - k) <= _NEAR_QUOTE for k in tally.key_positions)]
            first, last = min(near or tally.positions), max(near or tally.positions)
            mentions.append(
                ProductMention(
                    product_id=self.entries[entry].product_id,
                    name=self.entries[entry].title,
                    matched_text=words.quote(first, last),
                    score=round(score, 1),
                )
            )
        return mentions

    def _drop_ambiguous_brand_matches(self, by_entry: dict[int, tuple[float, _Tally]]) -> None:
        """Brand + category ("northpeak boots") names a product only when one product clearly fits."""
        by_brand: dict[str, list[tuple[float, int]]] = {}
        for entry, (_, tally) in by_entry.items():
            if tally.key_positions:
                by_brand.setdefault(self.entries[entry].brand or "", []).append((tally.evidence, entry))
        for group in by_brand.values():
            group.sort(reverse=True)
            for rank, (evidence, entry) in enumerate(group):
                if by_entry[entry][1].distinct > 0:
                    continue
                runner_up = group[1][0] if len(group) > 1 else 0.0
                if rank > 0 or evidence - runner_up < _BRAND_MARGIN:
                    del by_entry[entry]

    def _phrases(
        self, keys: list[str], lexicon: Mapping[str, str], used: set[int]
    ) -> tuple[list[str], set[int]]:
        """Longest-first phrase lookup; returns labels in message order and the positions used."""
        found: dict[str, None] = {}
        taken = set(used)
        i = 0
        while i < len(keys):
            if keys[i] not in self._phrase_starts:
                i += 1
                continue
            for n in range(min(self._max_phrase, len(keys) - i), 0, -1):
                span = range(i, i + n)
                label = lexicon.get(" ".join(keys[i : i + n]))
                if label is not None and not taken.intersection(span):
                    found[label] = None
                    taken.update(span)
                    i += n - 1
                    break
            i += 1
        return list(found), taken

    def _find_brands(self, text: str, best: Mapping[str, tuple[float, tuple[int, ...]]]) -> list[str]:
        found: dict[str, int] = {}
        for word in best:
            for label, words in self._brands.get(word, ()):
                if all(w in best for w in words):
                    found.setdefault(label, min(p for w in words for p in best[w][1]))
        for label, pattern in self._spoken_brands:
            match = pattern.search(text)
            if match:
                found.setdefault(label, -1)
        return sorted(found, key=lambda label: found[label])


def _tally(surface: _Surface, hits: list[_Hit]) -> _Tally | None:
    """Sum a product name's evidence; None when nothing in it can identify the product."""
    distinct = sum(gain for kind, gain, _ in hits if kind == _DISTINCT)
    if distinct == 0:
        brand = [pos for kind, _, positions in hits if kind == _BRAND for pos in positions]
        if not surface.brand_tokens or sum(kind == _BRAND for kind, _, _ in hits) < surface.brand_tokens:
            return None
        # Brand + category must be said together ("lumen serum"), not merely in one message.
        hits = [h for h in hits if h[0] != _GENERIC or any(abs(p - b) <= _NEAR for p in h[2] for b in brand)]
        if all(kind == _BRAND for kind, _, _ in hits):
            return None
    return _Tally(
        distinct=distinct,
        evidence=sum(gain for _, gain, _ in hits),
        positions={pos for _, _, positions in hits for pos in positions},
        key_positions={pos for kind, _, positions in hits if kind != _GENERIC for pos in positions},
    )
