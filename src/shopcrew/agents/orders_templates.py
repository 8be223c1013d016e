"""Reply templates of the order agent (the local engine renders these; LLMs get the same facts)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from shopcrew.agents.order_action_templates import ACTION_TEMPLATES, dropped_note, order_ref
from shopcrew.models.local.nlg import Phrasing, Renderer

STATUS_WORDS = {
    "pending": "placed and waiting for payment to go through",
    "paid": "confirmed and being prepared - it hasn't shipped yet",
    "partially_fulfilled": "partly shipped",
    "shipped": "on its way",
    "delivered": "delivered",
    "cancelled": "cancelled",
    "returned": "returned",
    "refunded": "refunded",
}


def _day(iso: str | None) -> str:
    if not iso:
        return ""
    return date.fromisoformat(iso).strftime("%B %-d")


def _items(lines: list[Mapping[str, Any]], say: Phrasing) -> str:
    return say.join(
        [
            f"{line['title']} ({line['variant']})" if line.get("variant") else str(line["title"])
            for line in lines
        ]
    )


def _status(facts: Mapping[str, Any], say: Phrasing) -> str:
    status = facts["status"]
    lead = say.pick("Order {n} is {s}.", "Your order {n} is {s}.", "I found order {n}: it's {s}.").format(
        n=order_ref(facts), s=STATUS_WORDS.get(status, status)
    )
    parts = [lead, f"It has {_items(facts['lines'], say)}, placed on {_day(facts['placed_on'])}."]
    for shipment in facts.get("shipments", []):
        line = f"{shipment['carrier']} tracking {shipment['tracking_number']}"
        if shipment.get("delivered_at"):
            line += f": delivered on {_day(shipment['delivered_at'])}"
        elif shipment.get("latest_event"):
            event = shipment["latest_event"]
            line += f': latest update "{event["description"]}" in {event["location"]} ({event["at"]})'
            if shipment.get("estimated_delivery"):
                line += f", expected by {_day(shipment['estimated_delivery'])}"
        parts.append(line + f". Track it here: {shipment['tracking_url']}")
    if status == "partially_fulfilled" and facts.get("open_items"):
        parts.append(f"Still to ship: {say.join(list(facts['open_items']))}.")
    if status == "delivered" and facts.get("delivered_on") and not facts.get("shipments"):
        parts.append(f"It was delivered on {_day(facts['delivered_on'])}.")
    if status == "cancelled" and facts.get("cancelled_on"):
        parts.append(f"It was cancelled on {_day(facts['cancelled_on'])}.")
    if facts.get("refunded") not in (None, "0", "0.00"):
        parts.append(f"{say.money(facts['refunded'])} has been refunded.")
    return " ".join(parts)


def _ask_identity(facts: Mapping[str, Any], say: Phrasing) -> str:
    if isinstance(policy := facts.get("policy"), Mapping):
        # The rules first, quoted; then what it takes to act on the shopper's own order.
        return (
            f'From our {policy["policy_name"]} policy ({policy["section"]}):\n"{policy["quote"]}"\n'
            f"Full policy: {policy['link']}\n\n"
            "If you'd like me to take care of it for you, please share the email on your order and the "
            "order number - or your full name and ZIP code."
        )
    if facts.get("no_number") and not facts.get("retry"):
        return (
            "No problem - your full name and the ZIP code of the delivery address work instead "
            "(or the email on the order with the order number from its confirmation email)."
        )
    if facts.get("have_email") and not facts.get("retry"):
        return "Thanks. And the order number? (Or your full name and ZIP code instead.)"
    if facts.get("retry"):
        return (
            "I couldn't match those details to an order. Could you double-check the email address on the order "
            "and the order number? Your full name and ZIP code work too."
        )
    if facts.get("order_number"):
        return (
            f"I can look up order #{facts['order_number']}. To keep your details safe, what's the email address "
            "on the order? (Or your full name and ZIP code.)"
        )
    return say.pick(
        "Happy to check on that. To keep your details safe, please share the email on your order and the order number - or your full name and ZIP code.",
        "I can help with that. First, to confirm it's you: what's the email address on the order and the order number? Your full name and ZIP code work too.",
    )


def _identity_failed(facts: Mapping[str, Any], say: Phrasing) -> str:
    return (
        "I still can't match those details to an order, so I'm passing you to a member of our team who can "
        "verify you another way."
    )


def _which_order(facts: Mapping[str, Any], say: Phrasing) -> str:
    rows = [
        f"{order_ref(o)} from {_day(o['placed_on'])} ({STATUS_WORDS.get(o['status'], o['status'])}): {say.join(list(o['items'])[:2])}"
        for o in facts["orders"]
    ]
    return "Which order do you mean?\n" + "\n".join(f"- {row}" for row in rows)


def _not_found(facts: Mapping[str, Any], say: Phrasing) -> str:
    return f"I can't find order #{facts['order_number']} on your account. Could you check the number?"


def _no_orders(facts: Mapping[str, Any], say: Phrasing) -> str:
    return "I don't see any orders on your account yet."


def _change_unavailable(facts: Mapping[str, Any], say: Phrasing) -> str:
    status = facts["status"]
    lead = f"Order {order_ref(facts)} is {STATUS_WORDS.get(status, status)}."
    policy = f"Under our {facts['policy_name']} policy"
    if facts.get("window_note"):
        rule = f"{policy}, it's too late for that: {facts['window_note']}."
    elif facts.get("eligible_state"):
        rule = f"{policy}, {facts['change']} at this stage."
    else:
        allowed = say.join([STATUS_WORDS.get(s, s).split(" - ")[0] for s in facts.get("allowed_states", [])])
        rule = f"{policy}, {facts['change']} only while an order is {allowed}."
    return (
        f"{lead} {rule} I can't make changes to orders myself yet - would you like me to pass this to a "
        f"member of our team? (Policy: {facts['policy_link']})"
    )


def _subscriptions(facts: Mapping[str, Any], say: Phrasing) -> str:
    subs = facts["subscriptions"]
    if not subs:
        return "You don't have any subscriptions with us."
    rows = []
    for sub in subs:
        row = f"- {sub['title']} ({sub['variant']}), every {sub['every_days']} days, {sub['status']}"
        if sub["status"] == "active" and sub.get("next_charge_on"):
            row += f", next order on {_day(sub['next_charge_on'])}"
        if sub["status"] == "paused" and sub.get("paused_until"):
            row += f" until {_day(sub['paused_until'])}"
        rows.append(row)
    if facts.get("can_change"):
        return (
            "Here are your subscriptions:\n"
            + "\n".join(rows)
            + "\nWhat would you like to change? I can pause "
            "one, skip the next delivery, change how often it comes, or cancel it."
        )
    return (
        "Here are your subscriptions:\n" + "\n".join(rows) + "\nI can't change subscriptions myself yet - "
        "would you like me to pass this to a member of our team?"
    )


def _to_human(facts: Mapping[str, Any], say: Phrasing) -> str:
    return "Done - I've passed this to our team with the details of your order."


def _declined(facts: Mapping[str, Any], say: Phrasing) -> str:
    return say.pick(
        "No problem. Anything else I can help with?", "Okay! Is there anything else I can do for you?"
    )


def _noting_dropped_plan(render: Renderer) -> Renderer:
    """`render`, opened by "I haven't made that change" when the shopper's answer to a plan wasn't a yes."""

    def rendered(facts: Mapping[str, Any], say: Phrasing) -> str:
        text = render(facts, say)
        return dropped_note(facts) + text if facts.get("dropped_action") else text

    return rendered


_TEMPLATES: dict[str, Renderer] = {
    "orders.status": _status,
    "orders.ask_identity": _ask_identity,
    "orders.identity_failed": _identity_failed,
    "orders.which_order": _which_order,
    "orders.not_found": _not_found,
    "orders.no_orders": _no_orders,
    "orders.change_unavailable": _change_unavailable,
    "orders.subscriptions": _subscriptions,
    "orders.to_human": _to_human,
    "orders.declined_handoff": _declined,
    **ACTION_TEMPLATES,
}
TEMPLATES: dict[str, Renderer] = {
    intent: _noting_dropped_plan(render) for intent, render in _TEMPLATES.items()
}
