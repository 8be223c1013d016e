"""Reply templates of the Fit Analyzer; every size, reason and stock word comes from the facts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shopcrew.fit.advice import with_article
from shopcrew.models.local.nlg import Phrasing, Renderer

_CONFIDENCE = {"high": "I'm fairly sure", "medium": "I think", "low": "My best guess is"}


def _problems(facts: Mapping[str, Any], say: Phrasing) -> str:
    problems = list(facts.get("problems") or [])
    if not problems:
        return ""
    first = problems[0]
    rest = " Also, " + "; ".join(problems[1:]) + "." if len(problems) > 1 else ""
    return f"Hmm, {first[0].lower()}{first[1:]}{rest} "


def _size_phrase(item: Mapping[str, Any]) -> str:
    size = str(item["size"])
    if item.get("width"):
        size += f" {item['width']}"
    if item.get("inseam"):
        size += f" with the {item['inseam']} in inseam"
    return size


def _advice_text(item: Mapping[str, Any], say: Phrasing, *, general: bool = False) -> str:
    lead = _CONFIDENCE.get(str(item.get("confidence")), "I think")
    where = str(item["title"])
    text = f"{lead} you're {with_article(_size_phrase(item))} in {where} ({item['confidence']} confidence)."
    reasons = list(item.get("reasons") or [])
    if reasons:
        text += f" Why: {'; '.join(reasons)}."
    if item.get("alternative_note"):
        note = str(item["alternative_note"])
        text += f" {note[0].upper()}{note[1:]}."
    if general:
        return text
    # One claim per sentence, each naming "size X" and the colour, so the grounding check reads them.
    colour = item.get("colour")
    colours = list(item.get("colours_in_stock") or [])
    size = f"Size {_size_phrase(item)}"
    in_colour = f" in {colour}" if colour else ""
    if item.get("in_stock"):
        shown = [str(colour)] if colour else colours[:4]
        text += f" {size} is in stock in {say.join(shown)}." if shown else f" {size} is in stock."
        return text
    if item.get("made", True):
        text += f" {size} is out of stock{in_colour} right now."
    else:
        text += f" {item['title']} doesn't come in {_size_phrase(item)}{in_colour}."
    others = [s for s in item.get("sizes_in_stock") or [] if s != item["size"]]
    if item.get("alternative") and item["alternative"] in others:
        text += f" Size {item['alternative']} is in stock{in_colour}."
    elif others:
        text += f" In stock{in_colour}: sizes {say.join(others[:6])}."
    if colour and colours:
        text += f" {size} is in stock in {say.join(colours[:4])}."
    return text


def _advice(facts: Mapping[str, Any], say: Phrasing) -> str:
    lead = _problems(facts, say)
    noted = facts.get("assumptions") or []
    if noted:
        lead += f"(I read {say.join([str(n) for n in noted])}.) "
    text = _advice_text(facts["advice"], say, general=bool(facts.get("general")))
    if facts.get("plus_brands"):
        text += f" For larger sizes, {say.join(list(facts['plus_brands']))} go up to 3X."
    elif facts["advice"].get("outside") == "above":
        text += " This store doesn't carry a larger size in it, I'm afraid."
    follow = say.pick("Want me to size anything else?", "Anything else you'd like sized?", "")
    return f"{lead}{text} {follow}".strip()


def _ask(facts: Mapping[str, Any], say: Phrasing) -> str:
    lead = _problems(facts, say)
    missing = [str(m) for m in facts.get("missing") or []]
    title = facts.get("title")
    if "foot length" in missing:
        want = "your foot length (heel to longest toe, in cm or inches) or the shoe size you usually wear"
        if facts.get("ask_width"):
            want += ", and whether your feet are narrow, regular or wide"
    elif missing and missing[0].startswith("a "):
        want = f"{missing[0]} doesn't match a chart I know; could you give your measurements instead"
    else:
        want = (
            f"your {say.join(missing)} measurements (cm or inches), or the size you wear in a brand you know"
        )
    about = f" for {title}" if title else ""
    return f"{lead}To find your size{about}, could you tell me {want}?".strip()


def _problem(facts: Mapping[str, Any], say: Phrasing) -> str:
    return (
        _problems(facts, say)
        + say.pick("I've kept everything else you told me.", "Nothing else has changed.")
        + " Once that's sorted, I'll work out your size."
    ).strip()


def _noted(facts: Mapping[str, Any], say: Phrasing) -> str:
    lead = _problems(facts, say)
    noted = [str(n) for n in facts.get("noted") or []]
    said = f"Noted: {say.join(noted)}." if noted else say.acknowledge()
    choices = list(facts.get("choices") or [])
    if choices:
        rows = "\n".join(f"{c['position']}. {c['title']}" for c in choices)
        return f"{lead}{said} Which one should I size?\n{rows}".strip()
    return f"{lead}{said} Which item would you like me to size? Name it, or pick one from a list I've shown you.".strip()


def _not_sized(facts: Mapping[str, Any], say: Phrasing) -> str:
    return (
        f"{facts['title']} doesn't come in clothing or shoe sizes, so there's nothing to size. Anything else?"
    )


def _profile(facts: Mapping[str, Any], say: Phrasing) -> str:
    text = f"{facts['title']}: {facts['profile_sentence']}."
    if facts.get("evidence"):
        text += f" Our returns: {facts['evidence']}."
    elif facts.get("returns_note"):
        text += f" {facts['returns_note']}"
    return text + " Tell me your measurements or usual size and I'll pick the size for you."


TEMPLATES: Mapping[str, Renderer] = {
    "fit.advice": _advice,
    "fit.ask": _ask,
    "fit.problem": _problem,
    "fit.noted": _noted,
    "fit.not_sized": _not_sized,
    "fit.profile": _profile,
}
