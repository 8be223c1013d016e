"""Reads through the adapter: customers by email or name + ZIP, one order for its owner only, recent orders."""

from __future__ import annotations

from decimal import Decimal

from tests.commerce.shopify.fake_shopify import FakeShopify, fixture
from tests.commerce.shopify.support import JANE, SOMEONE_ELSE, order_system

from shopcrew.commerce.actions import Refusal
from shopcrew.commerce.shopify.journal import ActionJournal
from shopcrew.domain.orders import Order


def test_customer_by_email_searches_quoted_and_keeps_only_the_exact_match(
    shop: FakeShopify, journal: ActionJournal
) -> None:
    shop.answer("CustomersSearch", "customers_search.json")
    system = order_system(shop, journal)
    found = system.customer_by_email("  Jane.Doe@Example.com ")
    assert found is not None and found.id == 544365967
    assert shop.variables("CustomersSearch") == [{"query": 'email:"jane.doe@example.com"'}]
    assert system.customer_by_email("not an email") is None
    assert len(shop.calls) == 1  # nothing to search for


def test_customers_by_name_and_zip_checks_the_zip_on_saved_addresses(
    shop: FakeShopify, journal: ActionJournal
) -> None:
    shop.answer("CustomersSearch", "customers_search.json")
    system = order_system(shop, journal)
    assert [c.email for c in system.customers_by_name_and_zip("Jane", "Doe", "98101-1234")] == [
        "jane.doe@example.com"
    ]
    assert [c.email for c in system.customers_by_name_and_zip("jane", "DOE", "10001")] == [
        "jane.doe.nyc@example.com"
    ]
    assert system.customers_by_name_and_zip("Jane", "Doe", "60601") == []
    assert shop.variables("CustomersSearch")[0] == {"query": 'first_name:"jane" last_name:"doe"'}


def test_search_text_cannot_add_search_terms(shop: FakeShopify, journal: ActionJournal) -> None:
    shop.answer("CustomersSearch", {"data": {"customers": {"nodes": []}}})
    order_system(shop, journal).customers_by_name_and_zip('Jane" OR email:*', "Doe", "97205")
    assert shop.variables("CustomersSearch") == [{"query": 'first_name:"jane\\" or email:*" last_name:"doe"'}]


def test_owner_sees_the_order(shop: FakeShopify, journal: ActionJournal) -> None:
    shop.answer("OrderByName", "order_partially_fulfilled.json")
    order = order_system(shop, journal).order("1001", JANE)
    assert isinstance(order, Order) and order.status == "partially_fulfilled"
    assert shop.variables("OrderByName") == [{"query": 'name:"#1001"'}]


def test_someone_elses_order_looks_exactly_like_a_missing_one(
    shop: FakeShopify, journal: ActionJournal
) -> None:
    shop.answer("OrderByName", "order_unfulfilled.json", "orders_none.json")
    system = order_system(shop, journal)
    not_yours = system.order("#1001", SOMEONE_ELSE)
    missing = system.order("#1999", SOMEONE_ELSE)
    assert not_yours == Refusal("not_found", "I can't find order #1001 on your account")
    assert missing == Refusal("not_found", "I can't find order #1999 on your account")


def test_a_fuzzy_search_hit_with_another_name_is_not_the_order(
    shop: FakeShopify, journal: ActionJournal
) -> None:
    shop.answer("OrderByName", "order_unfulfilled.json")  # Shopify returns #1001 for a search on #100
    result = order_system(shop, journal).order("#100", JANE)
    assert isinstance(result, Refusal) and result.code == "not_found"


def test_an_order_number_that_is_not_one_never_reaches_shopify(
    shop: FakeShopify, journal: ActionJournal
) -> None:
    result = order_system(shop, journal).order('1001" OR name:*', JANE)
    assert isinstance(result, Refusal) and result.code == "not_found"
    assert shop.calls == []


def test_recent_orders_are_the_customers_own(shop: FakeShopify, journal: ActionJournal) -> None:
    shop.answer("CustomerOrders", "order_fulfilled.json")
    orders = order_system(shop, journal).orders_for(JANE, limit=5)
    assert [o.number for o in orders] == [1002]
    assert shop.variables("CustomerOrders") == [{"query": "customer_id:544365967", "first": 5}]
    assert order_system(shop, journal).orders_for(SOMEONE_ELSE) == []  # the same answer, filtered by owner


def test_refund_status_for_the_owner_only(shop: FakeShopify, journal: ActionJournal) -> None:
    shop.answer("OrderByName", "order_cancelled.json")
    system = order_system(shop, journal)
    refunds = system.refunds_for("1003", JANE)
    assert isinstance(refunds, list) and [(r.amount, r.status) for r in refunds] == [
        (Decimal("213.00"), "succeeded")
    ]
    assert system.refunds_for("1003", SOMEONE_ELSE) == Refusal(
        "not_found", "I can't find order #1003 on your account"
    )


def test_a_store_with_its_own_order_name_format(shop: FakeShopify, journal: ActionJournal) -> None:
    body = fixture("order_unfulfilled.json")
    body["data"]["orders"]["nodes"][0]["name"] = "NW1001"
    shop.answer("OrderByName", body)
    order = order_system(shop, journal).order("nw1001", JANE)
    assert isinstance(order, Order) and order.number == 1001
    assert shop.variables("OrderByName") == [{"query": 'name:"nw1001"'}]


def test_a_customer_is_read_by_id_and_found_by_phone(shop: FakeShopify, journal: ActionJournal) -> None:
    jane = fixture("customers_search.json")["data"]["customers"]["nodes"][0]
    shop.answer("CustomerById", {"data": {"customer": jane}}, {"data": {"customer": None}})
    shop.answer("CustomersSearch", "customers_search.json")
    system = order_system(shop, journal)
    found = system.customer("544365967")
    assert found is not None and found.email == "jane.doe@example.com"
    assert shop.variables("CustomerById") == [{"id": "gid://shopify/Customer/544365967"}]
    assert system.customer("544365999") is None
    assert system.customer("jane") is None  # not an id: Shopify is not asked
    by_phone = system.customer_by_phone("503-555-0142")
    assert by_phone is not None and by_phone.id == 544365967
    assert shop.variables("CustomersSearch") == [{"query": 'phone:"503-555-0142"'}]
    assert system.customer_by_phone("+1 212 555 0000") is None  # the search found people with other numbers


def test_an_order_named_with_a_prefix_keeps_that_name(shop: FakeShopify, journal: ActionJournal) -> None:
    body = fixture("order_unfulfilled.json")
    body["data"]["orders"]["nodes"][0]["name"] = "NW1001"
    shop.answer("OrderByName", body)
    order = order_system(shop, journal).order("NW1001", JANE)
    assert isinstance(order, Order) and order.label == "NW1001" and order.number == 1001
