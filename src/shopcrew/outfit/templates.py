"""Reply templates of the Outfit Builder (the local engine's phrasing); every name, colour and
price comes from the facts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shopcrew.models.local.nlg import Phrasing, Renderer

_SIZE_GROUP_WORDS = {
    "tops": "tops",
    "bottoms": "bottoms",
    "jeans": "jeans",
    "dresses": "dresses",
    "outerwear": "jackets and coats",
    "suits": "suits",
    "shoes": "shoes",
    "kids": "kids' clothes",
    "kids_shoes": "kids' shoes",
}


_OCCASION_PHRASES = {
    "wedding guest": "a {season}wedding",
    "interview": "a {season}job interview",
    "office": "the office",
    "date night": "a {season}date night",
    "party": "a {season}party",
    "beach": "the beach",
    "workout": "the gym",
    "travel": "{season}travel",
    "casual": "a casual {season}day",
}


def _for_what(facts: Mapping[str, Any], say: Phrasing) -> str:
    """ "for a summer wedding (in sage, under $300.00)", from the request facts."""
    request = dict(facts.get("request") or {})
    occasion = request.get("occasion")
    season = f"{request['season']} " if request.get("season") else ""
    if occasion:
        phrase = _OCCASION_PHRASES.get(str(occasion), str(occasion))
        text = (
            phrase.format(season=season)
            if "{season}" in phrase
            else f"{phrase}{' in ' + season.strip() if season else ''}"
        )
    else:
        text = f"{season}looks".strip()
    if request.get("style"):
        text = f"{text}, {request['style']} style"
    extra = []
    if request.get("colours"):
        extra.append("in " + say.join([str(c) for c in request["colours"]]))
    if request.get("palette") == "neutral":
        extra.append("in neutrals")
    if request.get("avoid_colours"):
        extra.append("no " + say.join([str(c) for c in request["avoid_colours"]]))
    if facts.get("budget"):
        extra.append(f"under {say.money(facts['budget'])}")
    return f"for {text}" + (f" ({', '.join(extra)})" if extra else "")


def _look_lines(look: Mapping[str, Any], say: Phrasing, *, heading: str) -> str:
    rows = [f"{heading} - {say.money(look['total'])} total ({look['harmony']}):"]
    for item in look["items"]:
        reasons = list(item.get("reasons") or [])
        why = f": {'; '.join(reasons[:2])}" if reasons else ""
        rows.append(
            f"- {item['slot'].capitalize()}: {item['title']} in {item['colour']}, {say.money(item['price'])}{why}"
        )
    return "\n".join(rows)


def _size_note(facts: Mapping[str, Any], say: Phrasing) -> str:
    unchecked = [_SIZE_GROUP_WORDS.get(str(g), str(g)) for g in facts.get("unchecked_sizes") or []]
    if not unchecked:
        return "Everything is in stock in your sizes."
    return (
        f"I don't know your size in {say.join(list(dict.fromkeys(unchecked)))} yet, so I picked pieces in stock "
        "in most sizes; tell me your sizes and I'll check them."
    )


def _looks(facts: Mapping[str, Any], say: Phrasing) -> str:
    looks = list(facts["looks"])
    count = len(looks)
    lead = say.pick("Here", "I've put together") if count else ""
    noun = "look" if count == 1 else "looks"
    lead = (
        f"Here {'is' if count == 1 else 'are'} {count} {noun} {_for_what(facts, say)}:"
        if lead == "Here"
        else f"I've put together {count} {noun} {_for_what(facts, say)}:"
    )
    if facts.get("around"):
        lead = lead.replace(":", f", built around the {facts['around']}:", 1)
    if facts.get("defaulted"):
        lead = "You didn't mention an occasion, so I went for casual. " + lead
    if facts.get("mixed_genders"):
        lead = "You didn't say whose look it is, so here are women's and men's options. " + lead
    lead = _problems(facts) + lead
    blocks = [_look_lines(look, say, heading=f"Look {look['number']}") for look in looks]
    follow = say.pick(
        'Want to change anything? Try "swap the shoes", "cheaper top" or "add a jacket".',
        'I can swap any piece ("different shoes in look 2") or find cheaper options.',
    )
    return "\n\n".join([lead, *blocks, _size_note(facts, say) + " " + follow])


def _edited(facts: Mapping[str, Any], say: Phrasing) -> str:
    look = facts["looks"][0]
    replaced = facts.get("replaced")
    action = facts.get("action")
    if action == "remove":
        lead = f"Done - look {facts['look']} without the {facts['slot']}"
    elif replaced and action == "swap":
        some = "" if facts["slot"] in ("shoes", "bottoms") else "a "
        lead = f"Here's look {facts['look']} with {some}different {facts['slot']} (instead of {replaced['title']})"
    else:
        lead = f"Here's look {facts['look']} with a {facts['slot']} added"
    return (
        lead + ":\n" + _look_lines(look, say, heading=f"Look {look['number']}") + "\nAnything else to change?"
    )


def _edit_failed(facts: Mapping[str, Any], say: Phrasing) -> str:
    problem = facts.get("problem")
    slot = facts.get("slot", "piece")
    look = facts.get("look")
    if problem == "no_look":
        return f"I only showed {facts.get('count')} look(s), so there's no look {look}. Which one should I change?"
    if problem == "stale":
        return f"Part of look {look} has just sold out in your size, so I can't edit it. Shall I build fresh looks?"
    if problem == "no_slot":
        return f"Look {look} has no {slot} to change. Want me to swap another piece?"
    if problem == "required":
        return (
            f"Look {look} needs its {slot}, so I can't leave it out; I can swap it for another one instead."
        )
    if problem == "nothing_cheaper":
        replaced = facts.get("replaced") or {}
        return (
            f"{replaced.get('title', 'That piece')} is already the most affordable {slot} that goes with look "
            f"{look} in your size. Want a different piece swapped instead?"
        )
    if problem == "over_budget" and facts.get("budget"):
        return (
            f"I couldn't find other {slot} that go with look {look} and keep the total under "
            f"{say.money(facts['budget'])}. Want a bigger budget, or a different piece swapped instead?"
        )
    return f"I couldn't find other {slot} in stock that go with look {look}. Want me to try another piece?"


def _over_budget(facts: Mapping[str, Any], say: Phrasing) -> str:
    look = facts["looks"][0]
    return (
        f"I couldn't put a complete look together {_for_what(facts, say)}. The most affordable complete look "
        f"I can build comes to {say.money(look['total'])}:\n"
        + _look_lines(look, say, heading="Look 1")
        + f"\n{_size_note(facts, say)} Want me to work with a bigger budget, or leave out a piece?"
    )


def _no_looks(facts: Mapping[str, Any], say: Phrasing) -> str:
    return (
        f"I couldn't find a complete look {_for_what(facts, say)} in stock right now. "
        "Could I loosen something, like the colours or the season?"
    )


def _problems(facts: Mapping[str, Any]) -> str:
    problems = list(facts.get("problems") or [])
    return (" ".join(p[0].upper() + p[1:] + "." for p in problems) + " ") if problems else ""


def _ask(facts: Mapping[str, Any], say: Phrasing) -> str:
    lead = _problems(facts)
    missing = list(facts.get("missing") or [])
    if missing == ["gender"]:
        return lead + "Happy to! Should I put together women's or men's looks (or kids')?"
    if missing == ["occasion"]:
        return lead + (
            "What's the occasion - a wedding, the office, an interview, date night, the beach, the gym, "
            "or a casual weekend? A budget and colours you love help too."
        )
    return lead + (
        "I'd love to put a look together! What's the occasion (wedding guest, office, interview, date night, "
        "beach, gym, casual weekend), and is it women's or men's? A total budget and colours you love help too."
    )


def _to_fit(facts: Mapping[str, Any], say: Phrasing) -> str:
    return "Let me check the sizing on that for you."


def _help(facts: Mapping[str, Any], say: Phrasing) -> str:
    return (
        'I can change a piece ("swap the shoes", "cheaper top in look 2", "add a jacket", "without the '
        'blazer"), change the budget or the colours ("in navy"), or start again for another '
        "occasion. What would you like?"
    )


def _anchor_unavailable(facts: Mapping[str, Any], say: Phrasing) -> str:
    return (
        f"{facts['title']} isn't in stock in your size right now, so I can't build a look around it. "
        "Shall I put a look together without it?"
    )


TEMPLATES: dict[str, Renderer] = {
    "outfit.anchor_unavailable": _anchor_unavailable,
    "outfit.help": _help,
    "outfit.looks": _looks,
    "outfit.edited": _edited,
    "outfit.edit_failed": _edit_failed,
    "outfit.over_budget": _over_budget,
    "outfit.no_looks": _no_looks,
    "outfit.ask": _ask,
    "outfit.to_fit": _to_fit,
}
