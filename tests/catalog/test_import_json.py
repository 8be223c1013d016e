"""shopcrew's catalog JSON: the documented schema, rejections with lines, derived placement."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from shopcrew.catalog.importing.records import CatalogFileError
from shopcrew.catalog.importing.service import parse_catalog

FIXTURES = Path(__file__).parent / "fixtures"


def test_documented_example_reads_with_every_field() -> None:
    parsed = parse_catalog((FIXTURES / "catalog.json").read_bytes(), "catalog.json")
    assert parsed.format == "json"
    gel = parsed.products[0]
    assert (gel.handle, gel.brand, gel.vertical, gel.category) == (
        "calm-lab-hydra-gel",
        "Calm Lab",
        "beauty",
        "moisturizer",
    )
    assert gel.ingredients == "Aqua, Glycerin, Sodium Hyaluronate, Phenoxyethanol"
    assert gel.attributes["skin_types"] == ["oily", "combination"]
    assert gel.variants[1].price == Decimal("40.00")  # a JSON number
    assert gel.variants[1].compare_at_price == Decimal("48.00")
    assert gel.line == 5


def test_vertical_category_and_skus_are_derived_when_left_out() -> None:
    dress = parse_catalog((FIXTURES / "catalog.json").read_bytes(), "catalog.json").products[1]
    assert (dress.vertical, dress.category, dress.status) == ("apparel", "dress", "active")
    assert [v.sku for v in dress.variants] == ["linen-wrap-dress-s-sage", "linen-wrap-dress-m-sage"]
    assert dress.attributes["colours"] == ["Sage"]


def test_bad_products_are_rejected_with_the_line_they_start_on() -> None:
    parsed = parse_catalog((FIXTURES / "catalog.json").read_bytes(), "catalog.json")
    assert [str(r) for r in parsed.rejections] == [
        "catalog.json:33: products[2].variants[0]: price 'free' is not a number",
        "catalog.json:38: products[3].variants[0]: negative inventory '-1'",
    ]


@pytest.mark.parametrize(
    ("product", "reason"),
    [
        ({"title": "No handle", "variants": [{"price": 1}]}, "products[0].handle is missing"),
        ({"handle": "x", "title": "X", "variants": []}, "products[0].variants must be a non-empty list"),
        (
            {"handle": "x", "title": "X", "colour": "red", "variants": [{"price": 1}]},
            "unknown field(s) colour",
        ),
        ({"handle": "x", "title": "X", "status": "gone", "variants": [{"price": 1}]}, "status 'gone' is not"),
        ({"handle": "x", "title": "X", "vertical": "cars", "variants": [{"price": 1}]}, "vertical 'cars'"),
        ({"handle": "x", "title": "X", "variants": [{"price": True}]}, "price must be a number or a string"),
    ],
)
def test_each_kind_of_bad_product_says_what_is_wrong(product: dict[str, object], reason: str) -> None:
    parsed = parse_catalog(json.dumps([product]).encode(), "bad.json")
    assert parsed.products == []
    assert reason in parsed.rejections[0].reason


def test_a_bare_list_is_accepted_and_duplicates_rejected() -> None:
    item = {"handle": "mug", "title": "Mug", "variants": [{"sku": "M-1", "price": "9.50", "inventory": 4}]}
    parsed = parse_catalog(json.dumps([item, item], indent=2).encode(), "mugs.json")
    assert [p.handle for p in parsed.products] == ["mug"]
    assert parsed.rejections[0].line == 13
    assert "duplicate handle 'mug': already defined at line 2" in parsed.rejections[0].reason


def test_malformed_json_refuses_the_file_with_its_line() -> None:
    with pytest.raises(CatalogFileError) as caught:
        parse_catalog(b'{"products": [\n  {"handle": "a",}\n]}', "broken.json")
    assert (
        str(caught.value)
        == "broken.json:2: not valid JSON: Expecting property name enclosed in double quotes"
    )


def test_an_object_without_products_is_refused() -> None:
    with pytest.raises(CatalogFileError) as caught:
        parse_catalog(b'{"items": []}', "wrong.json")
    assert 'no "products" list' in caught.value.message
