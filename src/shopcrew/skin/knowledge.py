"""The ingredient knowledge base: find what an INCI list holds, by ingredient and by flag."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

from shopcrew.skin.inci import normalise_name, parse_inci
from shopcrew.skin.kb_data import COMMON_NAME_ROWS, CONCEPT_ROWS, INGREDIENT_ROWS


@dataclass(frozen=True)
class Ingredient:
    """One knowledge-base entry: how INCI lists spell it, what it does, what to watch for."""

    key: str
    name: str
    fragments: tuple[str, ...]
    functions: str
    flags: frozenset[str]
    helps: frozenset[str]
    comedogenic: int | None = None


@dataclass(frozen=True)
class Found:
    """An ingredient of a product's list that the knowledge base knows, with its label position."""

    inci: str  # as the label spells it
    position: int  # 0-based, in label order
    ingredient: Ingredient


@dataclass(frozen=True)
class Concept:
    """A shopper's word for a group of ingredients ("fragrance", "nuts") and what it covers."""

    name: str
    words: tuple[str, ...]
    flags: frozenset[str]
    fragments: tuple[str, ...] = ()


@dataclass(frozen=True)
class Analysis:
    """What the knowledge base found in one ingredient list."""

    names: tuple[str, ...]
    found: tuple[Found, ...]
    complete: bool = True
    problem: str | None = None
    flags: frozenset[str] = field(default_factory=frozenset)

    def with_flag(self, flag: str) -> list[Found]:
        """The ingredients carrying a flag, in label order."""
        return [f for f in self.found if flag in f.ingredient.flags]

    def has(self, flag: str) -> bool:
        """True when any ingredient carries the flag."""
        return flag in self.flags


def _rows(table: str) -> Iterable[list[str]]:
    for line in table.strip().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            yield [cell.strip() for cell in line.split("|")]


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(";") if part.strip())


class KnowledgeBase:
    """Ingredients and concepts, with one compiled matcher over every INCI fragment."""

    def __init__(self, ingredients: Sequence[Ingredient], concepts: Sequence[Concept]) -> None:
        self.ingredients = {i.key: i for i in ingredients}
        self.concepts = tuple(concepts)
        self._by_word = {word: c for c in concepts for word in c.words}
        exact: dict[str, list[Ingredient]] = {}
        starts: dict[str, list[Ingredient]] = {}
        self._wild: list[tuple[re.Pattern[str], Ingredient]] = []
        for ingredient in ingredients:
            for fragment in ingredient.fragments:
                if fragment.startswith("="):
                    exact.setdefault(fragment[1:], []).append(ingredient)
                elif " * " in fragment:
                    self._wild.append((_wild_pattern(fragment), ingredient))
                else:
                    starts.setdefault(fragment, []).append(ingredient)
        self._exact = exact
        self._starts = starts
        # Lists repeat across a catalog's sizes and re-imports; analysing each text once is enough.
        self._analyses: dict[str, Analysis] = {}
        ordered = sorted(starts, key=len, reverse=True)
        self._start_re = re.compile(
            r"(?<![a-z0-9])(" + "|".join(re.escape(f) for f in ordered) + r")(?P<end>[a-z0-9]?)"
        )

    def match_name(self, inci: str) -> list[Ingredient]:
        """The entries one INCI name belongs to (usually one; "Parfum (Fragrance)" is one)."""
        name = normalise_name(inci)
        hits: dict[str, Ingredient] = {i.key: i for i in self._exact.get(name, [])}
        for match in self._start_re.finditer(name):
            fragment = match.group(1)
            if len(fragment) <= 4 and match.group("end"):
                continue  # a short fragment must be a whole word
            for ingredient in self._starts[fragment]:
                hits.setdefault(ingredient.key, ingredient)
        for pattern, ingredient in self._wild:
            if pattern.search(name):
                hits.setdefault(ingredient.key, ingredient)
        return list(hits.values())

    def analyse(self, inci_text: str | None) -> Analysis:
        """Parse an ingredient list and find every known ingredient in it."""
        key = inci_text or ""
        known = self._analyses.get(key)
        if known is None:
            if len(self._analyses) >= _MAX_CACHED:
                self._analyses.clear()
            known = self._analyses[key] = self._analyse(inci_text)
        return known

    def _analyse(self, inci_text: str | None) -> Analysis:
        parsed = parse_inci(inci_text)
        found: list[Found] = []
        for position, name in enumerate(parsed.names):
            for ingredient in self.match_name(name):
                found.append(Found(name, position, ingredient))
        flags = frozenset(flag for f in found for flag in f.ingredient.flags)
        return Analysis(parsed.names, tuple(found), parsed.complete, parsed.problem, flags)

    def concept(self, word: str) -> Concept | None:
        """The concept a shopper's word names ("perfume" -> fragrance), or None."""
        cleaned = re.sub(r"[\s-]+", " ", word.casefold()).strip()
        return self._by_word.get(cleaned) or self._by_word.get(cleaned.rstrip("s"))

    def concept_words(self) -> list[str]:
        """Every shopper word the knowledge base understands, longest first."""
        return sorted(self._by_word, key=len, reverse=True)

    def names_matching(self, inci_text: str | None, word: str) -> list[str]:
        """The INCI names in a list that a shopper's word covers (through concepts, else as a fragment)."""
        concept = self.concept(word)
        analysis = self.analyse(inci_text)
        if concept is not None and concept.flags:
            return list(dict.fromkeys(f.inci for f in analysis.found if concept.flags & f.ingredient.flags))
        fragments = concept.fragments if concept is not None else (normalise_name(word).rstrip("s"),)
        return names_with_fragments(analysis.names, fragments)

    def fragments_for(self, flags: Iterable[str]) -> tuple[str, ...]:
        """The INCI fragments of every entry carrying any of `flags` (for vocabularies and filters)."""
        wanted = set(flags)
        return tuple(
            dict.fromkeys(
                fragment
                for ingredient in self.ingredients.values()
                if ingredient.flags & wanted
                for fragment in ingredient.fragments
            )
        )


