"""How hard a message is to answer well, from the constraints it carries.

The model router reads this to pick a cheap model for lookups and the strongest
one for consultations. Each constraint family found in the message adds
points: skin types and conditions, actives and ingredients, sizes and body
measurements, budgets, comparisons, negations ("without", "won't"), occasions,
several requests in one message, and length. The points map onto 0..1.
"""

from __future__ import annotations

import re
from typing import Literal

from shopcrew.orchestrator.features import normalize

Complexity = Literal["simple", "moderate", "complex"]

# Score thresholds: below MODERATE is simple, at or above COMPLEX is complex.
MODERATE = 0.3
COMPLEX = 0.5
# points / (points + _HALF) maps points onto 0..1; _HALF points score exactly 0.5.
_HALF = 2.5
# A family counts each distinct hit, up to this many.
_MAX_HITS = 3


def _family(*patterns: str) -> re.Pattern[str]:
    # Lookarounds rather than \b, so that mask tokens such as <num> match at their edges.
    return re.compile(r"(?<!\w)(?:" + "|".join(patterns) + r")(?!\w)")


# (pattern, points per distinct hit), matched on normalised text (lowercase, numbers as <num>).
_FAMILIES: tuple[tuple[re.Pattern[str], float], ...] = (
    (  # skin types, conditions and life stages that restrict what is safe
        _family(
            r"sensitive",
            r"rosacea",
            r"eczema",
            r"acne(?:[ -]prone)?",
            r"oily",
            r"dry",
            r"combination",
            r"combo",
            r"dehydrated",
            r"melasma",
            r"psoriasis",
            r"dermatitis",
            r"pregnan\w*",
            r"breastfeeding",
            r"allergic",
            r"allergy",
            r"hyperpigmentation",
            r"redness",
            r"breakouts?",
            r"break(?:s|ing)? (?:me )?out",
            r"reactive",
            r"mature",
            r"hormonal",
        ),
        1.0,
    ),
    (  # actives and ingredients
        _family(
            r"retinol",
            r"retinal",
            r"retinoids?",
            r"tretinoin",
            r"accutane",
            r"vitamin c",
            r"vit c",
            r"niacinamide",
            r"aha",
            r"bha",
            r"glycolic",
            r"lactic",
            r"salicylic",
            r"benzoyl peroxide",
            r"azelaic",
            r"hyaluronic",
            r"peptides?",
            r"bakuchiol",
            r"spf",
            r"fragrance",
            r"alcohol",
            r"essential oils?",
            r"silicones?",
            r"parabens?",
            r"ceramides?",
        ),
        1.0,
    ),
    (  # sizes, widths and body measurements
        _family(
            r"size <num>",
            r"<num> (?:wide|narrow|regular)",
            r"wide(?: fit| feet)?",
            r"narrow",
            r"half size",
            r"waist",
            r"inseam",
            r"chest",
            r"bust",
            r"hips",
            r"<num> <num>",
            r"<num> ?(?:cm|kg|lbs?|inch(?:es)?)",
            r"(?:xs|xl|xxl)",
            r"size (?:s|m|l)",
        ),
        0.75,
    ),
    (  # budgets
        _family(
            r"<money>",
            r"under <num>",
            r"below <num>",
            r"less than <num>",
            r"budget",
            r"max <num>",
            r"cheap\w*",
        ),
        0.75,
    ),
    (  # comparisons
        _family(
            r"vs",
            r"versus",
            r"compare\w*",
            r"comparison",
            r"which (?:one )?is better",
            r"better than",
            r"difference between",
            r"between (?:a|an|the) ",
            r"or the",
        ),
        1.0,
    ),
    (  # negations and exclusions
        _family(
            r"without",
            r"free of",
            r"\w+-free",
            r"fragrance free",
            r"wont",
            r"won't",
            r"doesnt",
            r"dont",
            r"not",
            r"avoid",
            r"no \w+",
            r"isnt",
            r"cant",
        ),
        1.0,
    ),
    (  # occasions and settings that shape a recommendation
        _family(
            r"wedding",
            r"interview",
            r"funeral",
            r"party",
            r"date",
            r"holiday",
            r"vacation",
            r"trip",
            r"hiking",
            r"office",
            r"winter",
            r"summer",
            r"rain\w*",
            r"snow",
        ),
        0.5,
    ),
)
# Domains that are consultations by nature start with some points.
_DOMAIN_POINTS = {"skin": 0.5, "outfit": 0.5, "fit": 0.25, "product": 0.1}


def estimate_complexity(text: str, domain: str, part_count: int = 1) -> tuple[Complexity, float]:
    """Return the complexity label and 0..1 score of ``text`` classified as ``domain``."""
    normalized = " ".join(normalize(text).split())
    points = _DOMAIN_POINTS.get(domain, 0.0)
    for pattern, weight in _FAMILIES:
        hits = {match.group(0) for match in pattern.finditer(normalized)}
        points += weight * min(len(hits), _MAX_HITS)
    points += 1.0 * max(part_count - 1, 0)
    words = len(normalized.split())
    points += 0.5 if words > 25 else 0.0
    points += 0.5 if words > 50 else 0.0
    score = points / (points + _HALF)
    label: Complexity = "complex" if score >= COMPLEX else "moderate" if score >= MODERATE else "simple"
    return label, round(score, 4)
