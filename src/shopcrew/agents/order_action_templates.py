"""Reply templates for order actions: the plan to confirm, what was done, refusals and questions.

The local engine renders these; an LLM composing the reply gets the same facts. Every amount, item
and reason comes from the order system's plan or outcome, never from the template.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from shopcrew.models.local.nlg import Phrasing, Renderer

ACTION_WORDS = {
    "cancel_order": "cancel that",
    "cancel_lines": "cancel that",
    "change_address": "change the address",
    "swap_items": "make that swap",
    "return_items": "start that return",
    "exchange_items": "set up that exchange",
    "change_subscription": "change that subscription",
}
DONE_LEADS = {
    "cancel_order": "Done - order {n} is cancelled.",
    "cancel_lines": "Done - I've cancelled that from order {n}.",
    "change_address": "Done - order {n} will ship to the new address.",
    "swap_items": "Done - I've updated order {n}.",
    "return_items": "Your return for order {n} is set up.",
    "exchange_items": "Your exchange for order {n} is set up.",
    "change_subscription": "Done - your subscription is updated.",
}


def _nonzero(amount: Any) -> bool:
    try:
        return float(str(amount)) != 0
    except ValueError:
        return False


def _plan_body(plan: Mapping[str, Any], say: Phrasing, *, after_summary: bool = True) -> list[str]:
    """The plan's lines, money and notes, one sentence or bullet each."""
    parts = []
    lines = list(plan.get("lines", []))
    if after_summary and len(lines) == 1 and str(lines[0]["description"]) in str(plan.get("summary")):
        lines = []  # a one-line plan whose line says what the summary already says
    for line in lines:
        amount = f": {say.money(line['amount'])}" if _nonzero(line.get("amount")) else ""
        parts.append(f"- {line['description']}{amount}")
    if _nonzero(plan.get("refund_total")):
        method = f" to {plan['refund_method']}" if plan.get("refund_method") else ""
        parts.append(f"Refund: {say.money(plan['refund_total'])}{method}.")
    if _nonzero(plan.get("charge_total")):
        method = f" to {plan['refund_method']}" if plan.get("refund_method") else ""
        parts.append(f"To pay: {say.money(plan['charge_total'])}{method}.")
    parts.extend(str(note).rstrip(".") + "." for note in plan.get("notes", []))
    return parts


def _confirm(facts: Mapping[str, Any], say: Phrasing) -> str:
    plan = facts["plan"]
    lead = say.pick(
        "Here's what I'll do:", "Just to confirm, here's the change:", "This is what will happen:"
    )
    if facts.get("changed_since"):
        lead = (
            "Something changed on the order since I asked, so I haven't done anything yet. The updated plan:"
        )
    body = "\n".join([f"{lead} {plan['summary']}", *_plan_body(plan, say)])
    if facts.get("already_shipped"):
        body += f"\n{say.join(list(facts['already_shipped']))} already shipped, so that stays as it is."
    ask = say.pick(
        'Shall I go ahead? Reply "yes" to confirm - nothing changes until you do.',
        'Reply "yes" and I\'ll do it now; nothing changes until you confirm.',
    )
    return f"{body}\n{ask}"


def _done(facts: Mapping[str, Any], say: Phrasing) -> str:
    plan = facts["plan"]
    kind = str(plan["request"]["kind"])
    lead = DONE_LEADS.get(kind, "Done.").format(n=order_ref(facts))
    parts = [lead, *_plan_body(plan, say, after_summary=False)]
    if facts.get("reference"):
        parts.append(f"Your reference: {facts['reference']}.")
    return "\n".join(parts)


def _already_done(facts: Mapping[str, Any], say: Phrasing) -> str:
    plan = facts["plan"]
    reference = f" (reference {facts['reference']})" if facts.get("reference") else ""
    return (
        f"That's already done{reference}: {plan['summary']} I haven't done it a second time. "
        "Anything else I can help with?"
    )


def _dropped(facts: Mapping[str, Any], say: Phrasing) -> str:
    return (
        f"{say.pick('Okay', 'No problem', 'Alright')} - I haven't changed anything"
        f"{' on order ' + order_ref(facts) if facts.get('number') or facts.get('order') else ''}. Anything else I can help with?"
    )


def order_ref(facts: Mapping[str, Any]) -> str:
    """How the reply names the order: the store's own name ("#W2611340") when the facts carry it, else "#1042"."""
    return str(facts.get("order") or f"#{facts.get('number') or facts.get('order_number')}")


def dropped_note(facts: Mapping[str, Any]) -> str:
    """The sentence that opens a reply when the shopper's answer wasn't a yes to the waiting plan."""
    # The plan's summary verbatim: it is this turn's fact, so the grounding check keeps it whole.
    return f"I haven't made that change - {facts['dropped_action']['summary']}\n"


