"""Reply templates of comparisons: a compact side-by-side in plain lines that reads on every channel."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shopcrew.models.local.nlg import Phrasing

NOT_LISTED = "not listed"


def problems_lead(facts: Mapping[str, Any]) -> str:
    """What the shopper asked that cannot be searched, said back plainly (empty when nothing)."""
    problems = [str(p) for p in facts.get("problems") or []]
    if not problems:
        return ""
    text = "; ".join(problems)
    return text[0].upper() + text[1:] + ".\n"


def compare(facts: Mapping[str, Any], say: Phrasing) -> str:
    """Products numbered with their prices, rows of differing values, then what they share and the verdicts."""
    products = list(facts["products"])
    text = problems_lead(facts)
    if facts.get("not_found"):
        text += f"I couldn't find {say.join([repr(str(n)) for n in facts['not_found']])} in our catalog.\n"
    lead = say.pick("Here's how they compare", "Side by side")
    if facts.get("assumed"):
        lead += f" (the {facts['assumed']} versions)"
    lines = [f"{lead}:"]
    lines += [f"{p['position']}. {p['title']} - {say.money(p['price'])}" for p in products]
    rows = list(facts.get("rows") or [])
    same: list[str] = []
    for row in rows:
        values = [v if v is not None else NOT_LISTED for v in row["values"]]
        if row["differs"]:
            lines.append(f"{row['label']}: " + " | ".join(values))
        elif values[0] == "yes":
            same.append(row["label"].lower())
        elif values[0] == "no":
            same.append("not " + row["label"].lower())
        elif values[0] != NOT_LISTED:
            same.append(f"{row['label'].lower()} {values[0]}")
    if same:
        lines.append(("Both: " if len(products) == 2 else "All: ") + "; ".join(same))
    for gap in facts.get("missing") or []:
        lines.append(f"The catalog doesn't say the {gap['attribute']} of {gap['title']}.")
    lines += [str(v) for v in facts.get("verdicts") or []]
    lines.append(say.pick("Want details on one of them?", "Ask me about any of them."))
    return text + "\n".join(lines)


def compare_needs_two(facts: Mapping[str, Any], say: Phrasing) -> str:
    """Fewer than two products found: say which names are missing and ask for the other one."""
    text = problems_lead(facts)
    if facts.get("shown_count") is not None:
        count = int(facts["shown_count"])
        return text + (
            f"I only showed {count} product{'s' if count != 1 else ''} last time. "
            'Which ones should I compare - by position, like "the first and second", or by name?'
        )
    missing = [str(n) for n in facts.get("not_found") or []]
    if missing:
        text += f"I couldn't find {say.join([repr(n) for n in missing])} in our catalog. "
    found = list(facts.get("products") or [])
    if found:
        first = found[0]
        return text + (
            f"I found {first['title']} ({say.money(first['price'])}). "
            "Which other product should I compare it with?"
        )
    return text + "Which products would you like me to compare? Name two, or ask me to search first."
