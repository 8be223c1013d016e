"""Reply templates of the Skin Analyzer; every product, price and ingredient comes from the facts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shopcrew.models.local.nlg import Phrasing, Renderer

DISCLAIMER = "This is cosmetic advice, not medical advice."


def _notes(facts: Mapping[str, Any]) -> str:
    """Photo status, dermatologist notes and the one-time disclaimer, closing every reply."""
    lines: list[str] = []
    photo = facts.get("photo") or {}
    status = photo.get("status")
    if status == "no_vision_model":
        lines.append(
            "I can't look at photos here: no image-capable model is set up, so I went by what you told me instead."
        )
    elif status == "failed":
        lines.append("I couldn't get your photo looked at just now, so I went by what you told me.")
    elif status == "not_an_image":
        lines.append(
            "The file you attached isn't a photo I can open (PNG, JPEG, GIF or WebP), so I used your description."
        )
    elif status == "too_large":
        lines.append("Your photo is too large for me to open (10 MB at most), so I used your description.")
    elif status == "unusable":
        lines.append(
            "I couldn't make out your skin in that photo (too dark, blurry or far away), so I used your description."
        )
    for note in facts.get("dermatologist") or ():
        lines.append(str(note))
    if facts.get("disclaimer"):
        lines.append(DISCLAIMER)
    return ("\n" + " ".join(lines)) if lines else ""


def _photo_lead(facts: Mapping[str, Any]) -> str:
    photo = facts.get("photo") or {}
    if photo.get("status") != "read":
        return ""
    seen = "; ".join(str(o) for o in photo.get("observations") or ())
    concerns = ", ".join(str(c) for c in photo.get("concerns") or ())
    text = "From your photo (a visual impression, not a diagnosis)"
    text += f": {seen}." if seen else "."
    if concerns:
        text += f" I've taken {concerns} into account."
    return text + "\n"


def _profile(facts: Mapping[str, Any]) -> str:
    described = [str(p) for p in facts.get("profile") or ()]
    return f"For {', '.join(described)}" if described else "For your skin"


def _problem_text(problem: Mapping[str, Any]) -> str:
    names = ", ".join(str(n) for n in problem["ingredients"][:3])
    return f"{names} ({problem['reason']})"


def _recommend(facts: Mapping[str, Any], say: Phrasing) -> str:
    products = list(facts["products"])
    lead = _photo_lead(facts) + _profile(facts)
    if facts.get("category"):
        lead += f", these {facts['category']} options fit"
    else:
        lead += ", these fit"
    rows = []
    for index, product in enumerate(products, start=1):
        row = f"{index}. {product['title']} - {say.money(product['price'])}"
        reasons = list(product.get("reasons") or [])
        if reasons:
            row += f": {'; '.join(reasons[:3])}"
        if product.get("verdict") == "caution":
            row += ". Patch test first: " + "; ".join(_problem_text(p) for p in product["problems"][:2])
        rows.append(row)
    text = f"{lead}:\n" + "\n".join(rows)
    if facts.get("pregnancy_check"):
        text += (
            "\nIf you're pregnant or breastfeeding, tell me and I'll choose differently: retinoids and "
            "strong salicylic acid are best left out then."
        )
    flagged = list(facts.get("flagged") or [])
    if flagged:
        text += "\nBetter to skip:"
        for product in flagged:
            text += f"\n- {product['title']}: contains " + "; ".join(
                _problem_text(p) for p in product["problems"][:2]
            )
    return text + _notes(facts)


def _none_suit(facts: Mapping[str, Any], say: Phrasing) -> str:
    lead = _photo_lead(facts) + _profile(facts)
    what = f" {facts['category']}" if facts.get("category") else ""
    article = "an" if what[1:2] in ("a", "e", "i", "o", "u") else "a"
    cheapest = facts.get("cheapest_suitable")
    if facts.get("max_price") and cheapest:
        text = (
            f"{lead}, {'no' + what if what else 'nothing'} that suits you is under {say.money(facts['max_price'])}. "
            f"The most affordable one that does is {cheapest['title']} ({say.money(cheapest['price'])})."
        )
        return text + _notes(facts)
    text = f"{lead}, I couldn't find {article}{what or ' product'} in stock that I'd recommend."
    flagged = list(facts.get("flagged") or [])
    if flagged:
        text += " The ones we have contain ingredients to avoid:"
        for product in flagged:
            text += f"\n- {product['title']}: " + "; ".join(_problem_text(p) for p in product["problems"][:2])
    text += "\nWant me to look at another kind of product?"
    return text + _notes(facts)


def _ask_profile(facts: Mapping[str, Any], say: Phrasing) -> str:
    lead = _photo_lead(facts)
    missing = list(facts.get("missing") or [])
    question = say.pick("Happy to help you choose.", "Let's find what suits your skin.")
    asks = []
    if "type" in missing:
        asks.append("what's your skin type (dry, oily, combination, normal or sensitive)")
    if "concerns" in missing:
        asks.append("any concerns like acne, redness or rosacea, dark spots, dehydration or fine lines")
    asks.append("anything your skin reacts to or actives you use, like retinol")
    body = (
        f"{question} Tell me {', '.join(asks[:-1])}, and {asks[-1]}."
        if len(asks) > 1
        else f"{question} Tell me {asks[0]}."
    )
    return lead + body + _notes(facts)


def _contradiction(facts: Mapping[str, Any], say: Phrasing) -> str:
    if facts.get("contradiction") == "pregnant and not pregnant":
        return (
            "I want to get this right: are you pregnant or breastfeeding at the moment? It changes which "
            "actives I'd suggest." + _notes(facts)
        )
    return (
        "Oily and very dry at the same time usually means combination skin (an oily T-zone with dry cheeks), "
        "or oily skin that is dehydrated. Which sounds more like you: combination, or oily but dehydrated?"
        + _notes(facts)
    )


def _profile_noted(facts: Mapping[str, Any], say: Phrasing) -> str:
    described = [str(p) for p in facts.get("profile") or ()]
    noted = f"Got it: {', '.join(described)}." if described else "Got it."
    return (
        _photo_lead(facts)
        + noted
        + " What are you looking for - a cleanser, moisturizer, serum, sunscreen? Or ask me whether a product suits you."
        + _notes(facts)
    )


def _verdict(facts: Mapping[str, Any], say: Phrasing) -> str:
    product = facts["product"]
    level = product["verdict"]
    name = product["title"]
    if product.get("no_ingredients"):
        return f"The catalog doesn't list the ingredients of {name}, so I can't check it for you." + _notes(
            facts
        )
    problems = list(product.get("problems") or [])
    if level == "avoid":
        text = (
            f"I'd skip {name} {_profile(facts).lower()}: it contains "
            + "; ".join(_problem_text(p) for p in problems[:3])
            + "."
        )
    elif level == "caution":
        text = (
            f"{name} can work, but patch test first: "
            + "; ".join(_problem_text(p) for p in problems[:3])
            + "."
        )
    else:
        reasons = list(product.get("reasons") or [])
        text = f"{name} looks like a good fit {_profile(facts).lower()}"
        text += (
            f" ({'; '.join(reasons[:3])})."
            if reasons
            else ": nothing in its ingredients conflicts with what you told me."
        )
    alternatives = list(facts.get("alternatives") or [])
    if alternatives and level != "suits":
        text += (
            " Instead, try "
            + say.join([f"{a['title']} ({say.money(a['price'])})" for a in alternatives])
            + "."
        )
    return _photo_lead(facts) + text + _notes(facts)


def _pair(facts: Mapping[str, Any], say: Phrasing) -> str:
    a, b = (str(x).replace("vitamin c", "vitamin C") for x in facts["pair"])
    conflicts = list(facts.get("conflicts") or [])
    if not conflicts:
        text = f"{a[:1].upper() + a[1:]} and {b} are fine together for most skin; introduce one at a time and wear sunscreen."
        if facts.get("note"):
            text += f" {facts['note']}"
    else:
        text = f"Not in the same routine: {conflicts[0]}."
    return text + _notes(facts)


def _active(word: object) -> str:
    return str(word).replace("vitamin c", "vitamin C")


def _routine(facts: Mapping[str, Any], say: Phrasing) -> str:
    routine = list(facts.get("routine") or ())
    actives = [_active(item["active"]) for item in routine]
    clashes = list(facts.get("clashes") or ())
    parts: list[str] = []
    if clashes:
        first = clashes[0]
        parts.append(
            f"Not all at once: {_active(first['pair'][0])} and {_active(first['pair'][1])} - {first['why']}."
        )
        for clash in clashes[1:]:
            parts.append(
                f"The same goes for {_active(clash['pair'][0])} with {_active(clash['pair'][1])}: {clash['why']}."
            )
        clashing = {str(word) for clash in clashes for word in clash["pair"]}
        fine = [shown for shown, item in zip(actives, routine, strict=True) if item["active"] not in clashing]
        if fine:
            parts.append(f"The {' and the '.join(fine)} {'is' if len(fine) == 1 else 'are'} fine alongside.")
    else:
        listed = ", ".join(actives[:-1]) + f" and {actives[-1]}" if len(actives) > 1 else "".join(actives)
        parts.append(
            f"That routine is fine for most skin: {listed} don't clash the way you use them. "
            "Bring in one new active at a time and wear sunscreen in the day."
        )
    for first, second in facts.get("apart") or ():
        parts.append(
            f"{_active(first)[:1].upper() + _active(first)[1:]} and {_active(second)} would clash together, "
            "but you use them at different times of day, which is the usual way round it."
        )
    for note in facts.get("notes") or ():
        text = _active(note)
        parts.append(text[:1].upper() + text[1:])
    return " ".join(parts) + _notes(facts)


def _about(facts: Mapping[str, Any], say: Phrasing) -> str:
    return (
        "I'm the skin analyzer: tell me your skin type, concerns, anything your skin reacts to and the actives "
        "you use, and I'll suggest products that fit and flag the ones to avoid, with the ingredient and why."
        + _notes(facts)
    )


def _add_to_cart(facts: Mapping[str, Any], say: Phrasing) -> str:
    product = facts["product"]
    links = list(facts.get("cart_links") or [])
    if not links or not links[0].get("url"):
        return f"{product['title']} is out of stock right now, so I can't add it."
    text = f"Here's {product['title']} ({say.money(product['price'])}), ready to add to your cart with the link below."
    if product.get("verdict") == "avoid":
        text += (
            " Before you do: it contains "
            + "; ".join(_problem_text(p) for p in product["problems"][:2])
            + "."
        )
    if facts.get("placed_order"):
        text += (
            " I can't add items to an order that's already placed; ask me about that order if you'd like "
            "to change it."
        )
    return text


def _add_which(facts: Mapping[str, Any], say: Phrasing) -> str:
    return "Which product would you like to add? Tell me its name, or the kind of product, and I'll find it."


TEMPLATES: dict[str, Renderer] = {
    "skin.add_to_cart": _add_to_cart,
    "skin.add_which": _add_which,
    "skin.recommend": _recommend,
    "skin.none_suit": _none_suit,
    "skin.ask_profile": _ask_profile,
    "skin.contradiction": _contradiction,
    "skin.profile_noted": _profile_noted,
    "skin.verdict": _verdict,
    "skin.pair": _pair,
    "skin.routine": _routine,
    "skin.about": _about,
}
