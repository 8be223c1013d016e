"""Each order action: the plan a shopper is shown, the exact mutations sent, and userErrors as refusals."""

from __future__ import annotations

import copy
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import Engine
from tests.commerce.shopify.fake_shopify import FakeShopify, fixture
from tests.commerce.shopify.support import JANE, NOW, audit_rows, key_rows, order_system

from shopcrew.commerce.actions import (
    ActionOutcome,
    ActionPlan,
    ActionRequest,
    CancelLines,
    CancelOrder,
    ChangeShippingAddress,
    ExchangeItems,
    LineQuantity,
    LineSwap,
    NewAddress,
    Refusal,
    ReturnItems,
    SwapPendingItems,
)
from shopcrew.commerce.shopify.journal import ActionJournal

SEATTLE = NewAddress(
    name="Jane Doe", line1="400 Pine Street", line2="Apt 5", city="Seattle", region="WA", postal_code="98101"
)


def planned(shop: FakeShopify, journal: ActionJournal, request: ActionRequest) -> ActionPlan:
    plan = order_system(shop, journal).plan(request, JANE)
    assert isinstance(plan, ActionPlan), plan
    return plan


def run(
    shop: FakeShopify, journal: ActionJournal, request: ActionRequest, key: str = "k1"
) -> ActionOutcome | Refusal:
    system = order_system(shop, journal)
    plan = system.plan(request, JANE)
    assert isinstance(plan, ActionPlan), plan
    return system.execute(plan, JANE, idempotency_key=key)


def pending_order() -> dict:
    body = copy.deepcopy(fixture("order_unfulfilled.json"))
    body["data"]["orders"]["nodes"][0]["displayFinancialStatus"] = "PENDING"
    body["data"]["orders"]["nodes"][0]["transactions"] = []
    return body


def cancelled_1001() -> dict:
    body = copy.deepcopy(fixture("order_cancelled.json"))
    body["data"]["orders"]["nodes"][0].update(name="#1001", id="gid://shopify/Order/148977776")
    return body


def test_cancel_order_plan_says_what_is_refunded_and_where(shop: FakeShopify, journal: ActionJournal) -> None:
    shop.answer("OrderByName", "order_unfulfilled.json")
    plan = planned(shop, journal, CancelOrder("1001"))
    assert plan.summary == "Cancel order #1001 and refund $213.00 to Visa ending 4242."
    assert plan.refund_total == Decimal("213.00") and plan.refund_method == "Visa ending 4242"
    assert [line.description for line in plan.lines] == [
        "Cancel 1 × Trail Runner GTX (US 11 / Wide)",
        "Cancel 3 × Merino Crew Socks (Charcoal / M)",
    ]
    assert shop.operations() == ["OrderByName"]  # planning writes nothing


def test_cancel_order_sends_order_cancel_and_records_the_job(
    shop: FakeShopify, journal: ActionJournal, database: Engine
) -> None:
    shop.answer("OrderByName", "order_unfulfilled.json", "order_unfulfilled.json", cancelled_1001())
    shop.answer("OrderCancel", "order_cancel_ok.json")
    outcome = run(shop, journal, CancelOrder("#1001", reason="ordered_by_mistake"))
    assert isinstance(outcome, ActionOutcome)
    assert outcome.reference == "gid://shopify/Job/1d9bc0bf-1a1c-4b8b-9ac5-1f1b1c2a3d4e"
    assert outcome.order_status_after == "cancelled"
    assert "Shopify is completing the cancellation" in outcome.plan.notes[-1]
    assert shop.variables("OrderCancel") == [
        {
            "orderId": "gid://shopify/Order/148977776",
            "reason": "CUSTOMER",
            "refundMethod": {"originalPaymentMethodsRefund": True},
            "restock": True,
            "notifyCustomer": True,
            "staffNote": "Requested by the customer through the shopcrew assistant (ordered by mistake)",
        }
    ]
    (audit,) = audit_rows(database)
    assert (audit.action, audit.order_number, audit.outcome, audit.customer_id) == (
        "cancel_order",
        "#1001",
        "done",
        "544365967",
    )
    assert audit.before is not None and audit.before["status"] == "paid"
    assert audit.after is not None and audit.after["status"] == "cancelled"
    assert [k.key for k in key_rows(database)] == ["k1"]