_MAX_CACHED = 100_000


def names_with_fragments(names: Iterable[str], fragments: Iterable[str]) -> list[str]:
    """The INCI names holding any fragment at a word start (fragments of four letters or fewer: whole words)."""
    wanted = [f.casefold() for f in fragments if f]
    found: list[str] = []
    for name in names:
        lowered = normalise_name(name)
        for fragment in wanted:
            end = r"(?![a-z0-9])" if len(fragment) <= 4 else ""
            if re.search(rf"(?<![a-z0-9]){re.escape(fragment)}{end}", lowered):
                found.append(name)
                break
    return found


def common_names(scope: str | None = None) -> dict[str, tuple[str, ...]]:
    """What shoppers and models call ingredients -> fragments of the INCI names they mean.

    `scope` "search" keeps the names product questions use; None gives every name (grounding).
    """
    table: dict[str, tuple[str, ...]] = {}
    for name, fragments, where in _rows(COMMON_NAME_ROWS):
        if scope is None or where == scope:
            table[name] = _split(fragments)
    return table


def _wild_pattern(fragment: str) -> re.Pattern[str]:
    parts = [re.escape(p.strip()) for p in fragment.split("*")]
    return re.compile(r"(?<![a-z0-9])" + r"\b.*\b".join(parts))


def _ingredients(table: str) -> list[Ingredient]:
    rows: list[Ingredient] = []
    for cells in _rows(table):
        key, name, fragments, functions, flags, helps = cells[:6]
        rating = cells[6] if len(cells) > 6 else ""
        rows.append(
            Ingredient(
                key=key,
                name=name,
                fragments=_split(fragments),
                functions=functions,
                flags=frozenset(_split(flags)),
                helps=frozenset(_split(helps)),
                comedogenic=int(rating) if rating else None,
            )
        )
    return rows


def _concepts(table: str) -> list[Concept]:
    concepts: list[Concept] = []
    for name, words, means in _rows(table):
        parts = _split(means)
        concepts.append(
            Concept(
                name=name,
                words=_split(words),
                flags=frozenset(p for p in parts if not p.startswith("frag:")),
                fragments=tuple(p.removeprefix("frag:") for p in parts if p.startswith("frag:")),
            )
        )
    return concepts


@cache
def knowledge_base() -> KnowledgeBase:
    """The packaged knowledge base (immutable data, built once on first use)."""
    return KnowledgeBase(_ingredients(INGREDIENT_ROWS), _concepts(CONCEPT_ROWS))


def flag_names(found: Sequence[Found]) -> Mapping[str, list[str]]:
    """Flag -> INCI names carrying it, for display."""
    out: dict[str, list[str]] = {}
    for item in found:
        for flag in item.ingredient.flags:
            out.setdefault(flag, []).append(item.inci)
    return out
