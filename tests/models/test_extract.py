"""The local engine's extraction on realistic shopper messages, typos and traps included."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from tests.models.local_engine_catalog import build_gazetteer

from shopcrew.models.local import Extraction, Gazetteer, GazetteerEntry, extract
from shopcrew.models.local.attributes import at_ordinal


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return build_gazetteer()


def run(text: str, gazetteer: Gazetteer, **kwargs: Any) -> Extraction:
    return extract(text, gazetteer, **kwargs)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("where's my order? #1042", [1042]),
        ("Order no. 1042 still hasn't shipped", [1042]),
        ("order number is 104233, can you check", [104233]),
        ("ord1042", [1042]),
        ("ORD-1042 arrived damaged", [1042]),
        ("1042", [1042]),
        ("#1042.", [1042]),
        ("it's 1042", [1042]),
        ("orders 1042 and 1043 both late", [1042, 1043]),
        ("my order #55012 and my number is 415-555-0134", [55012]),
        # no "order" or "#": after an order action or a preposition pointing at one
        ("where's my refund for 1010", [1010]),
        ("can u cancel 1042", [1042]),
        ("what about 1043?", [1043]),
        ("is 1042 shipped yet", [1042]),
        ("1042 hasn't arrived", [1042]),
        ("return 1042 and 1043", [1042, 1043]),
        ("I want to return something from 1997", [1997]),
        ("change the address on 2231 to 7 Quay St", [2231]),
        # not order numbers
        ("size 10.5 under $120", []),
        ("I paid $1042 for that", []),
        ("I've been a customer since 2019", []),
        ("call me at 415 555 0134", []),
        ("zip code 94110", []),
        ("order total was $1042", []),
        ("#2 please", []),
        ("jane1042@example.com", []),
        ("my new address is 1234 North Oak Street", []),
        ("I have a budget of about 1500", []),
        ("boots for under 1500", []),
        ("ship it to CA 94110", []),
    ],
)
def test_order_numbers(text: str, expected: list[int], gazetteer: Gazetteer) -> None:
    assert run(text, gazetteer).order_numbers == expected


def test_a_new_address_is_never_read_as_an_order_number(gazetteer: Gazetteer) -> None:
    assert run("it is 4410 Elm, Springfield", gazetteer, expecting="new_address").order_numbers == []
    assert run("it is 4410 Elm, Springfield", gazetteer).order_numbers == [4410]


def test_a_bare_five_digit_answer_is_a_zip_when_a_zip_was_asked_for(gazetteer: Gazetteer) -> None:
    assert run("94110", gazetteer).order_numbers == [94110]
    asked = run("94110", gazetteer, expecting="zip_code")
    assert (asked.zip_codes, asked.order_numbers) == (["94110"], [])


@pytest.mark.parametrize(
    ("text", "emails", "phones"),
    [
        ("reach me at Jane.Doe+shop@Example.co.uk", ["jane.doe+shop@example.co.uk"], []),
        ("call (415) 555-0134 or 415.555.0199", [], ["+14155550134", "+14155550199"]),
        ("+1 415 555 0134", [], ["+14155550134"]),
        ("my cell is 4155550134, email j@x.io.", ["j@x.io"], ["+14155550134"]),
        ("tracking 1234567890", [], []),  # not a valid US number (area code starts with 1)
    ],
)
def test_emails_and_phones(text: str, emails: list[str], phones: list[str], gazetteer: Gazetteer) -> None:
    found = run(text, gazetteer)
    assert (found.emails, found.phones) == (emails, phones)


@pytest.mark.parametrize(
    ("text", "names", "zips"),
    [
        ("my name is Jane Doe", ["Jane Doe"], []),
        ("I'm Jane Doe, order 1042", ["Jane Doe"], []),
        ("this is jane doe", ["Jane Doe"], []),
        ("name: Jane Doe", ["Jane Doe"], []),
        ("Jane Doe, 94110", ["Jane Doe"], ["94110"]),
        ("jane doe 94110-1234", ["Jane Doe"], ["94110-1234"]),
        ("Hi, it's Maria Lopez here", ["Maria Lopez"], []),
        ("my name's o'brien", ["O'Brien"], []),
        ("zip is 94110", [], ["94110"]),
        ("ship to San Francisco, CA 94110", [], ["94110"]),
        # never names
        ("I'm looking for boots", [], []),
        ("im looking for boots", [], []),
        ("this is taking forever", [], []),
        ("I am so frustrated", [], []),
        ("I'm in Boston", [], []),
        ("This is Amazing", [], []),
        ("it's Lumen serum I ordered", [], []),
        ("call me back please", [], []),
        ("what's the name of that serum?", [], []),
    ],
)
def test_names_and_zip_codes(text: str, names: list[str], zips: list[str], gazetteer: Gazetteer) -> None:
    found = run(text, gazetteer)
    assert (found.person_names, found.zip_codes) == (names, zips)


def test_a_bare_name_counts_only_when_a_name_was_asked_for(gazetteer: Gazetteer) -> None:
    assert run("Jane Doe", gazetteer).person_names == []
    assert run("Jane Doe", gazetteer, expecting="person_name").person_names == ["Jane Doe"]
    assert run("jane doe", gazetteer, expecting="identity").person_names == ["Jane Doe"]
    assert run("94110", gazetteer, expecting="identity").zip_codes == ["94110"]
    assert run("the lumen serum", gazetteer, expecting="person_name").person_names == []


@pytest.mark.parametrize(
    ("text", "product_ids"),
    [
        ("do you have the trial runer gtx in 11 wide?", [1]),
        ("the lumen serum", [6]),
        ("northpeak trail shoes", [1]),
        ("is the cloudsoft merino crew itchy", [12]),
        ("cloud soft hoodie", [13]),
        ("nortpeak sumit boots", [2]),
        ("the oxford in sage", [15]),
        ("barier moisturizer", [8]),
        ("harbour & pine shirt", [15]),
        ("strider daily trainer", [4]),
        ("kindskin sunscreen", [10]),
        ("lumen's vitamin serum", [6]),
        ("compare the lumen serum and the merino crew", [12, 6]),
        ("Aster hyaluronc serum or the lumin vitamin c?", [6, 11]),
        ("merino", [13, 12]),  # ambiguous: both merino products, for the agent to ask about
        # generic words name no specific product
        ("shoes", []),
        ("serum", []),
        ("do you have any good serums?", []),
        ("running shoes for flat feet", []),
        ("northpeak shoes", []),  # three Northpeak shoes fit equally
        ("I'm looking for boots", []),
        ("my skin feels calm today", []),
        ("where is my order", []),
    ],
)
def test_product_mentions(text: str, product_ids: list[int], gazetteer: Gazetteer) -> None:
    assert [p.product_id for p in run(text, gazetteer).products] == product_ids


def test_a_mention_quotes_the_shoppers_words_and_scores_a_typo_lower_than_an_exact_name(
    gazetteer: Gazetteer,
) -> None:
    exact = gazetteer.match_products("Northpeak Trail Runner GTX")[0]
    typo = gazetteer.match_products("do you have the trial runer gtx")[0]
    assert typo.matched_text == "trial runer gtx"
    assert exact.name == typo.name == "Northpeak Trail Runner GTX"
    assert 50 <= typo.score < exact.score <= 100


def test_brand_only_and_brand_plus_unrelated_words_name_no_product(gazetteer: Gazetteer) -> None:
    assert gazetteer.match_products("lumen") == []
    found = run("can I get the lumen serum and the calm moisturiser?", gazetteer)
    assert [p.product_id for p in found.products] == [6, 8]  # "lumen ... moisturiser" is not the night cream


@pytest.mark.parametrize(
    ("text", "brands", "categories"),
    [
        ("nortpeak hiking boots", ["Northpeak"], ["hiking boot"]),
        ("Do you sell glowrie products?", ["Glowrie"], []),  # a brand the catalog does not stock yet
        ("moisturiser for dry skin", [], ["moisturizer"]),
        ("sneakers or trainers", [], ["sneaker"]),
        ("a face wash and a sunblock", [], ["cleanser", "sunscreen"]),
        ("t-shirts and jeans", [], ["t-shirt", "jeans"]),
        ("Aster or Lumen?", ["Aster", "Lumen"], []),
    ],
)
def test_brands_and_categories(
    text: str, brands: list[str], categories: list[str], gazetteer: Gazetteer
) -> None:
    found = run(text, gazetteer)
    assert (found.brands, found.categories) == (brands, categories)


@pytest.mark.parametrize(
    ("text", "sizes", "widths"),
    [
        ("size 10.5 under $120", ["10.5"], []),
        ("11 wide", ["11"], ["Wide"]),
        ("size 10 2E", ["10"], ["Wide"]),
        ("size 9 4E", ["9"], ["Extra Wide"]),
        ("9D", ["9"], ["Standard"]),
        ("10.5 extra-wide", ["10.5"], ["Extra Wide"]),
        ("eu 44", ["EU 44"], []),
        ("UK 8 please", ["UK 8"], []),
        ("men's 10.5", ["10.5"], []),
        ("I wear a 10", ["10"], []),
        ("size 10 or 10.5", ["10", "10.5"], []),
        ("can I swap them for a 9?", ["9"], []),
        ("a medium in navy", ["M"], []),
        ("do you have it in small?", ["S"], []),
        ("XL please", ["XL"], []),
        ("2XL", ["XXL"], []),
        ("size M", ["M"], []),
        ("I have wide feet", [], ["Wide"]),
        ("do you carry wides?", [], ["Wide"]),
        ("medium width", [], ["Standard"]),
        # not sizes or widths
        ("a large order", [], []),
        ("in 2 days", [], []),
        ("send us 2", [], []),
        ("a wide range of colours", [], []),
        ("the second one, what sizes?", [], []),  # not size "S"
        ("exchange it for a 9 year old", [], []),
    ],
)
def test_sizes_and_widths(text: str, sizes: list[str], widths: list[str], gazetteer: Gazetteer) -> None:
    found = run(text, gazetteer)
    assert (found.sizes, found.widths) == (sizes, widths)


@pytest.mark.parametrize(
    ("text", "colours"),
    [
        ("something in off-white or burgundy", ["off-white", "burgundy"]),
        ("olive or heather grey", ["olive", "Heather Grey"]),
        ("navy blue please", ["navy blue"]),
        ("the one in sage", ["Sage"]),
        ("gray", ["grey"]),
        ("burgandy", ["burgundy"]),  # typo
        ("night cream", []),
        # Beauty words one or two letters from a colour are not colours: "sulfates" is not Slate.
        ("sulfate-free shampoo", []),
        ("a shampoo without sulfates", []),
        ("a plumping serum", []),
        ("something to plump my lips", []),
    ],
)
def test_colours(text: str, colours: list[str], gazetteer: Gazetteer) -> None:
    assert run(text, gazetteer).colours == colours


@pytest.mark.parametrize(
    ("text", "low", "high", "currency"),
    [
        ("under $40", None, "40", "USD"),
        ("between 50 and 80 bucks", "50", "80", "USD"),
        ("around $100", "80", "120", "USD"),
        ("less than 30", None, "30", "USD"),
        ("no more than 60", None, "60", "USD"),
        ("$25-$50", "25", "50", "USD"),
        ("from €30 to €45", "30", "45", "EUR"),
        ("about £45", "36", "54", "GBP"),
        ("over $50 but under $100", "50", "100", "USD"),
        ("my budget is 60", None, "60", "USD"),
        ("$50+", "50", None, "USD"),
        ("budget: $1,200", None, "1200", "USD"),
        ("under $19.99", None, "19.99", "USD"),
        # Long amounts are read whole, never cut to their first six digits ($100,000).
        ("under $1000000", None, "1000000", "USD"),
        ("anything under $1,000,000", None, "1000000", "USD"),
        ("under $50, please", None, "50", "USD"),
    ],
)
def test_budget(text: str, low: str | None, high: str | None, currency: str, gazetteer: Gazetteer) -> None:
    budget = run(text, gazetteer).budget
    assert budget is not None
    assert budget.min == (Decimal(low) if low else None)
    assert budget.max == (Decimal(high) if high else None)
    assert budget.currency == currency


@pytest.mark.parametrize(
    "text",
    [
        "under 10 days",
        "over 50s skin",
        "I'm over 40",
        "around 2019",
        "within 30 days",
        "up to 3 items",
        "10-11",
    ],
)
def test_no_budget(text: str, gazetteer: Gazetteer) -> None:
    assert run(text, gazetteer).budget is None


@pytest.mark.parametrize(
    ("text", "ordinal", "quantity"),
    [
        ("the second one", 2, None),
        ("the last one", -1, None),
        ("first", 1, None),
        ("I'll take the third", 3, None),
        ("the second to last one", -2, None),
        ("option 3", 3, None),
        ("my first order never arrived", None, None),
        ("the first time I ordered", None, None),
        ("last week", None, None),
        ("2 pairs please", None, 2),
        ("three bottles of the lumen serum", None, 3),
        ("two of them", None, 2),
        ("qty 4", None, 4),
        ("x2", None, 2),
        ("2 serums", None, 2),
        ("2 days", None, None),
    ],
)
def test_ordinals_and_quantities(
    text: str, ordinal: int | None, quantity: int | None, gazetteer: Gazetteer
) -> None:
    found = run(text, gazetteer)
    assert (found.ordinal, found.quantity) == (ordinal, quantity)


def test_one_message_with_everything(gazetteer: Gazetteer) -> None:
    found = run(
        "Hi, I'm Jane Doe (jane@example.com). Order #1042: can I swap the trial runer gtx for a 10.5 wide in sage?",
        gazetteer,
    )
    assert found.person_names == ["Jane Doe"]
    assert found.emails == ["jane@example.com"]
    assert found.order_numbers == [1042]
    assert [p.product_id for p in found.products] == [1]
    assert (found.sizes, found.widths, found.colours) == (["10.5"], ["Wide"], ["Sage"])
    assert found.budget is None


def test_extraction_round_trips_through_json(gazetteer: Gazetteer) -> None:
    found = run("the lumen serum under $40, order 1042", gazetteer)
    assert Extraction.model_validate_json(found.model_dump_json()) == found
    assert "order_numbers" in Extraction.model_json_schema()["properties"]


def test_a_catalog_category_spelling_wins_over_the_builtin_one() -> None:
    gazetteer = Gazetteer([GazetteerEntry(1, "Cozy Knit", "Hearth", "Sweaters", "apparel")])
    assert extract("any jumpers?", gazetteer).categories == ["Sweaters"]


def test_an_ordinal_picks_its_place_in_a_list() -> None:
    items = ["a", "b", "c"]
    assert [at_ordinal(items, n) for n in (1, 3, -1, -3)] == ["a", "c", "c", "a"]
    assert [at_ordinal(items, n) for n in (None, 0, 4, -4)] == [None, None, None, None]
    assert at_ordinal([], 1) is None