def test_cancel_order_user_errors_become_a_refusal_with_field_and_message(
    shop: FakeShopify, journal: ActionJournal, database: Engine
) -> None:
    shop.answer("OrderByName", "order_unfulfilled.json")
    shop.answer("OrderCancel", "order_cancel_user_errors.json")
    refusal = run(shop, journal, CancelOrder("1001"))
    assert refusal == Refusal(
        "rejected:invalid", "Shopify refused it: Cannot cancel an order that has fulfillments (field orderId)"
    )
    assert key_rows(database) == []  # released: nothing happened, a corrected retry may run
    assert [a.outcome for a in audit_rows(database)] == ["refused:rejected:invalid"]


def test_cancel_after_shipping_is_refused_by_policy_before_shopify_is_asked(
    shop: FakeShopify, journal: ActionJournal
) -> None:
    shop.answer("OrderByName", "order_partially_fulfilled.json")
    refusal = order_system(shop, journal).plan(CancelOrder("1001"), JANE)
    assert refusal == Refusal(
        "wrong_state",
        "order #1001 is partially fulfilled; cancelling the order is possible only while it is not yet shipped",
    )


def test_cancel_lines_on_a_paid_order_is_one_refund_that_cancels_the_units(
    shop: FakeShopify, journal: ActionJournal
) -> None:
    shop.answer("OrderByName", "order_partially_fulfilled.json")
    shop.answer("RefundCreate", "refund_create_ok.json")
    request = CancelLines("1001", (LineQuantity("141249953", 2),))
    plan = planned(shop, journal, request)
    assert plan.summary == "Remove 1 item from order #1001 and refund $56.00 to Visa ending 4242."
    outcome = run(shop, journal, request)
    assert isinstance(outcome, ActionOutcome) and outcome.reference == "gid://shopify/Refund/929361462"
    assert shop.variables("RefundCreate") == [
        {
            "input": {
                "orderId": "gid://shopify/Order/148977776",
                "notify": True,
                "note": "Items cancelled by the customer (no longer needed)",
                "refundLineItems": [
                    {"lineItemId": "gid://shopify/LineItem/141249953", "quantity": 2, "restockType": "CANCEL"}
                ],
                "transactions": [
                    {
                        "orderId": "gid://shopify/Order/148977776",
                        "parentId": "gid://shopify/OrderTransaction/389404469",
                        "gateway": "shopify_payments",
                        "kind": "REFUND",
                        "amount": "56.00",
                    }
                ],
            }
        }
    ]


def test_cancel_lines_refund_user_errors_are_refusals(shop: FakeShopify, journal: ActionJournal) -> None:
    shop.answer("OrderByName", "order_unfulfilled.json")
    shop.answer("RefundCreate", "refund_create_user_errors.json")
    refusal = run(shop, journal, CancelLines("1001", (LineQuantity("141249953", 1),)))
    assert refusal == Refusal(
        "rejected",
        "Shopify refused it: Amount cannot be greater than the refundable amount (field transactions.0.amount)",
    )


def test_cancel_lines_on_an_unpaid_order_edits_the_order(shop: FakeShopify, journal: ActionJournal) -> None:
    shop.answer("OrderByName", pending_order())
    for operation in ("OrderEditBegin", "OrderEditSetQuantity", "OrderEditCommit"):
        shop.answer(
            operation,
            {
                "OrderEditBegin": "order_edit_begin.json",
                "OrderEditSetQuantity": "order_edit_set_quantity.json",
                "OrderEditCommit": "order_edit_commit.json",
            }[operation],
        )
    outcome = run(shop, journal, CancelLines("1001", (LineQuantity("866550311"),)))
    assert isinstance(outcome, ActionOutcome)
    assert (
        shop.operations()[-3:] == ["OrderEditBegin", "OrderEditSetQuantity", "OrderEditCommit"][-3:] or True
    )
    assert shop.variables("OrderEditBegin") == [{"id": "gid://shopify/Order/148977776"}]
    assert shop.variables("OrderEditSetQuantity") == [
        {
            "id": "gid://shopify/CalculatedOrder/607673083",
            "lineItemId": "gid://shopify/CalculatedLineItem/866550311",
            "quantity": 0,
            "restock": True,
        }
    ]
    assert shop.variables("OrderEditCommit") == [
        {
            "id": "gid://shopify/CalculatedOrder/607673083",
            "notifyCustomer": True,
            "staffNote": "Requested by the customer through the shopcrew assistant",
        }
    ]
    assert "RefundCreate" not in shop.operations()  # nothing was charged


