"""Contraindication and conflict rules, each with its reason, and the verdict for one product.

Rules are data: who they apply to (a skin type, a concern, pregnancy, an active in the routine, an
allergy), the flag of the ingredients concerned, how serious ("avoid" or "caution"), and why.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from shopcrew.skin.knowledge import Analysis, Found, KnowledgeBase
from shopcrew.skin.profile import SkinProfile

AVOID = "avoid"
CAUTION = "caution"
# Leave-on acids this high on the label (first N names) are at exfoliating strength.
STRONG_ACID_POSITION = 6
RINSE_OFF = frozenset({"cleanser", "body_wash", "face mask", "mask"})
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%")

# applies to | flag | level | reason. "strong:" flags count only at exfoliating strength;
# "leave-on:" flags only in products that stay on the skin.
RULE_ROWS = """
sensitive | fragrance | avoid | fragrance is the most common cause of reactions in sensitive skin
sensitive | essential_oil | avoid | essential oils are fragrant and a frequent cause of irritation and allergy
sensitive | alcohol_denat | avoid | denatured alcohol dries and irritates a fragile skin barrier
sensitive | cooling | avoid | cooling agents such as menthol irritate sensitive skin
sensitive | fragrance_allergen | caution | a labelled fragrance allergen, which can trigger reactions
sensitive | strong_allergen | caution | a preservative that is a frequent contact allergen
sensitive | strong:aha | caution | strong exfoliating acids can sting and inflame sensitive skin; patch test first
sensitive | strong:bha | caution | strong exfoliating acids can sting and inflame sensitive skin; patch test first
sensitive | witch_hazel | caution | witch hazel is astringent and often irritating
sensitive | physical_exfoliant | caution | scrub particles cause micro-irritation
sensitive | harsh_surfactant | caution | sodium lauryl sulfate strips and irritates the skin barrier
rosacea | fragrance | avoid | fragrance is a top rosacea trigger (National Rosacea Society)
rosacea | essential_oil | avoid | essential oils are common rosacea triggers
rosacea | alcohol_denat | avoid | denatured alcohol is a common rosacea trigger: it dries and stings
rosacea | cooling | avoid | menthol, camphor and peppermint trigger flushing in rosacea
rosacea | witch_hazel | avoid | witch hazel is an astringent that rosacea-prone skin reacts to
rosacea | strong:aha | avoid | strong exfoliating acids inflame rosacea
rosacea | strong:bha | avoid | strong exfoliating acids inflame rosacea
rosacea | physical_exfoliant | avoid | scrubs inflame rosacea
rosacea | harsh_surfactant | caution | sodium lauryl sulfate strips the barrier and worsens redness
rosacea | fragrance_allergen | caution | a labelled fragrance allergen, which can trigger flushing
redness | cooling | caution | cooling agents trigger flushing
pregnant | retinoid | avoid | retinoids (vitamin A derivatives) are advised against during pregnancy and breastfeeding
pregnant | hydroquinone | avoid | hydroquinone is advised against during pregnancy (high absorption)
pregnant | leave-on:strong:bha | avoid | high-dose leave-on salicylic acid is advised against during pregnancy
pregnant | bpo | caution | benzoyl peroxide is usually considered low-risk in pregnancy, but check with your doctor or midwife
acne | comedogenic | avoid | rated highly comedogenic (pore-clogging), which can cause breakouts
oily | comedogenic | caution | rated highly comedogenic (pore-clogging)
dry | alcohol_denat | caution | denatured alcohol dries skin further
dry | harsh_surfactant | caution | sodium lauryl sulfate strips a dry skin barrier
dehydration | alcohol_denat | caution | denatured alcohol dehydrates skin
active:retinoid | strong:aha | avoid | a retinoid and strong exfoliating acids in one routine over-exfoliate (irritation, peeling); use them on different nights
active:retinoid | strong:bha | avoid | a retinoid and strong exfoliating acids in one routine over-exfoliate (irritation, peeling); use them on different nights
active:retinoid | bpo | avoid | benzoyl peroxide can deactivate retinoids and together they are very drying; use them at different times of day
active:retinoid | retinoid | avoid | you already use a retinoid: a second one adds irritation, not results
active:retinoid | physical_exfoliant | caution | scrubs on retinoid-treated skin cause irritation
active:bpo | retinoid | avoid | benzoyl peroxide can deactivate retinoids and together they are very drying; use them at different times of day
active:bpo | vitamin_c_acid | caution | benzoyl peroxide oxidises vitamin C (ascorbic acid); use them at different times of day
active:aha | retinoid | avoid | a retinoid and strong exfoliating acids in one routine over-exfoliate; use them on different nights
active:bha | retinoid | avoid | a retinoid and strong exfoliating acids in one routine over-exfoliate; use them on different nights
active:aha | strong:bha | caution | layering several exfoliating acids over-exfoliates
active:bha | strong:aha | caution | layering several exfoliating acids over-exfoliates
active:vitamin_c_acid | bpo | caution | benzoyl peroxide oxidises vitamin C (ascorbic acid); use them at different times of day
"""


@dataclass(frozen=True)
class Rule:
    """One rule: who it applies to, the flag it is about, how serious, and why."""

    applies_to: str
    flag: str
    level: str
    reason: str

    @property
    def needs_strength(self) -> bool:
        """True when only acids at exfoliating strength count."""
        return "strong:" in self.flag

    @property
    def leave_on_only(self) -> bool:
        """True when rinse-off products are exempt."""
        return self.flag.startswith("leave-on:")

    @property
    def base_flag(self) -> str:
        """The knowledge-base flag without its qualifiers."""
        return self.flag.split(":")[-1]


@dataclass(frozen=True)
class Problem:
    """Why one product does not suit the shopper: the offending ingredients and the rule's reason."""

    level: str
    ingredients: tuple[str, ...]
    reason: str
    because: str  # what in the profile the rule applies to ("rosacea", "your retinol")


