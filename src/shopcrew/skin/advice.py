"""Advice that is not a product choice: which actives go together, and when to see a dermatologist."""

from __future__ import annotations

import re
from dataclasses import dataclass

from shopcrew.skin.knowledge import knowledge_base
from shopcrew.skin.profile import SkinProfile
from shopcrew.skin.rules import Rule, packaged_rules, pair_conflicts

_PAIR = re.compile(r"\b(together|mix|layer|combine|same (routine|time|night)|with|alongside|and|plus)\b")

DERMATOLOGIST_NOTES = (
    (
        re.compile(
            r"\b(cystic|severe|painful|nodules?|scarring|bleed(s|ing)?|ooz(e|ing)|infect(ed|ion)?|pus)\b"
        ),
        "For severe, painful or cystic acne, or anything bleeding or infected, please see a dermatologist: "
        "prescription treatment works where cosmetics can't.",
    ),
    (
        re.compile(
            r"\b(sudden|spreading|rash|hives|swell(ing|en)|blister(s|ing)?|burn(s|ing|ed)?|eczema|psoriasis)\b"
        ),
        "A sudden rash, swelling, blisters or burning is a reaction to stop everything for and show a "
        "dermatologist or doctor, not something to treat with new products.",
    ),
    (
        re.compile(r"\b(mole|lump|won'?t heal|changing spot)\b"),
        "A mole or spot that changes, bleeds or won't heal needs a dermatologist's check soon.",
    ),
    (
        re.compile(r"\b(accutane|isotretinoin|prescription|prescribed|antibiotics?)\b"),
        "With prescription treatment, ask your dermatologist before adding actives.",
    ),
)


def dermatologist_notes(lowered: str, profile: SkinProfile) -> list[str]:
    """Dermatologist notes the message or profile calls for (severe acne, a rash, pregnancy with a retinoid)."""
    notes = [note for pattern, note in DERMATOLOGIST_NOTES if pattern.search(lowered)]
    if profile.pregnant_or_breastfeeding and profile.active_flags() & {"retinoid", "hydroquinone"}:
        notes.append(
            "You mentioned a retinoid or hydroquinone while pregnant or breastfeeding: these are advised against, "
            "so please stop and ask your doctor or dermatologist."
        )
    if "rosacea" in profile.concerns and "rosacea" in lowered:
        notes.append(
            "Rosacea is a medical condition: if flushing lasts, bumps appear or your eyes get irritated, "
            "a dermatologist can prescribe treatment."
        )
    return notes


def _named_actives(lowered: str) -> list[tuple[str, int]]:
    """The actives a message names (the word it uses and where), one per concept, in message order."""
    kb = knowledge_base()
    found: dict[str, tuple[str, int]] = {}
    # Longest words first, so "glycolic acid" is read before "acid" could be and blanks it out.
    for word in sorted(kb.concept_words(), key=len, reverse=True):
        concept = kb.concept(word)
        if concept is None or not concept.flags & _ACTIVE_FLAGS or concept.name in found:
            continue
        match = re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", lowered)
        if match:
            found[concept.name] = (word, match.start())
            lowered = lowered[: match.start()] + " " * len(word) + lowered[match.end() :]
    return sorted(found.values(), key=lambda item: item[1])


@dataclass(frozen=True)
class RoutineCheck:
    """A routine the shopper describes: its actives, when each is used, and which used together clash."""

    actives: tuple[tuple[str, str | None], ...]  # (the shopper's word, "morning" / "night" / None: unsaid)
    clashes: tuple[tuple[str, str, str], ...]  # (active, active, why) used at the same time
    apart: tuple[tuple[str, str], ...]  # pairs that would clash but are used at different times
    notes: tuple[str, ...]


_ASKING = re.compile(
    r"\?|\b(ok|okay|safe|fine|alright|too much|overkill|work|clash|conflict|can i|should i)\b"
)
_CLAUSE = re.compile(r"[,;.!?]|\band\b|\bplus\b|\bthen\b")
_MORNING = re.compile(r"\b(morning|mornings|am|a\.m\.|daytime|during the day)\b")
_NIGHT = re.compile(r"\b(night|nights|nightly|evening|evenings|pm|p\.m\.|bedtime|before bed)\b")