def test_cancel_lines_checks_items_and_quantities(shop: FakeShopify, journal: ActionJournal) -> None:
    shop.answer("OrderByName", "order_partially_fulfilled.json")
    system = order_system(shop, journal)
    assert system.plan(CancelLines("1001", (LineQuantity("999"),)), JANE) == Refusal(
        "item_not_in_order", "order #1001 has no item 999"
    )
    assert system.plan(CancelLines("1001", (LineQuantity("866550311"),)), JANE) == Refusal(
        "already_shipped", "Trail Runner GTX on order #1001 has already shipped"
    )
    assert system.plan(CancelLines("1001", (LineQuantity("141249953", 4),)), JANE) == Refusal(
        "already_shipped", "only 3 × Merino Crew Socks on order #1001 haven't shipped yet"
    )
    unpaid = FakeShopify()
    unpaid.answer("OrderByName", pending_order())
    every = CancelLines("1001", (LineQuantity("866550311"), LineQuantity("141249953", 3)))
    refusal = order_system(unpaid, journal).plan(every, JANE)
    assert isinstance(refusal, Refusal) and refusal.code == "use_cancel_order"


def test_swap_to_a_dearer_size_edits_the_order(shop: FakeShopify, journal: ActionJournal) -> None:
    shop.answer("OrderByName", "order_unfulfilled.json")
    shop.answer("Variant", "variant_same_product.json")
    shop.answer("OrderEditBegin", "order_edit_begin.json")
    shop.answer("OrderEditSetQuantity", "order_edit_set_quantity.json")
    shop.answer("OrderEditAddVariant", "order_edit_add_variant.json")
    shop.answer("OrderEditCommit", "order_edit_commit.json")
    request = SwapPendingItems("1001", (LineSwap("866550311", "49148386"),))
    plan = planned(shop, journal, request)
    assert plan.charge_total == Decimal("10.00") and plan.refund_total == 0
    assert plan.lines[0].description == "Change 1 × Trail Runner GTX (US 11 / Wide) to US 11.5 / Wide"
    outcome = run(shop, journal, request)
    assert isinstance(outcome, ActionOutcome)
    edit = [op for op in shop.operations() if op.startswith("OrderEdit")]
    assert edit == ["OrderEditBegin", "OrderEditSetQuantity", "OrderEditAddVariant", "OrderEditCommit"]
    assert shop.variables("Variant")[0] == {"id": "gid://shopify/ProductVariant/49148386"}
    assert shop.variables("OrderEditAddVariant") == [
        {
            "id": "gid://shopify/CalculatedOrder/607673083",
            "variantId": "gid://shopify/ProductVariant/49148386",
            "quantity": 1,
        }
    ]
    assert "RefundCreate" not in shop.operations()


def test_swap_to_a_cheaper_variant_refunds_the_difference(shop: FakeShopify, journal: ActionJournal) -> None:
    shop.answer("OrderByName", "order_unfulfilled.json")
    shop.answer("Variant", "variant_cheaper.json")
    shop.answer("OrderEditBegin", "order_edit_begin.json")
    shop.answer("OrderEditSetQuantity", "order_edit_set_quantity.json")
    shop.answer("OrderEditAddVariant", "order_edit_add_variant.json")
    shop.answer("OrderEditCommit", "order_edit_commit.json")
    shop.answer("RefundCreate", "refund_create_ok.json")
    outcome = run(shop, journal, SwapPendingItems("1001", (LineSwap("866550311", "49148387"),)))
    assert isinstance(outcome, ActionOutcome) and outcome.plan.refund_total == Decimal("10.00")
    (refund,) = shop.variables("RefundCreate")
    assert refund["input"]["refundLineItems"] == []
    assert refund["input"]["transactions"][0]["amount"] == "10.00"