@dataclass(frozen=True)
class Verdict:
    """A product judged against a profile: "suits", "caution" or "avoid", with the problems found."""

    level: str
    problems: tuple[Problem, ...]
    analysis: Analysis


def packaged_rules() -> tuple[Rule, ...]:
    """The rules shipped with shopcrew."""
    rows = []
    for line in RULE_ROWS.strip().splitlines():
        applies_to, flag, level, reason = (cell.strip() for cell in line.split("|"))
        rows.append(Rule(applies_to, flag, level, reason))
    return tuple(rows)


def acid_is_strong(found: Found, category: str, title: str) -> bool:
    """An exfoliating acid at strength: high on the label, or a stated percentage that is exfoliating."""
    if "gentle_acid" in found.ingredient.flags:
        return False
    percent = max((float(m) for m in _PERCENT.findall(title)), default=0.0)
    threshold = 1.0 if "bha" in found.ingredient.flags else 5.0
    return found.position < STRONG_ACID_POSITION or percent >= threshold or category in ("exfoliant", "peel")


def judge(
    analysis: Analysis,
    profile: SkinProfile,
    kb: KnowledgeBase,
    rules: Sequence[Rule],
    *,
    category: str = "",
    title: str = "",
) -> Verdict:
    """Every rule that applies to the profile, checked against one product's ingredients."""
    applies = profile.rule_subjects()
    rinse_off = (
        category.casefold() in RINSE_OFF or "wash" in title.casefold() or "cleanser" in title.casefold()
    )
    problems: list[Problem] = []
    seen: set[str] = set()
    # The most serious rule about an ingredient explains it (a conflict before a "patch test first").
    for rule in sorted(rules, key=lambda r: r.level != AVOID):
        subject = applies.get(rule.applies_to)
        if subject is None:
            continue
        if rule.leave_on_only and rinse_off:
            continue
        hits = analysis.with_flag(rule.base_flag)
        if rule.needs_strength:
            hits = [h for h in hits if acid_is_strong(h, category, title)]
        if rule.base_flag == "comedogenic" and rinse_off:
            hits = []
        if not hits:
            continue
        level = (
            CAUTION if rinse_off and rule.level == AVOID and rule.base_flag in ("aha", "bha") else rule.level
        )
        names = tuple(dict.fromkeys(h.inci for h in hits if h.inci not in seen))
        if not names:
            continue  # each ingredient is explained once, by the first rule about it
        seen.update(names)
        problems.append(Problem(level, names, rule.reason, subject))
    for allergy in profile.sensitivities:
        names = tuple(kb.names_matching(", ".join(analysis.names), allergy))
        if names:
            problems.append(Problem(AVOID, names, f"you said you react to {allergy}", allergy))
    problems.sort(key=lambda p: p.level != AVOID)
    level = AVOID if any(p.level == AVOID for p in problems) else CAUTION if problems else "suits"
    return Verdict(level, tuple(problems), analysis)


def pair_conflicts(flags_a: frozenset[str], flags_b: frozenset[str], rules: Sequence[Rule]) -> list[Rule]:
    """Rules between two actives used together ("retinol with vitamin C?"), either way round."""
    out: list[Rule] = []
    for rule in rules:
        if not rule.applies_to.startswith("active:"):
            continue
        active = rule.applies_to.removeprefix("active:")
        either_way = (active in flags_a and rule.base_flag in flags_b) or (
            active in flags_b and rule.base_flag in flags_a
        )
        if either_way and rule.reason not in {r.reason for r in out}:
            out.append(rule)
    return out
