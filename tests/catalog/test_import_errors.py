"""File-level refusals: wrong encodings, unknown formats, empty files; a UTF-8 BOM is fine."""

from __future__ import annotations

import codecs

import pytest

from shopcrew.catalog.importing.records import CatalogFileError
from shopcrew.catalog.importing.service import parse_catalog

CSV = "Handle,Title,Option1 Name,Option1 Value,Variant Price\ncafe-mug,Café Mug,Title,Default Title,9.00\n"


def refusal(data: bytes, name: str = "catalog.csv", format: str = "auto") -> CatalogFileError:
    with pytest.raises(CatalogFileError) as caught:
        parse_catalog(data, name, format)
    return caught.value


def test_latin_1_is_refused_with_line_column_and_what_it_looks_like() -> None:
    error = refusal(CSV.encode("latin-1"))
    assert error.code == "invalid_encoding"
    assert error.line == 2
    assert "not UTF-8: byte 0xE9 at column 13" in error.message
    assert "Latin-1/Windows-1252, e.g. 'é'" in error.message
    assert str(error).startswith("catalog.csv:2: ")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_utf_16_with_or_without_bom_is_named(encoding: str) -> None:
    error = refusal(CSV.encode(encoding))
    assert error.code == "invalid_encoding"
    assert "UTF-16" in error.message


def test_a_utf_8_bom_is_accepted() -> None:
    parsed = parse_catalog(codecs.BOM_UTF8 + CSV.encode(), "bom.csv")
    assert parsed.format == "shopify"
    assert parsed.products[0].title == "Café Mug"


def test_an_unknown_format_says_what_was_expected() -> None:
    error = refusal(b"sku;name;price\n1;Mug;9\n", "export.csv")
    assert error.code == "unknown_format"
    assert "Shopify product CSV" in error.message
    assert "Merchant Center" in error.message


def test_an_empty_file_is_refused() -> None:
    assert refusal(b"  \n").code == "empty_file"


def test_a_forced_format_that_does_not_fit_is_refused_not_guessed() -> None:
    error = refusal(CSV.encode(), format="json")
    assert error.code == "malformed_file"
    assert error.line == 1