def _refused(facts: Mapping[str, Any], say: Phrasing) -> str:
    reason = str(facts["reason"]).rstrip(".")
    what = ACTION_WORDS.get(str(facts.get("action")), "do that")
    lead = say.by_tone(
        friendly=(f"Sorry, I can't {what}: {reason}.", f"I'm afraid I can't {what}: {reason}."),
        formal=(f"I am unable to {what}: {reason}.",),
    )
    parts = [lead]
    parts.extend(
        a if a.endswith("?") else a.rstrip(".") + "." for a in map(str, facts.get("alternatives", []))
    )
    if facts.get("offer_person"):
        parts.append("Would you like me to pass this to a member of our team?")
    return " ".join(parts)


def _needs_approval(facts: Mapping[str, Any], say: Phrasing) -> str:
    plan = facts["plan"]
    reason = str(plan.get("approval_reason") or "it is above the amount I can approve myself").rstrip(".")
    return (
        f"{plan['summary']} This one needs a member of our team to approve it ({reason}), so I've passed "
        "it on with all the details - nothing has been changed yet."
    )


def _unavailable(facts: Mapping[str, Any], say: Phrasing) -> str:
    return f"{say.apology()} I couldn't reach our order system just now, so nothing was changed. " + (
        'Say "yes" to try again, or ask for a person.'
        if facts.get("can_retry")
        else "Would you like me to pass this to a member of our team?"
    )


def _which_items(facts: Mapping[str, Any], say: Phrasing) -> str:
    rows = [
        f"- {line['title']} ({line['variant']})" if line.get("variant") else f"- {line['title']}"
        for line in facts["lines"]
    ]
    text = f"Which item from order {order_ref(facts)} do you mean?\n" + "\n".join(rows)
    if facts.get("missing"):
        text = f"I can't find the {facts['missing']} in order {order_ref(facts)}. " + text
    excluded = [str(item["reason"]).rstrip(".") for item in facts.get("not_returnable", [])]
    if excluded:
        text += f"\n(Not returnable: {'; '.join(excluded)}.)"
    return text


def _which_variant(facts: Mapping[str, Any], say: Phrasing) -> str:
    item = facts["item"]
    options = f" It comes in {say.join(list(facts['offered']))}." if facts.get("offered") else ""
    return f"Which size or colour would you like instead of {item['title']} ({item['variant']})?{options}"


def _variant_unavailable(facts: Mapping[str, Any], say: Phrasing) -> str:
    item = facts["item"]
    offered = list(facts.get("offered", []))
    options = f" It comes in {say.join(offered)}." if offered else ""
    return (
        f"{item['title']} doesn't come in {facts['wanted']}, so I can't swap to that.{options} "
        "Which would you like instead?"
    )


def _ask_address(facts: Mapping[str, Any], say: Phrasing) -> str:
    missing = list(facts.get("missing", []))
    have = facts.get("so_far")
    if not have:
        return (
            f"What's the new shipping address for order {order_ref(facts)}? Please include the street, "
            "city, state and ZIP code."
        )
    return f"Thanks - I have {have}. What's the {say.join(missing)}?"


def _which_subscription(facts: Mapping[str, Any], say: Phrasing) -> str:
    rows = [f"- {s['title']} ({s['variant']}), {s['status']}" for s in facts["subscriptions"]]
    return "Which subscription do you mean?\n" + "\n".join(rows)


def _subscription_options(facts: Mapping[str, Any], say: Phrasing) -> str:
    sub = facts["subscription"]
    return (
        f"What would you like to change on your {sub['title']} subscription? I can pause it, skip the "
        "next delivery, change how often it comes, or cancel it."
    )


REFUND_STATUS_WORDS = {
    "pending": "on its way",
    "succeeded": "completed",
    "failed": "failed - a member of our team will sort it out",
}


def _refund_status(facts: Mapping[str, Any], say: Phrasing) -> str:
    refunds = facts["refunds"]
    if not refunds:
        return f"There's no refund on order {order_ref(facts)}."
    rows = [
        f"- {say.money(r['amount'])} to {r['method']}, issued on {date.fromisoformat(r['issued_on']).strftime('%B %-d')}: "
        f"{REFUND_STATUS_WORDS.get(r['status'], r['status'])}"
        for r in refunds
    ]
    return f"Refunds on order {order_ref(facts)}:\n" + "\n".join(rows)


ACTION_TEMPLATES: dict[str, Renderer] = {
    "orders.refund_status": _refund_status,
    "orders.confirm_action": _confirm,
    "orders.action_done": _done,
    "orders.action_already_done": _already_done,
    "orders.action_dropped": _dropped,
    "orders.action_refused": _refused,
    "orders.action_needs_approval": _needs_approval,
    "orders.system_unavailable": _unavailable,
    "orders.which_items": _which_items,
    "orders.which_variant": _which_variant,
    "orders.variant_unavailable": _variant_unavailable,
    "orders.ask_address": _ask_address,
    "orders.which_subscription": _which_subscription,
    "orders.subscription_options": _subscription_options,
}