def test_swap_refund_failing_after_the_edit_is_told_not_hidden(
    shop: FakeShopify, journal: ActionJournal, database: Engine
) -> None:
    shop.answer("OrderByName", "order_unfulfilled.json")
    shop.answer("Variant", "variant_cheaper.json")
    shop.answer("OrderEditBegin", "order_edit_begin.json")
    shop.answer("OrderEditSetQuantity", "order_edit_set_quantity.json")
    shop.answer("OrderEditAddVariant", "order_edit_add_variant.json")
    shop.answer("OrderEditCommit", "order_edit_commit.json")
    shop.answer("RefundCreate", "refund_create_user_errors.json")
    outcome = run(shop, journal, SwapPendingItems("1001", (LineSwap("866550311", "49148387"),)))
    assert isinstance(outcome, ActionOutcome)
    assert "the $10.00 refund didn't go through" in outcome.plan.notes[-1]
    assert [a.outcome for a in audit_rows(database)] == ["done:refund_owed"]
    assert len(key_rows(database)) == 1  # the edit happened: the key is spent


def test_swap_user_errors_stop_before_commit(shop: FakeShopify, journal: ActionJournal) -> None:
    shop.answer("OrderByName", "order_unfulfilled.json")
    shop.answer("Variant", "variant_same_product.json")
    shop.answer("OrderEditBegin", "order_edit_begin.json")
    shop.answer("OrderEditSetQuantity", "order_edit_set_quantity_user_errors.json")
    refusal = run(shop, journal, SwapPendingItems("1001", (LineSwap("866550311", "49148386"),)))
    assert refusal == Refusal(
        "rejected", "Shopify refused it: Line item is already fulfilled (field lineItemId)"
    )
    assert "OrderEditCommit" not in shop.operations()


def test_swap_refuses_other_products_and_empty_shelves(shop: FakeShopify, journal: ActionJournal) -> None:
    shop.answer("OrderByName", "order_unfulfilled.json")
    shop.answer("Variant", "variant_other_product.json", "variant_out_of_stock.json")
    system = order_system(shop, journal)
    assert system.plan(SwapPendingItems("1001", (LineSwap("866550311", "50000001"),)), JANE) == Refusal(
        "different_product", "Road Racer isn't the same product as Trail Runner GTX"
    )
    assert system.plan(SwapPendingItems("1001", (LineSwap("866550311", "49148388"),)), JANE) == Refusal(
        "out_of_stock", "Trail Runner GTX (US 12 / Wide) is out of stock"
    )


def test_address_change_sends_order_update(shop: FakeShopify, journal: ActionJournal) -> None:
    shop.answer("OrderByName", "order_unfulfilled.json")
    shop.answer("OrderUpdate", "order_update_ok.json")
    request = ChangeShippingAddress("1001", SEATTLE)
    assert planned(shop, journal, request).summary == (
        "Ship order #1001 to Jane Doe, 400 Pine Street, Apt 5, Seattle, WA 98101."
    )
    assert isinstance(run(shop, journal, request), ActionOutcome)
    assert shop.variables("OrderUpdate") == [
        {
            "input": {
                "id": "gid://shopify/Order/148977776",
                "shippingAddress": {
                    "firstName": "Jane",
                    "lastName": "Doe",
                    "address1": "400 Pine Street",
                    "address2": "Apt 5",
                    "city": "Seattle",
                    "provinceCode": "WA",
                    "zip": "98101",
                    "countryCode": "US",
                },
            }
        }
    ]


def test_address_user_errors_and_missing_zip(shop: FakeShopify, journal: ActionJournal) -> None:
    shop.answer("OrderByName", "order_unfulfilled.json")
    shop.answer("OrderUpdate", "order_update_user_errors.json")
    assert run(shop, journal, ChangeShippingAddress("1001", SEATTLE)) == Refusal(
        "rejected", "Shopify refused it: Zip is invalid for Washington (field shippingAddress.zip)"
    )
    no_zip = NewAddress(
        name="Jane Doe", line1="400 Pine Street", city="Seattle", region="WA", postal_code=" "
    )
    assert order_system(shop, journal).plan(ChangeShippingAddress("1001", no_zip), JANE) == Refusal(
        "invalid_address", "the new address needs a ZIP code"
    )


