"""The ingredient knowledge base and the rules: INCI names to flags, and verdicts with their reasons."""

from __future__ import annotations

import pytest

from shopcrew.skin.inci import parse_inci
from shopcrew.skin.knowledge import knowledge_base
from shopcrew.skin.profile import SkinProfile, read_profile
from shopcrew.skin.rules import judge, packaged_rules, pair_conflicts

KB = knowledge_base()


@pytest.mark.parametrize(
    ("inci", "flag"),
    [
        ("Parfum (Fragrance)", "fragrance"),
        ("Lavandula Angustifolia (Lavender) Oil", "essential_oil"),
        ("Citrus Limon (Lemon) Peel Oil", "essential_oil"),
        ("Linalool", "fragrance_allergen"),
        ("Alcohol Denat.", "alcohol_denat"),
        ("SD Alcohol 40-B (Alcohol Denat.)", "alcohol_denat"),
        ("Retinyl Palmitate", "retinoid"),
        ("Hydroxypinacolone Retinoate", "retinoid"),
        ("Glycolic Acid", "aha"),
        ("Salicylic Acid", "bha"),
        ("Gluconolactone", "pha"),
        ("Benzoyl Peroxide", "bpo"),
        ("3-O-Ethyl Ascorbic Acid", "vitamin_c"),
        ("Ascorbic Acid", "vitamin_c_acid"),
        ("Niacinamide", "niacinamide"),
        ("Cocos Nucifera (Coconut) Oil", "comedogenic"),
        ("Isopropyl Myristate", "comedogenic"),
        ("Menthol", "cooling"),
        ("Hamamelis Virginiana (Witch Hazel) Water", "witch_hazel"),
        ("Methylisothiazolinone", "strong_allergen"),
        ("Methylparaben", "paraben"),
    ],
)
def test_inci_names_carry_their_flags(inci: str, flag: str) -> None:
    assert any(flag in i.flags for i in KB.match_name(inci)), inci


@pytest.mark.parametrize(
    "inci",
    [
        "Cetyl Alcohol",
        "Phenoxyethanol",
        "Rosa Canina Fruit Oil",
        "Citrus Limon (Lemon) Fruit Extract",
        "Melaleuca",
    ],
)
def test_look_alikes_are_not_flagged(inci: str) -> None:
    flags = {f for i in KB.match_name(inci) for f in i.flags}
    assert not flags & {"alcohol_denat", "essential_oil", "bee"}, inci


def test_inci_parser_keeps_parentheses_and_drops_footnotes() -> None:
    parsed = parse_inci(
        "Water, Butyrospermum Parkii (Shea) Butter*, Iron Oxides (CI 77491, CI 77492), Fragrance. *Organic."
    )
    assert parsed.names == (
        "Water",
        "Butyrospermum Parkii (Shea) Butter",
        "Iron Oxides (CI 77491, CI 77492)",
        "Fragrance",
    )
    assert parse_inci("Visit the Dior boutique").problem is not None
    assert not parse_inci("No Info").parsed


def test_seed_profile_avoids_fragrance_alcohol_menthol_and_a_second_retinoid() -> None:
    profile = read_profile("I have sensitive skin, rosacea, and I'm on retinol.", SkinProfile(), KB).profile
    assert profile.sensitive and "rosacea" in profile.concerns and profile.actives == ("retinol",)
    rules = packaged_rules()
    minty = judge(KB.analyse("Aqua, Alcohol Denat., Glycerin, Menthol, Parfum"), profile, KB, rules)
    assert minty.level == "avoid"
    offending = {name for p in minty.problems for name in p.ingredients}
    assert offending == {"Alcohol Denat.", "Menthol", "Parfum"}
    acid = judge(KB.analyse("Aqua, Glycolic Acid, Glycerin"), profile, KB, rules)
    assert acid.level == "avoid" and acid.problems[0].ingredients == ("Glycolic Acid",)
    on_retinol = SkinProfile(type="normal", actives=("retinol",))
    assert (
        "different nights"
        in judge(KB.analyse("Aqua, Glycolic Acid"), on_retinol, KB, rules).problems[0].reason
    )
    calm = judge(
        KB.analyse("Aqua, Glycerin, Niacinamide, Centella Asiatica Extract, Panthenol"), profile, KB, rules
    )
    assert calm.level == "suits" and not calm.problems


def test_pregnancy_rules_out_retinoids_and_leave_on_salicylic_but_not_a_salicylic_wash() -> None:
    profile = SkinProfile(type="oily", pregnant_or_breastfeeding=True)
    rules = packaged_rules()
    assert judge(KB.analyse("Aqua, Retinol"), profile, KB, rules).level == "avoid"
    serum = judge(KB.analyse("Aqua, Salicylic Acid, Glycerin"), profile, KB, rules, category="serum")
    wash = judge(KB.analyse("Aqua, Salicylic Acid, Glycerin"), profile, KB, rules, category="cleanser")
    assert serum.level == "avoid" and wash.level == "suits"


def test_allergies_are_matched_through_concepts() -> None:
    profile = read_profile("I'm allergic to nuts and lanolin, dry skin", SkinProfile(), KB).profile
    verdict = judge(
        KB.analyse("Aqua, Prunus Amygdalus Dulcis (Sweet Almond) Oil, Lanolin"), profile, KB, packaged_rules()
    )
    assert verdict.level == "avoid"
    assert {p.because for p in verdict.problems} >= {"nut oil", "lanolin"}


def test_contradictory_types_are_not_stored() -> None:
    update = read_profile("my skin is oily and very dry", SkinProfile(), KB)
    assert update.contradiction == "oily and dry"
    assert (
        read_profile(
            "combination, oily T-zone and dry cheeks", SkinProfile(), KB, answering=True
        ).contradiction
        is None
    )


def test_pairs_of_actives_have_reasons() -> None:
    conflicts = pair_conflicts(frozenset({"retinoid"}), frozenset({"bpo"}), packaged_rules())
    assert conflicts and "deactivate" in conflicts[0].reason
    assert pair_conflicts(frozenset({"niacinamide"}), frozenset({"vitamin_c"}), packaged_rules()) == []


def test_a_routine_places_each_active_at_its_time_of_day_and_checks_those_used_together() -> None:
    from shopcrew.skin.advice import routine_question

    both_at_night = routine_question(
        "retinol at night, glycolic acid at night, vitamin c in the morning - ok?"
    )
    assert both_at_night is not None
    assert both_at_night.actives == (
        ("retinol", "night"),
        ("glycolic acid", "night"),
        ("vitamin c", "morning"),
    )
    assert [(a, b) for a, b, _ in both_at_night.clashes] == [("retinol", "glycolic acid")]
    # The same pair, one in the morning: no clash, but said to be kept apart.
    split = routine_question("glycolic acid in the morning and retinol at night, is that ok?")
    assert split is not None and split.clashes == () and split.apart == (("glycolic acid", "retinol"),)
    # No time of day said: everything counts as used together.
    assert routine_question("retinol, salicylic acid and niacinamide, too much?").clashes[0][:2] == (  # type: ignore[union-attr]
        "retinol",
        "salicylic acid",
    )
    # Two actives without a routine word is the pair question; a statement is not a question.
    assert routine_question("can I use vitamin c with retinol?") is None
    assert routine_question("I use retinol, vitamin c and niacinamide") is None
