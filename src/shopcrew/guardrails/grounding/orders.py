"""Claims about orders in one unit of a reply: order numbers, states, tracking numbers and dates."""

from __future__ import annotations

import re
from collections.abc import Sequence

from shopcrew.guardrails.grounding.claims import Finding
from shopcrew.guardrails.grounding.facts import OrderFact, TurnFacts, dates_in
from shopcrew.guardrails.grounding.vocabulary import STATE_PHRASES, STATE_RE, STATE_WORDS

ORDER_NUMBER = re.compile(r"(?:#\s?|\border(?: number| no\.?)?\s+#?)(\d{3,8})\b", re.IGNORECASE)
# Who a state is said about: an order by number, "your order", "it", "the package".
_SUBJECT = (
    r"(?:#\s?\d{3,8}|\b(?:your|the|this|that) (?:order|package|parcel|shipment|delivery|items?)|\bit\b)"
)
_STATE_CLAIM = re.compile(
    _SUBJECT
    + r"[^.!?;:\n]{0,30}?\b(?P<verb>(?:is|was|has|have|had|are|were)(?P<neg>n['’]t|\s+not)?(?:\s+been)?|['’]s)"
    + r"\s+(?:(?:now|already|currently|still|just|been|being|officially|successfully|also|yet)\s+)*"
    + r"(?P<state>"
    + STATE_RE.pattern.removeprefix(r"\b(").removesuffix(r")\b")
    + r")\b",
    re.IGNORECASE,
)
_LISTED_STATE = re.compile(r"#\s?(\d{3,8})[^()\n]{0,40}\((?P<state>[^()]{3,60})\)")
_TRACKING = re.compile(r"\b(?=[A-Z0-9]*\d{6})[A-Z0-9]{10,34}\b")


def order_number_findings(unit: str, facts: TurnFacts) -> list[Finding]:
    """An order number must be one the tools returned this turn (or the shopper's own question)."""
    findings: list[Finding] = []
    for match in ORDER_NUMBER.finditer(unit):
        number = int(match.group(1))
        if number not in facts.order_numbers and number not in facts.orders:
            findings.append(Finding("order", f"#{number}", "not an order of this turn's facts", True))
    return findings


def state_findings(
    text: str, start: int, end: int, order: OrderFact | None, facts: TurnFacts
) -> list[Finding]:
    """A state said about an order must be true of its status, shipments or refunds; else rewritten."""
    findings: list[Finding] = []
    unit = text[start:end]
    for match in _STATE_CLAIM.finditer(unit):
        target = _order_named(match.group(), facts) or order
        if target is None or target.status is None:
            continue
        phrase = match.group("state").casefold()
        negated = match.group("neg") is not None
        true_now = bool(_truths(target) & set(STATE_PHRASES[phrase]))
        if true_now != negated:
            continue
        verb = match.group("verb")
        lead = "'s" if verb.startswith(("'", "’")) else "is"
        words = STATE_WORDS.get(target.status, target.status.replace("_", " "))
        replacement = f"is {words}" if lead == "is" else f"{verb[0]}s {words}"
        findings.append(
            Finding(
                "state",
                unit[match.start("verb") : match.end("state")],
                f"order #{target.number} is {target.status.replace('_', ' ')}",
                False,
                start + match.start("verb"),
                start + match.end("state"),
                replacement,
            )
        )
    for match in _LISTED_STATE.finditer(unit):
        listed = facts.orders.get(int(match.group(1)))
        said = STATE_RE.search(match.group("state"))
        if listed is None or listed.status is None or said is None:
            continue
        if _truths(listed) & set(STATE_PHRASES[said.group().casefold()]):
            continue
        words = STATE_WORDS.get(listed.status, listed.status)
        findings.append(
            Finding(
                "state",
                match.group("state"),
                f"order #{listed.number} is {listed.status.replace('_', ' ')}",
                False,
                start + match.start("state"),
                start + match.end("state"),
                words,
            )
        )
    return findings


def _truths(order: OrderFact) -> set[str]:
    """Every state word family that is true of an order right now."""
    truths = {order.status or "", *order.shipment_statuses}
    if order.status == "shipped" and not order.shipment_statuses:
        truths.add("in_transit")
    if order.refunded > 0:
        truths.add("refund_issued")
    if order.delivered:
        truths.add("delivered")
    return truths


def _order_named(claim: str, facts: TurnFacts) -> OrderFact | None:
    match = re.search(r"#\s?(\d{3,8})", claim)
    return facts.orders.get(int(match.group(1))) if match else None


def tracking_findings(
    unit: str, facts: TurnFacts, skip: Sequence[tuple[int, int]], start: int
) -> list[Finding]:
    """A tracking number must be one the tools returned."""
    findings: list[Finding] = []
    for match in _TRACKING.finditer(unit):
        if any(a <= start + match.start() < b for a, b in skip) or facts.in_text(match.group()):
            continue
        findings.append(Finding("tracking", match.group(), "no shipment of this turn has this number", True))
    return findings


def date_findings(unit: str, facts: TurnFacts) -> list[Finding]:
    """A calendar date ("May 3", "2026-05-03") must be one of the facts' dates."""
    return [
        Finding("date", f"{month}/{day}", "no fact of this turn has this date", True)
        for month, day in dict.fromkeys(dates_in(unit))
        if (month, day) not in facts.dates
    ]


def order_of_unit(unit: str, previous: OrderFact | None, facts: TurnFacts) -> OrderFact | None:
    """The order a unit is about: the one it numbers, else the one before, else the turn's only order."""
    numbers = [int(m.group(1)) for m in ORDER_NUMBER.finditer(unit)]
    for number in reversed(numbers):
        if number in facts.orders:
            return facts.orders[number]
    if previous is not None:
        return previous
    with_status = [o for o in facts.orders.values() if o.status]
    return with_status[0] if len(with_status) == 1 else None