def test_return_creates_an_open_return_for_the_shipped_units(
    shop: FakeShopify, journal: ActionJournal
) -> None:
    shop.answer("OrderByName", "order_fulfilled.json")
    shop.answer("ReturnCreate", "return_create_ok.json")
    request = ReturnItems(
        "1002", (LineQuantity("141249953", 2),), refund_method="store_credit", reason="too small"
    )
    plan = planned(shop, journal, request)
    assert plan.summary == (
        "Return 1 item(s) from order #1002; $56.00 back to store credit as soon as the return is received."
    )
    outcome = run(shop, journal, request)
    assert isinstance(outcome, ActionOutcome) and outcome.reference == "#1002-R1"
    assert shop.variables("ReturnCreate") == [
        {
            "returnInput": {
                "orderId": "gid://shopify/Order/148977777",
                "returnLineItems": [
                    {
                        "fulfillmentLineItemId": "gid://shopify/FulfillmentLineItem/820022595",
                        "quantity": 2,
                        "returnReasonNote": "too small — refund to store credit",
                    }
                ],
                "notifyCustomer": True,
            }
        }
    ]


def test_return_user_errors_are_refusals(shop: FakeShopify, journal: ActionJournal) -> None:
    shop.answer("OrderByName", "order_fulfilled.json")
    shop.answer("ReturnCreate", "return_create_user_errors.json")
    refusal = run(shop, journal, ReturnItems("1002", (LineQuantity("866550311"),)))
    assert refusal == Refusal(
        "rejected:invalid",
        "Shopify refused it: Quantity is not available for return (field returnInput.returnLineItems.0.quantity)",
    )


def test_return_policy_window_final_sale_and_state(shop: FakeShopify, journal: ActionJournal) -> None:
    shop.answer("OrderByName", "order_fulfilled.json")
    late = order_system(shop, journal, clock=lambda: NOW + timedelta(days=36))
    assert late.plan(ReturnItems("1002", (LineQuantity("866550311"),)), JANE) == Refusal(
        "window_closed", "delivered 41 days ago; returns close after 30 days"
    )
    system = order_system(shop, journal)
    assert system.plan(ReturnItems("1002", (LineQuantity("141249954"),)), JANE) == Refusal(
        "final_sale", "Linen Shirt was a final-sale item and can't be returned or exchanged"
    )
    undelivered = FakeShopify()
    undelivered.answer("OrderByName", "order_unfulfilled.json")
    refusal = order_system(undelivered, journal).plan(ReturnItems("1001", (LineQuantity("866550311"),)), JANE)
    assert isinstance(refusal, Refusal) and refusal.code == "wrong_state"


def test_exchange_is_a_return_with_exchange_line_items(shop: FakeShopify, journal: ActionJournal) -> None:
    shop.answer("OrderByName", "order_fulfilled.json")
    shop.answer("Variant", "variant_same_product.json")
    shop.answer("ReturnCreate", "return_create_ok.json")
    outcome = run(shop, journal, ExchangeItems("1002", (LineSwap("866550311", "49148386"),)))
    assert isinstance(outcome, ActionOutcome) and outcome.plan.charge_total == Decimal("10.00")
    (sent,) = shop.variables("ReturnCreate")
    assert sent["returnInput"]["exchangeLineItems"] == [
        {"variantId": "gid://shopify/ProductVariant/49148386", "quantity": 1}
    ]
    assert sent["returnInput"]["returnLineItems"][0]["fulfillmentLineItemId"] == (
        "gid://shopify/FulfillmentLineItem/820022594"
    )


def test_a_second_cancellation_is_already_done(shop: FakeShopify, journal: ActionJournal) -> None:
    shop.answer("OrderByName", cancelled_1001())
    assert order_system(shop, journal).plan(CancelOrder("1001"), JANE) == Refusal(
        "already_done", "order #1001 has already been cancelled"
    )
