"""The shopper's skin profile, and reading it from what they say (deterministic, no model needed)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from shopcrew.skin.knowledge import KnowledgeBase

SKIN_TYPES = ("dry", "oily", "combination", "normal", "sensitive")
CONCERNS = ("acne", "rosacea", "hyperpigmentation", "dehydration", "ageing", "redness", "dullness", "pores")
# Shopper words -> the active's flag in the knowledge base, for the routine they are on.
ACTIVE_WORDS = {
    "retinol": "retinoid", "retinal": "retinoid", "retinoid": "retinoid", "retinoids": "retinoid",
    "tretinoin": "retinoid", "retin-a": "retinoid", "adapalene": "retinoid", "differin": "retinoid",
    "tazarotene": "retinoid", "accutane": "retinoid", "isotretinoin": "retinoid",
    "benzoyl peroxide": "bpo", "bpo": "bpo",
    "glycolic acid": "aha", "glycolic": "aha", "lactic acid": "aha", "aha": "aha", "ahas": "aha",
    "mandelic acid": "aha", "salicylic acid": "bha", "salicylic": "bha", "bha": "bha",
    "vitamin c": "vitamin_c_acid", "ascorbic acid": "vitamin_c_acid", "niacinamide": "niacinamide",
    "azelaic acid": "azelaic", "hydroquinone": "hydroquinone",
}  # fmt: skip
_CONCERN_PATTERNS = {
    "acne": r"\b(acne|acne[- ]prone|breakouts?|breaking out|break(s)? me out|pimples?|blemish(es)?|zits?|spots)\b",
    "rosacea": r"\brosacea\b",
    "redness": r"\b(redness|red patches|flushing|flush(es)? easily|gets? red)\b",
    "hyperpigmentation": r"\b(hyperpigmentation|dark spots?|pigmentation|melasma|sun spots?|acne marks|uneven (skin )?tone)\b",
    "dehydration": r"\b(dehydrat(ed|ion)|tight(ness)?)\b",
    "ageing": r"\b(ageing|aging|anti-?ag(e)?ing|wrinkles?|fine lines|firmness|sagging)\b",
    "dullness": r"\b(dull(ness)?|lacks? glow|radiance)\b",
    "pores": r"\b(large pores|enlarged pores|pores|blackheads?)\b",
}
_TYPE_WORD = r"(dry|oily|combination|combo|normal|sensitive)"
# "sensitive skin", "my skin is oily", "skin type: dry", "oily, acne-prone skin", "I'm oily".
_TYPE_ANY = re.compile(rf"\b(?:(?:very|super|quite|really|extremely) )?{_TYPE_WORD}\b")
_NEGATED_TYPE = re.compile(rf"\b(?:not|isn'?t|never|no longer)\s+(?:very |that )?{_TYPE_WORD}\b")
_PREGNANT = re.compile(
    r"\b(pregnant|pregnancy|expecting( a baby)?|breast-?feeding|nursing|trying to conceive|ttc)\b"
)
_NOT_PREGNANT = re.compile(
    r"\b(not|no longer|never|n't)\s+(?:\w+\s+){0,2}(pregnant|expecting|breast-?feeding|nursing)\b|\bno pregnancy\b"
)
_ACTIVE_CONTEXT = re.compile(r"\b(on|using|use|started|taking|prescribed|applying|my|apply)\b")
_ACTIVE_QUESTION = re.compile(
    r"\b(can|could|should|may|do) (i|you) (use|mix|layer|combine|apply|pair)\b|\bis it ok\b"
)
_ACTIVE_STOPPED = re.compile(r"\b(stopped|quit|no longer|not using|not on|off)\s+(?:\w+\s+){0,2}$")
_ALLERGY = re.compile(
    r"\b(?:allergic to|allergy to|allergies to|react(?:s|ion)? to|sensitive to|intolerant to|can'?t (?:use|tolerate)|"
    r"irritated by|breaks? out from)\s+([a-z][a-z ,\-]{1,60}?)(?=[.;!?]|\bbut\b|$)"
    r"|(?<!['\w])([a-z]+(?: [a-z]+)?) allerg(?:y|ies)\b"
)


@dataclass(frozen=True)
class SkinProfile:
    """Type, concerns, sensitivities (allergies), pregnancy or breastfeeding, and actives in use."""

    type: str | None = None
    sensitive: bool = False
    concerns: tuple[str, ...] = ()
    sensitivities: tuple[str, ...] = ()
    pregnant_or_breastfeeding: bool | None = None
    actives: tuple[str, ...] = ()  # shopper words: "retinol", "benzoyl peroxide"

    @classmethod
    def from_state(cls, data: Mapping[str, Any]) -> SkinProfile:
        """The profile kept in ConversationState.skin_profile (unknown keys ignored)."""
        kind = data.get("type")
        return cls(
            type=str(kind) if kind in SKIN_TYPES else None,
            sensitive=bool(data.get("sensitive")) or kind == "sensitive",
            concerns=tuple(str(c) for c in data.get("concerns") or () if c in CONCERNS),
            sensitivities=tuple(str(s) for s in data.get("sensitivities") or ()),
            pregnant_or_breastfeeding=data.get("pregnant_or_breastfeeding"),
            actives=tuple(str(a) for a in data.get("actives") or ()),
        )

    def to_state(self) -> dict[str, Any]:
        """The JSON form kept in the conversation state and the customer profile."""
        return {
            "type": self.type,
            "sensitive": self.sensitive,
            "concerns": list(self.concerns),
            "sensitivities": list(self.sensitivities),
            "pregnant_or_breastfeeding": self.pregnant_or_breastfeeding,
            "actives": list(self.actives),
        }

    @property
    def known_type(self) -> bool:
        """True once the shopper has said what their skin is like."""
        return self.type is not None or self.sensitive

    def active_flags(self) -> frozenset[str]:
        """Knowledge-base flags of the actives in the shopper's routine."""
        return frozenset(ACTIVE_WORDS[a] for a in self.actives if a in ACTIVE_WORDS)

    def rule_subjects(self) -> dict[str, str]:
        """Rule subject -> how to name it to the shopper ("rosacea", "your retinol")."""
        subjects: dict[str, str] = {}
        if self.sensitive:
            subjects["sensitive"] = "sensitive skin"
        if self.type and self.type != "sensitive":
            subjects[self.type] = f"{self.type} skin"
        for concern in self.concerns:
            subjects[concern] = concern
        if self.pregnant_or_breastfeeding:
            subjects["pregnant"] = "pregnancy or breastfeeding"
        for active in self.actives:
            flag = ACTIVE_WORDS.get(active)
            if flag:
                subjects.setdefault(f"active:{flag}", f"your {active}")
                if flag == "vitamin_c_acid":
                    subjects.setdefault("active:vitamin_c", f"your {active}")
        return subjects

    def describe(self) -> list[str]:
        """The profile in the shopper's words, for the reply."""
        parts = []
        if self.type and self.type != "sensitive":
            parts.append(f"{'sensitive, ' if self.sensitive else ''}{self.type} skin")
        elif self.sensitive:
            parts.append("sensitive skin")
        parts += list(self.concerns)
        if self.actives:
            parts.append("using " + " and ".join(self.actives))
        if self.pregnant_or_breastfeeding:
            parts.append("pregnancy or breastfeeding")
        if self.sensitivities:
            parts.append("reacts to " + " and ".join(self.sensitivities))
        return parts


