"""Shopify product CSV: real exports from ../shared, and small fixtures for metafields and bad rows."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from shopcrew.catalog.importing.records import CatalogFileError, ParsedCatalog, ProductRecord
from shopcrew.catalog.importing.service import parse_catalog

FIXTURES = Path(__file__).parent / "fixtures"
SHOPIFY_CSVS = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "shopify-product-csvs"
needs_exports = pytest.mark.skipif(
    not SHOPIFY_CSVS.is_dir(), reason=f"real Shopify exports not found at {SHOPIFY_CSVS}"
)


def parse(path: Path) -> ParsedCatalog:
    return parse_catalog(path.read_bytes(), path.name)


def by_handle(parsed: ParsedCatalog) -> dict[str, ProductRecord]:
    return {product.handle: product for product in parsed.products}


@needs_exports
@pytest.mark.parametrize(
    ("name", "products", "variants"),
    [
        ("apparel.csv", 20, 22),
        ("home-and-garden.csv", 20, 21),
        ("jewelery.csv", 20, 23),
        ("product_template_shopify_helpcenter_copy.csv", 3, 16),
    ],
)
def test_real_exports_read_every_product_and_variant(name: str, products: int, variants: int) -> None:
    parsed = parse(SHOPIFY_CSVS / name)
    assert parsed.format == "shopify"
    assert parsed.rejections == []
    assert len(parsed.products) == products
    assert sum(len(p.variants) for p in parsed.products) == variants


@needs_exports
def test_help_center_template_keeps_status_skus_options_and_categories() -> None:
    products = by_handle(parse(SHOPIFY_CSVS / "product_template_shopify_helpcenter_copy.csv"))
    shirt, jeans, beanie = products["example-shirt"], products["example-pants"], products["example-hat"]
    assert (shirt.status, jeans.status, beanie.status) == ("active", "draft", "archived")
    assert (shirt.vertical, shirt.category) == ("apparel", "t_shirt")
    assert (jeans.category, beanie.vertical, beanie.category) == ("jeans", "accessories", "hats")
    assert shirt.variants[0].sku == "SRT_COT_111"
    assert shirt.variants[0].options == {"colour": "Green", "size": "S"}
    assert shirt.attributes["colours"] == ["Green", "Blue", "Gray", "Purple"]
    assert shirt.attributes["gender"] == "men"
    assert shirt.description.startswith("This t-shirt is as simple as it gets.")
    assert "<p>" not in shirt.description
    # The image-only row after the jeans' variants is not a variant.
    assert [v.options["size"] for v in jeans.variants] == ["28", "30", "40"]
    assert beanie.variants[0].compare_at_price == Decimal("22.99")


@needs_exports
def test_rows_after_a_multi_line_body_keep_their_file_line_numbers() -> None:
    products = by_handle(parse(SHOPIFY_CSVS / "jewelery.csv"))
    # choker-with-gold-pendant's body spans lines 14-22, so the next product starts on line 23.
    assert products["choker-with-gold-pendant"].line == 14
    assert products["choker-with-triangle"].line == 23
    assert "14k yellow gold" in products["choker-with-gold-pendant"].description


@needs_exports
def test_products_without_skus_get_stable_generated_ones() -> None:
    first = by_handle(parse(SHOPIFY_CSVS / "apparel.csv"))
    second = by_handle(parse(SHOPIFY_CSVS / "apparel.csv"))
    top = first["classic-varsity-top"]
    assert [v.sku for v in top.variants] == [
        "classic-varsity-top-small",
        "classic-varsity-top-medium",
        "classic-varsity-top-large",
    ]
    assert all(v.sku_generated for v in top.variants)
    assert [v.sku for v in top.variants] == [v.sku for v in second["classic-varsity-top"].variants]
    # "Title / Default Title" is Shopify's way of saying: no options.
    assert first["ocean-blue-shirt"].variants[0].options == {}


@needs_exports
def test_apparel_without_types_is_placed_by_title_and_tags_give_gender() -> None:
    products = by_handle(parse(SHOPIFY_CSVS / "apparel.csv"))
    assert products["yellow-wool-jumper"].category == "knitwear"
    assert products["red-sports-tee"].category == "t_shirt"
    assert (products["led-high-tops"].vertical, products["led-high-tops"].category) == (
        "footwear",
        "sneakers",
    )
    assert products["ocean-blue-shirt"].attributes["gender"] == "men"
    assert products["striped-silk-blouse"].attributes["gender"] == "women"


def test_metafields_in_both_column_spellings_and_tags_become_attributes() -> None:
    products = by_handle(parse(FIXTURES / "shopify_beauty.csv"))
    cream = products["barrier-cream"]
    assert cream.ingredients == "Aqua, Glycerin, Squalane, Ceramide NP, Cholesterol, Phenoxyethanol"
    assert cream.attributes["skin_types"] == ["dry", "sensitive"]  # a JSON list metafield
    assert cream.attributes["key_ingredients"] == ["ceramides", "squalane"]
    assert cream.attributes["concerns"] == ["redness", "dehydration"]
    assert cream.attributes["vegan"] is True
    assert cream.attributes["fragrance_free"] is True
    assert (cream.vertical, cream.category) == ("beauty", "moisturizer")
    assert [v.options for v in cream.variants] == [{"volume": "50 ml"}, {"volume": "100 ml"}]
    assert cream.variants[1].compare_at_price == Decimal("52.00")
    assert cream.image_url == "https://cdn.example.com/barrier-cream.jpg"
    assert cream.description == "A rich cream with ceramides & squalane.\nFragrance-free\nVegan"
    serum = products["night-retinal-serum"]
    assert serum.status == "draft"
    assert serum.attributes["skin_types"] == ["oily", "normal"]  # a `;`-separated metafield
    assert serum.attributes["concerns"] == ["fine lines"]  # from a concern: tag
    assert products["kids-sun-lotion"].attributes["gender"] == "kids"
    assert products["kids-sun-lotion"].category == "sunscreen"


def test_bad_rows_are_rejected_with_their_line_and_the_good_ones_kept() -> None:
    parsed = parse(FIXTURES / "shopify_bad_rows.csv")
    reasons = {r.line: r.reason for r in parsed.rejections}
    assert str(parsed.rejections[0]).startswith("shopify_bad_rows.csv:5: ")
    assert "Variant Price 'twenty' is not a number" in reasons[5]
    assert "negative inventory '-2'" in reasons[6]
    assert "negative Variant Price '-5.00'" in reasons[7]
    assert reasons[8] == "row has no Handle"
    assert "duplicate handle 'good-tee': already defined at line 2" in reasons[9]
    assert "has no Title" in reasons[10]
    assert "Published 'maybe' is not true or false" in reasons[11]
    assert "same options as line 12" in reasons[13]
    assert sorted(by_handle(parsed)) == ["fine-jacket", "good-tee"]
    tee = by_handle(parsed)["good-tee"]
    assert tee.description == "A plain tee, in soft cotton."
    assert [v.line for v in tee.variants] == [2, 4]  # the body's newline moves the variant to line 4


def test_missing_required_columns_refuse_the_file() -> None:
    data = b"Handle,Title,Vendor\nshirt,Shirt,Acme\n"
    with pytest.raises(CatalogFileError) as caught:
        parse_catalog(data, "old.csv", "shopify")
    assert caught.value.code == "missing_columns"
    assert str(caught.value).startswith("old.csv:1: missing required column(s) Variant Price")


def test_a_compare_at_price_not_above_the_price_is_not_a_sale() -> None:
    data = (
        b"Handle,Title,Option1 Name,Option1 Value,Variant Price,Variant Compare At Price\n"
        b"mug,Mug,Title,Default Title,12.00,12.00\n"
    )
    product = parse_catalog(data, "mugs.csv").products[0]
    assert product.variants[0].compare_at_price is None
    assert product.variants[0].inventory == 0
