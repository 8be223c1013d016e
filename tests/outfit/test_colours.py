"""Colour harmony: neutrals go with anything, analogous and complementary hues work, clashes cost,
and a look holds at most one statement colour and one pattern."""

from __future__ import annotations

from shopcrew.outfit.colours import look_harmony, matches_colour, pair_score, shade_of


def test_catalog_colour_names_are_read_by_their_last_colour_word() -> None:
    assert shade_of("Midnight Navy").family == "navy" and shade_of("Midnight Navy").neutral
    assert shade_of("Dusty Rose").family == "pink" and not shade_of("Dusty Rose").statement
    assert shade_of("Mid Wash").family == "denim"
    assert shade_of("Navy Stripe").pattern == "stripe"
    assert shade_of("White/Green").family == "white"  # the ground colour, not the trim


def test_neutrals_go_with_anything_and_analogous_beats_a_clash() -> None:
    assert pair_score(shade_of("Emerald"), shade_of("Black")) == 0.0
    analogous = pair_score(shade_of("Sage"), shade_of("Forest Green"))
    clash = pair_score(shade_of("Emerald"), shade_of("Purple"))
    assert analogous > 0 > clash


def test_black_with_navy_is_a_small_mismatch() -> None:
    assert pair_score(shade_of("Black"), shade_of("Navy")) < 0


def test_two_statement_colours_or_two_patterns_are_not_a_look() -> None:
    assert not look_harmony([shade_of("Red"), shade_of("Cobalt"), shade_of("White")]).allowed
    assert not look_harmony([shade_of("Navy Stripe"), shade_of("Red Check")]).allowed
    assert look_harmony([shade_of("Emerald"), shade_of("Black"), shade_of("Gold")]).allowed


def test_what_the_shopper_calls_a_colour_matches_catalog_shades() -> None:
    assert matches_colour(shade_of("Midnight Navy"), "navy")
    assert matches_colour(shade_of("Midnight Navy"), "blue")
    assert matches_colour(shade_of("Sage"), "green")
    assert matches_colour(shade_of("Oatmeal"), "neutral")
    assert not matches_colour(shade_of("Emerald"), "neutral")
    assert not matches_colour(shade_of("Black"), "navy")