@dataclass(frozen=True)
class ProfileUpdate:
    """What one message said about the shopper's skin, and what contradicts itself."""

    profile: SkinProfile
    said: tuple[str, ...] = ()  # which fields the message gave
    contradiction: str | None = None
    unsure_type: bool = False  # "I don't know my skin type"
    extra: dict[str, Any] = field(default_factory=dict)


def read_profile(
    text: str, before: SkinProfile, kb: KnowledgeBase, *, answering: bool = False
) -> ProfileUpdate:
    """Merge what `text` says about the shopper's skin into `before`.

    `answering` is True when the message answers the skin question, so bare words ("oily, acne")
    count as the type without the word "skin".
    """
    lowered = text.casefold().replace("’", "'")
    said: list[str] = []
    profile = before
    types = _types(lowered, answering)
    contradiction = None
    if "sensitive" in types:
        profile = replace(profile, sensitive=True)
        said.append("sensitive")
    base = [t for t in types if t != "sensitive"]
    if {"oily", "dry"} <= set(base) and "combination" not in base:
        contradiction = "oily and dry"
    elif base:
        profile = replace(profile, type=base[-1])
        said.append("type")
    elif "sensitive" in types and profile.type is None:
        profile = replace(profile, type="sensitive")
    concerns = [c for c, pattern in _CONCERN_PATTERNS.items() if re.search(pattern, lowered)]
    if concerns:
        profile = replace(profile, concerns=tuple(dict.fromkeys([*profile.concerns, *concerns])))
        said.append("concerns")
    negated = _NOT_PREGNANT.search(lowered)
    affirmed = _PREGNANT.search(_NOT_PREGNANT.sub(" ", lowered))
    if negated and affirmed:
        contradiction = contradiction or "pregnant and not pregnant"
    elif negated:
        profile = replace(profile, pregnant_or_breastfeeding=False)
        said.append("pregnancy")
    elif affirmed:
        profile = replace(profile, pregnant_or_breastfeeding=True)
        said.append("pregnancy")
    added, stopped = _actives(lowered, answering)
    if added or stopped:
        kept = [a for a in profile.actives if a not in stopped]
        profile = replace(profile, actives=tuple(dict.fromkeys([*kept, *added])))
        said.append("actives")
    allergies = _allergies(lowered, kb)
    if allergies:
        profile = replace(profile, sensitivities=tuple(dict.fromkeys([*profile.sensitivities, *allergies])))
        said.append("sensitivities")
    unsure = bool(
        re.search(
            r"\b(don'?t|do not|not sure|no idea)\b.{0,20}\b(know|sure|idea)?\b.{0,15}\b(type|skin)\b", lowered
        )
    )
    return ProfileUpdate(profile, tuple(said), contradiction, unsure)


