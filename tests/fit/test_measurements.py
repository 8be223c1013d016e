"""Measurements and size references in a shopper's words, and values no body has."""

from __future__ import annotations

import pytest

from shopcrew.fit.measurements import contradictions, parse_measurements
from shopcrew.fit.references import find_references

BRANDS = [("fieldnote", "Fieldnote"), ("stridelab", "Stridelab"), ("marlowe-finch", "Marlowe & Finch")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'm 5'6, 130 lb", {"height_cm": 167.6, "weight_kg": 59.0}),
        ("I'm 168 cm and 60 kg", {"height_cm": 168.0, "weight_kg": 60.0}),
        ("I'm 1.75m, chest 100cm", {"height_cm": 175.0, "chest_cm": 100.0}),
        ("6 feet, 180 pounds", {"height_cm": 182.9, "weight_kg": 81.6}),
        ("bust: 92 cm, waist 74cm, hips 100 cm", {"chest_cm": 92.0, "waist_cm": 74.0, "hips_cm": 100.0}),
        ("34 inch waist, 32 inseam", {"waist_cm": 86.4, "inseam_cm": 81.3}),
        ("my foot is 27 cm long and wide", {"foot_length_cm": 27.0, "foot_width": "wide"}),
        ("my foot is 10.5 inches, narrow feet", {"foot_length_cm": 26.7, "foot_width": "narrow"}),
    ],
)
def test_units_are_converted_to_centimetres_and_kilograms(text: str, expected: dict[str, object]) -> None:
    parsed = parse_measurements(text)
    assert parsed.values == expected
    assert not parsed.problems


def test_a_bare_number_is_read_by_its_size_and_the_assumption_is_said() -> None:
    parsed = parse_measurements("bust 34, waist 72")
    assert parsed.values == {"chest_cm": 86.4, "waist_cm": 72.0}
    assert parsed.assumptions == ["chest/bust 34 as inches", "waist 72 as cm"]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("I'm 20 meters tall", "a height of 20 meters isn't possible"),
        ("height 20 m", "a height of 20 m isn't possible"),
        ("I weigh 0 kg", "a weight of 0 kg isn't possible"),
        ("waist 300 cm", "a waist of 300 cm isn't possible"),
        ("my foot is 60 cm long", "a foot length of 60 cm isn't possible"),
    ],
)
def test_impossible_measurements_are_problems_not_values(text: str, said: str) -> None:
    parsed = parse_measurements(text)
    assert parsed.values == {}
    assert said in parsed.problems[0].message


def test_two_heights_in_one_message_are_a_question() -> None:
    parsed = parse_measurements("I'm 170cm, well 6'2")
    assert "two different height measurements" in parsed.problems[0].message


def test_measurements_that_cannot_share_one_body_are_contradictions() -> None:
    assert contradictions({"height_cm": 150.0, "weight_kg": 290.0})
    assert contradictions({"waist_cm": 180.0, "hips_cm": 60.0})
    assert contradictions({"height_cm": 150.0, "inseam_cm": 100.0})
    assert not contradictions({"height_cm": 168.0, "weight_kg": 60.0, "waist_cm": 70.0, "hips_cm": 96.0})


def test_the_age_of_a_child_is_read() -> None:
    assert parse_measurements("for my 8 year old, she's 128 cm tall").age_years == 8


@pytest.mark.parametrize(
    ("text", "size", "brand", "group"),
    [
        ("I'm a medium in Fieldnote tops", "M", "fieldnote", "tops"),
        ("I wear 10.5 in Stridelab runners", "10.5", "stridelab", "shoes"),
        ("I take a size 8 in dresses", "8", None, "dresses"),
        ("usually an XL in tops", "XL", None, "tops"),
        ("medium", "M", None, None),
    ],
)
def test_size_references(text: str, size: str, brand: str | None, group: str | None) -> None:
    [ref] = find_references(text, BRANDS)
    assert (ref.size, ref.brand_id, ref.group) == (size, brand, group)


def test_a_brand_the_store_does_not_sell_is_kept_by_name_and_widths_and_genders_are_read() -> None:
    [ref] = find_references("i'm a men's 10 wide in Nike running shoes", BRANDS)
    assert (ref.size, ref.brand_id, ref.brand_name, ref.gender, ref.width) == (
        "10",
        None,
        "Nike",
        "men",
        "Wide",
    )


def test_two_references_in_one_message() -> None:
    refs = find_references("I'm 8 in Marlowe & Finch dresses and a medium in tops", BRANDS)
    assert [(r.size, r.group) for r in refs] == [("8", "dresses"), ("M", "tops")]


def test_heights_and_ages_are_not_sizes() -> None:
    assert find_references("I'm 5'6 and 30 years old", BRANDS) == []
    assert find_references("I'm 168 cm", BRANDS) == []


@pytest.mark.parametrize("text", ["I normally wear 32x34 jeans", "I take a 32W 34L", "W32 L34"])
def test_denim_waist_and_inseam(text: str) -> None:
    [ref] = find_references(text, BRANDS)
    assert (ref.size, ref.inseam, ref.group) == ("32", "34", "bottoms")