def routine_question(lowered: str) -> RoutineCheck | None:
    """ "Retinol at night, vitamin C in the morning and a glycolic toner: too much?".

    Three or more actives, or two with a time of day, in a message that asks: each active is placed
    at the time of day its clause names (none: any time), and every two used at the same time are
    checked against the conflict rules, as one pair is.
    """
    found = _named_actives(lowered)
    if len(found) < 2 or not _ASKING.search(lowered):
        return None
    if len(found) == 2 and not (_MORNING.search(lowered) or _NIGHT.search(lowered)):
        return None  # "can I use vitamin C with retinol (in my routine)?" is the pair question
    bounds = [0, *(m.end() for m in _CLAUSE.finditer(lowered)), len(lowered)]
    actives: list[tuple[str, str | None]] = []
    for word, start in found:
        clause_start = max(b for b in bounds if b <= start)
        clause_end = min(b for b in bounds if b > start)
        clause = lowered[clause_start:clause_end]
        time = "morning" if _MORNING.search(clause) else "night" if _NIGHT.search(clause) else None
        actives.append((word, time))
    return check_routine(actives)


def follow_up_active(lowered: str, pair: tuple[str, str]) -> RoutineCheck | None:
    """ "What about with niacinamide?" after a pair was checked: the three actives used together."""
    kb = knowledge_base()
    known = {concept.name for word in pair if (concept := kb.concept(word)) is not None}
    found = [
        word for word, _ in _named_actives(lowered) if (c := kb.concept(word)) is None or c.name not in known
    ]
    if len(found) != 1 or not _ASKING.search(lowered):
        return None
    return check_routine([(pair[0], None), (pair[1], None), (found[0], None)])


def check_routine(actives: list[tuple[str, str | None]]) -> RoutineCheck:
    """Every two actives used at the same time checked against the conflict rules."""
    clashes: list[tuple[str, str, str]] = []
    apart: list[tuple[str, str]] = []
    notes: list[str] = []
    for i, (first, first_time) in enumerate(actives):
        for second, second_time in actives[i + 1 :]:
            _, rules, note = pair_verdict((first, second))
            together = first_time is None or second_time is None or first_time == second_time
            if rules and together:
                clashes.append((first, second, rules[0].reason))
            elif rules:
                apart.append((first, second))
            elif note and together:
                notes.append(f"{first} with {second}: {note[:1].lower()}{note[1:]}")
    return RoutineCheck(tuple(actives), tuple(clashes), tuple(apart), tuple(notes))


_ACTIVE_FLAGS = frozenset({"retinoid", "aha", "bha", "pha", "bpo", "vitamin_c", "niacinamide", "azelaic"})
_VITAMIN_C_NIACINAMIDE = (
    "The old advice against combining them came from tests with pure ingredients at high heat; "
    "in skincare formulas they work well together."
)
PAIR_NOTES = {
    frozenset({"vitamin c", "niacinamide"}): _VITAMIN_C_NIACINAMIDE,
    frozenset(
        {"vitamin c", "retinoid"}
    ): "A common way to use both: vitamin C in the morning, the retinoid at night.",
}


def pair_question(lowered: str, profile: SkinProfile) -> tuple[str, str] | None:
    """ "Can I use vitamin C with retinol?": two actives (or one and the shopper's own) asked together."""
    if not _PAIR.search(lowered) or not re.search(r"\b(can|could|should|is it|ok|okay|safe)\b", lowered):
        return None
    kb = knowledge_base()
    named = [word for word, _ in _named_actives(lowered)]
    if len(named) == 1 and profile.actives and re.search(r"\bmy\b", lowered):
        mine = profile.actives[0]
        concept = kb.concept(mine)
        first = kb.concept(named[0])
        if concept is not None and first is not None and concept.name != first.name:
            named.append(mine)
    return (named[0], named[1]) if len(named) >= 2 else None


_ACTIVE_FLAGS = frozenset({"retinoid", "aha", "bha", "pha", "bpo", "vitamin_c", "niacinamide", "azelaic"})
PAIR_NOTES = {
    frozenset(
        {"vitamin c", "niacinamide"}
    ): "The old advice against combining them came from tests with pure "
    "ingredients at high heat; in skincare formulas they work well together.",
    frozenset(
        {"vitamin c", "retinoid"}
    ): "A common way to use both: vitamin C in the morning, the retinoid at night.",
}


def pair_verdict(pair: tuple[str, str]) -> tuple[tuple[str, str], list[Rule], str]:
    """The two actives' concept names, the conflict rules between them, and a note worth adding."""
    kb = knowledge_base()
    flags = []
    for word in pair:
        concept = kb.concept(word)
        found = set(concept.flags) if concept else set()
        if "vitamin_c" in found:
            found.add("vitamin_c_acid")
        flags.append(frozenset(found))
    rules = pair_conflicts(flags[0], flags[1], packaged_rules())
    names = (_concept_name(pair[0]), _concept_name(pair[1]))
    return names, rules, PAIR_NOTES.get(frozenset(names), "")


def _concept_name(word: str) -> str:
    concept = knowledge_base().concept(word)
    return concept.name if concept else word