def _types(lowered: str, answering: bool) -> list[str]:
    """Type words in clauses about the skin ("my skin is oily and very dry"), not negated ones."""
    found: list[str] = []
    for clause in re.split(r"[.!?;]|\bbut\b(?! (?:very|also|super|quite))", lowered):
        about_skin = re.search(r"\bskin\b|\bi'?m\b|\bi am\b", clause)
        if not (about_skin or (answering and len(lowered.split()) <= 12)):
            continue
        negated = {m.group(1) for m in _NEGATED_TYPE.finditer(clause)}
        for match in _TYPE_ANY.finditer(clause):
            word = match.group(1)
            after = clause[match.end() : match.end() + 4]
            if word in negated or after.startswith(" to"):
                continue  # "not oily", "sensitive to fragrance"
            found.append(word)
    return list(dict.fromkeys("combination" if t == "combo" else t for t in found))


def _actives(lowered: str, answering: bool) -> tuple[list[str], list[str]]:
    added: list[str] = []
    stopped: list[str] = []
    for word in sorted(ACTIVE_WORDS, key=len, reverse=True):
        for match in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", lowered):
            before = lowered[max(0, match.start() - 40) : match.start()]
            if any(word in a and a != word for a in added):
                continue  # "salicylic acid" already counted, not "salicylic" again
            if _ACTIVE_STOPPED.search(before):
                stopped.append(word)
            elif _ACTIVE_QUESTION.search(before):
                continue  # "can I use vitamin C with retinol?" asks, it doesn't say what they use
            elif _ACTIVE_CONTEXT.search(before[-25:]) or answering:
                added.append(word)
    return list(dict.fromkeys(added)), stopped


def _allergies(lowered: str, kb: KnowledgeBase) -> list[str]:
    found: list[str] = []
    for match in _ALLERGY.finditer(lowered):
        phrase = (match.group(1) or match.group(2) or "").strip()
        for piece in re.split(r"\s*(?:,|\bor\b|\band\b(?! oils?))\s*", phrase):
            piece = re.sub(r"^(?:any|all|some|most|the|a|an)\s+", "", piece.strip())
            piece = re.sub(r"\s+(?:products?|ingredients?|things?|stuff)$", "", piece)
            if not piece or len(piece.split()) > 3 or re.match(r"(?:i|i'm|my|it|we|so|what|which)\b", piece):
                continue
            if re.search(r"\b(have|has|am|is|are|use|using|skin|get|got|need|want)\b", piece):
                continue  # "lavender and have normal skin": the rest of the sentence, not an allergen
            if piece in ("it", "them", "that", "this", "everything", "a lot", "food"):
                continue
            concept = kb.concept(piece)
            found.append(concept.name if concept else piece)
    return list(dict.fromkeys(found))
