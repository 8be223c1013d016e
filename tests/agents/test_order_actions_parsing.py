"""Reading what the shopper wants changed: addresses, items, variants, refund method, subscriptions."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from shopcrew.agents.order_address import ParsedAddress, parse_us_address
from shopcrew.agents.order_requests import (
    cancel_reason,
    choose_lines,
    choose_subscription,
    choose_variant,
    refund_method,
    return_reason,
    subscription_request,
)
from shopcrew.catalog.search import CatalogIndex
from shopcrew.domain.catalog import Product, Variant
from shopcrew.domain.orders import OrderLine, Subscription
from shopcrew.models.local.extraction import Extraction


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "please change the address of order 2076 to 55 Main St, Springfield, IL 62701",
            ParsedAddress("55 Main St", None, "Springfield", "IL", "62701"),
        ),
        (
            "742 SW Alder St, Apt 5C, Portland, Oregon 97205 please",
            ParsedAddress("742 SW Alder St", "Apt 5C", "Portland", "OR", "97205"),
        ),
        (
            "1200 NW Couch St Suite 300 Portland OR 97209",
            ParsedAddress("1200 NW Couch St", "Suite 300", "Portland", "OR", "97209"),
        ),
        (
            "send order #2076 to 10 Downing Street, Austin, TX 78704-1234",
            ParsedAddress("10 Downing Street", None, "Austin", "TX", "78704-1234"),
        ),
        (  # asked as a question: the "?" after the ZIP hid the state ("Portland OR ?" was the city)
            "can I change the address on order 2076 to 12 Oak St, Portland OR 97201?",
            ParsedAddress("12 Oak St", None, "Portland", "OR", "97201"),
        ),
    ],
)
def test_a_full_us_address_is_read_field_by_field(text: str, expected: ParsedAddress) -> None:
    assert parse_us_address(text) == expected
    assert parse_us_address(text).missing == ()


def test_a_missing_zip_is_named_and_a_later_answer_fills_it() -> None:
    first = parse_us_address("ship it to 55 Main St, Springfield, IL")
    assert first.missing == ("postal_code",)
    completed = first.merged_with(parse_us_address("62701"))
    assert completed.missing == () and completed.one_line() == "55 Main St, Springfield, IL 62701"


def test_no_street_means_the_whole_address_is_missing() -> None:
    assert parse_us_address("can you change my delivery address?").missing == (
        "line1",
        "city",
        "region",
        "postal_code",
    )


def _variant(variant_id: int, size: str, colour: str, stock: int = 5) -> Variant:
    return Variant(
        variant_id,
        f"SKU-{variant_id}",
        f"{size} / {colour}",
        {"size": size, "colour": colour},
        Decimal("98"),
        None,
        stock,
    )


def _product(product_id: int, title: str, category: str, variants: tuple[Variant, ...] = ()) -> Product:
    return Product(
        product_id,
        title.lower().replace(" ", "-"),
        title,
        "Brand",
        "apparel",
        category,
        "",
        (),
        {},
        None,
        "active",
        variants,
    )


DRESS = _product(
    1,
    "Linen Wrap Midi Dress",
    "dress",
    (_variant(10, "M", "Sage"), _variant(11, "L", "Sage"), _variant(12, "M", "Navy")),
)
SOCKS = _product(2, "Merino Hiking Socks", "socks", (_variant(20, "M", "Grey"),))
SERUM = _product(3, "Vitamin C Serum", "serum", ())
CATALOG = CatalogIndex([DRESS, SOCKS, SERUM])
LINES = (
    OrderLine(100, 1, 10, "Linen Wrap Midi Dress", "M / Sage", 1, Decimal("98"), "open"),
    OrderLine(101, 2, 20, "Merino Hiking Socks", "M / Grey", 3, Decimal("18"), "open"),
    OrderLine(102, 3, 30, "Vitamin C Serum", "30 ml", 1, Decimal("36"), "open"),
)


@pytest.mark.parametrize(
    ("text", "extraction", "chosen"),
    [
        ("cancel the socks", Extraction(categories=["socks"]), [101]),
        ("the second item", Extraction(ordinal=2), [101]),
        ("both of them", Extraction(), [100, 101, 102]),
        ("return the serum and the dress", Extraction(categories=["serum", "dress"]), [100, 102]),
        ("just the grey one", Extraction(colours=["Grey"]), [101]),
        ("cancel the hiking socks", Extraction(), [101]),
    ],
)
def test_the_lines_the_shopper_names(text: str, extraction: Extraction, chosen: list[int]) -> None:
    choice = choose_lines(text, extraction, LINES, CATALOG)
    assert choice.named and [line.id for line in choice.lines] == chosen


def test_no_item_named_is_said_so_rather_than_guessed() -> None:
    assert not choose_lines("I want to return something", Extraction(), LINES, CATALOG).named


def test_a_quantity_applies_to_one_named_line() -> None:
    choice = choose_lines(
        "cancel 2 of the socks", Extraction(categories=["socks"], quantity=2), LINES, CATALOG
    )
    assert choice.quantity == 2


def test_the_new_variant_keeps_the_options_not_mentioned() -> None:
    size_l = choose_variant("in a size L", Extraction(sizes=["L"]), LINES[0], DRESS)
    navy = choose_variant("the navy one", Extraction(colours=["Navy"]), LINES[0], DRESS)
    assert size_l.variant is not None and size_l.variant.id == 11
    assert navy.variant is not None and navy.variant.id == 12


def test_a_size_the_product_does_not_come_in_lists_what_it_does() -> None:
    choice = choose_variant("size XXS", Extraction(sizes=["XXS"]), LINES[0], DRESS)
    assert choice.variant is None and choice.asked and choice.offered == ("M", "L")


def test_nothing_said_about_the_new_variant_means_ask() -> None:
    assert not choose_variant("exchange it please", Extraction(), LINES[0], DRESS).asked


def test_refund_method_return_reason_and_cancel_reason() -> None:
    assert refund_method("return it for store credit") == "store_credit"
    assert refund_method("refund me please") == "original_payment"
    assert return_reason("the shoes are too small") == "too_small"
    assert return_reason("it arrived damaged") == "damaged"
    assert cancel_reason("I ordered it by mistake") == "ordered_by_mistake"


@pytest.mark.parametrize(
    ("text", "change", "pause_days", "frequency_days"),
    [
        ("pause my subscription for a month", "pause", 30, None),
        ("pause it for 2 weeks", "pause", 14, None),
        ("please pause my cleanser", "pause", 30, None),
        ("skip the next one", "skip_next", None, None),
        ("send it every 6 weeks", "change_frequency", None, 42),
        ("every other month please", "change_frequency", None, 60),
        ("cancel my serum subscription", "cancel", None, None),
        ("resume my sunscreen", "resume", None, None),
    ],
)
def test_subscription_changes(
    text: str, change: str, pause_days: int | None, frequency_days: int | None
) -> None:
    wanted = subscription_request(text)
    assert wanted is not None
    assert (wanted.change, wanted.pause_days, wanted.frequency_days) == (change, pause_days, frequency_days)


def test_a_question_about_subscriptions_is_no_change() -> None:
    assert subscription_request("what subscriptions do I have?") is None


def _subscription(sub_id: int, title: str, status: str) -> Subscription:
    today = datetime(2026, 6, 15, tzinfo=UTC).date()
    return Subscription(sub_id, sub_id, title, "150 ml", status, 1, Decimal("18"), 60, today, None)


def test_the_subscription_named_or_the_only_one_the_change_fits() -> None:
    subs = [
        _subscription(1, "Gentle Milky Cleanser", "active"),
        _subscription(2, "Mineral Sunscreen", "paused"),
    ]
    assert choose_subscription("cancel my sunscreen subscription", Extraction(), subs, "cancel") == subs[1]
    assert choose_subscription("pause my subscription", Extraction(), subs, "pause") == subs[0]
    assert choose_subscription("resume my subscription", Extraction(), subs, "resume") == subs[1]
    assert choose_subscription("cancel my subscription", Extraction(), subs, "cancel") is None
