"""Google product categories and product names to shopcrew verticals and categories."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from shopcrew.catalog.importing.categories import TAXONOMY_IDS, VERTICALS, Placement, place, taxonomy_path

TAXONOMY = (
    Path(__file__).resolve().parents[2]
    / ".."
    / "shared"
    / "data"
    / "google-taxonomy"
    / "taxonomy-with-ids.en-US.txt"
)
needs_taxonomy = pytest.mark.skipif(not TAXONOMY.is_file(), reason=f"Google taxonomy not found at {TAXONOMY}")
SNAKE = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")


def taxonomy() -> dict[int, str]:
    rows = {}
    for line in TAXONOMY.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        number, _, path = line.partition(" - ")
        rows[int(number)] = path
    return rows


@needs_taxonomy
def test_every_built_in_id_names_the_same_path_as_googles_file() -> None:
    rows = taxonomy()
    wrong = {number: path for number, path in TAXONOMY_IDS.items() if rows.get(number) != path}
    assert wrong == {}


@needs_taxonomy
def test_every_taxonomy_path_gets_a_known_vertical_and_a_snake_case_category() -> None:
    for number, path in taxonomy().items():
        placement = place(path, [])
        assert placement.vertical in VERTICALS, path
        assert SNAKE.match(placement.category), (number, path, placement)
        assert place(str(number), []) == placement or number not in TAXONOMY_IDS, path


@needs_taxonomy
@pytest.mark.parametrize(
    ("branch", "vertical"),
    [
        ("Health & Beauty > Personal Care > Cosmetics > Skin Care", "beauty"),
        ("Apparel & Accessories > Clothing", "apparel"),
        ("Apparel & Accessories > Shoes", "footwear"),
        ("Apparel & Accessories > Jewelry", "accessories"),
        ("Furniture", "home"),
        ("Home & Garden", "home"),
        ("Electronics", "general"),
    ],
)
def test_whole_branches_land_in_their_vertical(branch: str, vertical: str) -> None:
    paths = [p for p in taxonomy().values() if p == branch or p.startswith(branch + " >")]
    assert paths
    assert {place(path, []).vertical for path in paths} == {vertical}


@pytest.mark.parametrize(
    ("category", "hints", "expected"),
    [
        ("2592", [], Placement("beauty", "moisturizer")),
        ("2592", ["Eye Cream"], Placement("beauty", "eye_cream")),
        ("567", ["Retinol Night Treatment"], Placement("beauty", "retinoid")),
        ("2526", ["Gentle Gel"], Placement("beauty", "cleanser")),
        ("212", ["Red Sports Tee"], Placement("apparel", "t_shirt")),
        ("212", ["Silk Blouse"], Placement("apparel", "blouse")),
        ("187", ["Trail Running Shoe"], Placement("footwear", "trail_running")),
        ("187", ["Chelsea Boot"], Placement("footwear", "boots")),
        ("187", ["Plain"], Placement("footwear", "shoes")),
        ("Apparel & Accessories > Clothing > Pants > Jeans", ["Pants"], Placement("apparel", "jeans")),
        ("Apparel & Accessories > Jewelry > Bracelets", [], Placement("accessories", "bracelets")),
        ("Home & Garden > Decor > Vases", [], Placement("home", "decor")),
        ("Electronics > Audio", ["Headphones"], Placement("general", "audio")),
        (None, ["Cream Sofa"], Placement("home", "sofas")),
        (None, ["LED High Tops"], Placement("footwear", "sneakers")),
        (None, ["Shirt Dress"], Placement("apparel", "dress")),
        (None, ["Wool Jumper"], Placement("apparel", "knitwear")),
        (None, ["Gift card"], Placement("general", "other")),
    ],
)
def test_category_and_name_hints_place_products(
    category: str | None, hints: list[str], expected: Placement
) -> None:
    assert place(category, hints) == expected


def test_taxonomy_values_are_tidied_and_unknown_ids_are_not_guessed() -> None:
    assert taxonomy_path(" Apparel & Accessories >Shoes ") == "Apparel & Accessories > Shoes"
    assert taxonomy_path("187 - Apparel & Accessories > Shoes") == "Apparel & Accessories > Shoes"
    assert taxonomy_path("999999") is None
    assert place("999999", ["Summer Dress"]) == Placement("apparel", "dress")
