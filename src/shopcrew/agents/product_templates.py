"""Reply templates of the Product Expert; every name, price and attribute comes from the facts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shopcrew.agents.product_compare_templates import compare, compare_needs_two, problems_lead
from shopcrew.models.local.nlg import Phrasing, Renderer


def _name(facts: Mapping[str, Any]) -> str:
    return str(facts["title"])


def _results(facts: Mapping[str, Any], say: Phrasing) -> str:
    constraints = list(facts.get("constraints", []))
    products = list(facts["products"])
    if facts.get("budget"):
        wanted = list(facts.get("wanted", []))
        lead = (
            f"Nothing{' (' + ', '.join(wanted) + ')' if wanted else ''} is in stock {facts['budget']}"
            ", but these are the closest in price"
        )
    elif facts.get("relaxed"):
        lead = f"I couldn't find any in {say.join(list(facts['relaxed']))}, but here's what we have"
    elif facts.get("follow_up") == "cheaper":
        lead = f"Cheaper than {say.money(facts['than'])}" + (
            f" ({', '.join(constraints)})" if constraints else ""
        )
    elif facts.get("follow_up") == "pricier":
        lead = f"Above {say.money(facts['than'])}" + (f" ({', '.join(constraints)})" if constraints else "")
    elif facts.get("follow_up") == "more":
        lead = "A few more" + (f" ({', '.join(constraints)})" if constraints else "")
    elif constraints:
        lead = say.pick("Here's what I found", "These match") + f" ({', '.join(constraints)})"
    else:
        lead = say.pick("Here's what I found", "A few options")
    rows = []
    for index, product in enumerate(products, start=1):
        row = f"{index}. {product['title']} - from {say.money(product['price'])}"
        reasons = list(product.get("reasons") or [])
        if reasons:
            row += f" ({', '.join(reasons[:3])})"
        rows.append(row)
    follow = say.pick(
        "Want details on any of these?",
        "Shall I tell you more about one of them?",
        "Ask me about any of them.",
    )
    return problems_lead(facts) + f"{lead}:\n" + "\n".join(rows) + f"\n{follow}"


def _no_results(facts: Mapping[str, Any], say: Phrasing) -> str:
    constraints = list(facts.get("constraints", []))
    lead = problems_lead(facts)
    if facts.get("follow_up") in ("cheaper", "pricier"):
        direction = "cheaper than" if facts["follow_up"] == "cheaper" else "above"
        return lead + (
            f"That's all I have: nothing {direction} {say.money(facts['than'])}"
            + (f" in {', '.join(constraints)}" if constraints else "")
            + " is in stock."
        )
    if facts.get("follow_up") == "more":
        return lead + "That's everything I have that matches. Want me to loosen one of the filters?"
    if facts.get("follow_up") == "none":
        return "Cheaper or pricier than what? Tell me what you're looking for and I'll search."
    if lead:
        return lead + "Could you tell me what you'd like instead?"
    if constraints:
        return (
            f"I couldn't find anything in stock matching {', '.join(constraints)}. "
            "Want me to loosen one of those, like the price or the size?"
        )
    return (
        "I couldn't find a product matching that. Could you tell me a bit more about what you're looking for?"
    )


def _ingredients(facts: Mapping[str, Any], say: Phrasing) -> str:
    if not facts.get("ingredients"):
        return f"The catalog doesn't list the ingredients of {_name(facts)}."
    if facts.get("asked_ingredient"):
        found = list(facts.get("found") or [])
        if found:
            return (
                f"Yes - {_name(facts)} contains {say.join(found)}. Full ingredients: {facts['ingredients']}"
            )
        return f"No - {facts['asked_ingredient']} isn't in the ingredient list of {_name(facts)}. Full ingredients: {facts['ingredients']}"
    return f"{_name(facts)} ingredients: {facts['ingredients']}"


def _materials(facts: Mapping[str, Any], say: Phrasing) -> str:
    materials = facts.get("materials")
    if not materials:
        return f"The catalog doesn't say what {_name(facts)} is made of."
    return f"{_name(facts)} is made of {say.join([str(m) for m in materials])}."


def _care(facts: Mapping[str, Any], say: Phrasing) -> str:
    if not facts.get("care"):
        return f"The catalog doesn't give care instructions for {_name(facts)}."
    return f"Care for {_name(facts)}: {facts['care']}"


def _price(facts: Mapping[str, Any], say: Phrasing) -> str:
    low, high = facts["price_from"], facts["price_to"]
    if low == high:
        return f"{_name(facts)} is {say.money(low)}."
    return f"{_name(facts)} is {say.money(low)} to {say.money(high)}, depending on the option."


def _stock(facts: Mapping[str, Any], say: Phrasing) -> str:
    asked = dict(facts.get("asked") or {})
    name = _name(facts)
    if not facts.get("active", True):
        return f"{name} has been discontinued, so it's no longer available."
    wanted = " ".join(str(v) for v in asked.values())
    in_stock = list(facts.get("in_stock") or [])
    if asked and not facts.get("exists"):
        options = "; ".join(f"{k}s: {', '.join(v[:12])}" for k, v in dict(facts.get("options") or {}).items())
        alternatives = list(facts.get("alternatives") or [])
        if alternatives:
            # One sentence per fact: each option combination is a claim of its own.
            return f"{name} doesn't come in {wanted}. " + " ".join(alternatives)
        return f"{name} doesn't come in {wanted}." + (f" Available options - {options}." if options else "")
    if asked and in_stock:
        return f"Yes - {name} is in stock in {wanted} ({say.money(facts['price_from'])}" + (
            f" to {say.money(facts['price_to'])})." if facts["price_from"] != facts["price_to"] else ")."
        )
    if asked:
        return f"{name} in {wanted} is out of stock right now."
    if in_stock:
        return f"{name} is in stock in: {', '.join(in_stock[:10])}."
    return f"{name} is out of stock right now."


def _about(facts: Mapping[str, Any], say: Phrasing) -> str:
    name = _name(facts)
    if not facts.get("active", True):
        return f"{name} has been discontinued, so it's no longer available."
    text = f"{name}"
    if facts.get("brand"):
        text += f" by {facts['brand']}"
    text += f" ({say.money(facts['price_from'])}): {facts.get('description') or ''}".rstrip()
    highlights = list(facts.get("highlights") or [])
    if highlights:
        text += f" Highlights: {', '.join(highlights)}."
    return text


def _ask(facts: Mapping[str, Any], say: Phrasing) -> str:
    lead = problems_lead(facts)
    return lead + say.pick(
        "What are you shopping for? Tell me a product, a category or a need - "
        'for example "a fragrance-free moisturizer" or "trail shoes in 10 wide".',
        "What can I help you find? A category, a brand or what it's for is enough to start.",
    )


def _weight(facts: Mapping[str, Any], say: Phrasing) -> str:
    if not facts.get("weight"):
        return f"The catalog doesn't say how much {_name(facts)} weighs."
    per = f" {facts['per']}" if facts.get("per") else ""
    return f"{_name(facts)} weighs {facts['weight']}{per}."


def _dimensions(facts: Mapping[str, Any], say: Phrasing) -> str:
    found = dict(facts.get("dimensions") or {})
    if not found:
        return f"The catalog doesn't give the dimensions of {_name(facts)}."
    return f"{_name(facts)}: " + "; ".join(f"{k.lower()} {v}" for k, v in found.items()) + "."


def _compatibility(facts: Mapping[str, Any], say: Phrasing) -> str:
    if not facts.get("compatibility"):
        return f"The catalog doesn't say what {_name(facts)} is compatible with."
    return f"{_name(facts)} is compatible with {facts['compatibility']}."


def _feature(facts: Mapping[str, Any], say: Phrasing) -> str:
    name, feature, value = _name(facts), facts.get("feature"), facts.get("value")
    if facts.get("kind") == "suits":
        listed = list(facts.get("listed") or [])
        if value is None:
            return f"The catalog doesn't say which skin types {name} suits."
        if value:
            return f"Yes - {name} is listed for {feature} (skin types: {', '.join(listed)})."
        return f"No - {name} isn't listed for {feature}; it's for {', '.join(listed)} skin."
    if value is None:
        return (
            f"The catalog doesn't say whether {name} is {feature}."
            if facts.get("kind") == "flag"
            else (f"The catalog doesn't give the {feature} of {name}.")
        )
    if facts.get("kind") == "flag":
        return f"Yes - {name} is {feature}." if value else f"No - {name} isn't {feature}."
    return f"{name}: {feature} {facts.get('display')}."


TEMPLATES: dict[str, Renderer] = {
    "product.results": _results,
    "product.no_results": _no_results,
    "product.ingredients": _ingredients,
    "product.materials": _materials,
    "product.care": _care,
    "product.price": _price,
    "product.stock": _stock,
    "product.about": _about,
    "product.ask": _ask,
    "product.weight": _weight,
    "product.dimensions": _dimensions,
    "product.compatibility": _compatibility,
    "product.feature": _feature,
    "product.compare": compare,
    "product.compare_needs_two": compare_needs_two,
}
