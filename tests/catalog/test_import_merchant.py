"""Google Merchant Center feeds: RSS 2.0 and Atom XML with the g: namespace, and TSV."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from shopcrew.catalog.importing.records import CatalogFileError, ParsedCatalog, ProductRecord
from shopcrew.catalog.importing.service import parse_catalog

FIXTURES = Path(__file__).parent / "fixtures"


def parse(name: str) -> ParsedCatalog:
    return parse_catalog((FIXTURES / name).read_bytes(), name)


def by_handle(parsed: ParsedCatalog) -> dict[str, ProductRecord]:
    return {product.handle: product for product in parsed.products}


def test_rss_items_sharing_an_item_group_id_become_one_product_with_variants() -> None:
    parsed = parse("merchant_feed.xml")
    assert parsed.format == "merchant"
    shoe = by_handle(parsed)["summit-tr"]
    assert shoe.title == "Summit Trail Runner"
    assert (shoe.vertical, shoe.category) == ("footwear", "trail_running")
    assert shoe.brand == "Trailhead"
    assert [v.sku for v in shoe.variants] == ["TR-RUN-42-BLK", "TR-RUN-43-BLK", "TR-RUN-42-BLU"]
    assert [v.options for v in shoe.variants] == [
        {"size": "42", "colour": "Black"},
        {"size": "43", "colour": "Black"},
        {"size": "42", "colour": "Blue"},
    ]
    assert shoe.attributes["colours"] == ["Black", "Blue"]
    assert shoe.attributes["materials"] == ["Mesh", "Rubber"]
    assert shoe.attributes["gender"] == "men"
    assert shoe.image_url == "https://trailhead.example.com/img/summit-black.jpg"
    assert shoe.line == 7


def test_sale_price_and_availability_become_price_compare_at_and_stock() -> None:
    shoe = by_handle(parse("merchant_feed.xml"))["summit-tr"]
    on_sale, sold_out, _ = shoe.variants
    assert (on_sale.price, on_sale.compare_at_price) == (Decimal("119.00"), Decimal("140.00"))
    assert (on_sale.inventory, sold_out.inventory) == (1, 0)


def test_plain_rss_elements_stand_in_for_missing_g_ones() -> None:
    beanie = by_handle(parse("merchant_feed.xml"))["beanie-1"]
    assert beanie.title == "Merino Beanie"
    assert beanie.description == "Warm merino wool beanie."
    assert beanie.attributes["url"] == "https://trailhead.example.com/products/merino-beanie"
    assert (beanie.vertical, beanie.category) == ("accessories", "hats")
    assert beanie.attributes["materials"] == ["Merino wool"]
    assert beanie.variants[0].inventory == 1  # the older "in stock" spelling


def test_bad_items_are_rejected_with_their_line() -> None:
    rejections = {r.line: r.reason for r in parse("merchant_feed.xml").rejections}
    assert rejections == {
        72: "price 'cheap' is not an amount like '15.00 USD'",
        78: "price in EUR, but this feed's prices are in USD",
    }


def test_atom_feed_reads_entries_with_quantity_and_category_ids() -> None:
    products = by_handle(parse("merchant_feed_atom.xml"))
    serum, sunscreen = products["glow-vc-30"], products["glow-spf-50"]
    assert serum.title == "Vitamin C Brightening Serum 30 ml"
    assert serum.description == "15% L-ascorbic acid serum for dullness."
    assert (serum.vertical, serum.category) == ("beauty", "serum")
    assert serum.variants[0].inventory == 7  # g:quantity beats availability
    assert serum.attributes["url"] == "https://glow.example.com/products/vitamin-c-serum"
    assert (sunscreen.category, sunscreen.variants[0].inventory) == ("sunscreen", 0)
    assert sunscreen.attributes["availability"] == "preorder"


def test_tsv_feed_with_spaced_attribute_names_groups_variants() -> None:
    parsed = parse("merchant_feed.tsv")
    products = by_handle(parsed)
    tee = products["tee-1"]
    assert tee.title == "Organic Tee Red"
    assert (tee.vertical, tee.category) == ("apparel", "t_shirt")
    assert tee.image_url == "https://shop.example.com/tee-red.jpg"
    assert tee.variants[1].price == Decimal("15.00")
    assert products["ktee"].attributes["gender"] == "kids"
    assert [(r.line, r.reason) for r in parsed.rejections] == [(5, "item 'NO-AVAIL' has no availability")]


def test_a_doctype_is_refused() -> None:
    data = b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaa">]><rss><channel></channel></rss>'
    with pytest.raises(CatalogFileError) as caught:
        parse_catalog(data, "evil.xml")
    assert "DOCTYPE" in caught.value.message


def test_broken_xml_says_where() -> None:
    data = b'<?xml version="1.0"?>\n<rss xmlns:g="http://base.google.com/ns/1.0">\n<channel><item>\n</rss>'
    with pytest.raises(CatalogFileError) as caught:
        parse_catalog(data, "broken.xml")
    assert caught.value.code == "malformed_file"
    assert str(caught.value).startswith("broken.xml:4: not well-formed XML: mismatched tag")


def test_xml_that_is_not_a_feed_is_refused() -> None:
    with pytest.raises(CatalogFileError) as caught:
        parse_catalog(b"<catalog><item><g>1</g></item></catalog>", "other.xml")
    assert caught.value.code == "unknown_format"


def test_a_feed_declared_latin_1_is_read_in_its_encoding() -> None:
    text = (
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n<rss xmlns:g="http://base.google.com/ns/1.0"><channel>'
        "<item><g:id>1</g:id><g:title>Caf\u00e9 Mug</g:title><g:price>9.00 EUR</g:price>"
        "<g:availability>in_stock</g:availability></item></channel></rss>"
    )
    product = parse_catalog(text.encode("latin-1"), "mugs.xml").products[0]
    assert product.title == "Caf\u00e9 Mug"
