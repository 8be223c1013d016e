"""Template replies: agents register one renderer per reply intent; the local engine renders briefs.

A renderer is a plain function `(facts, phrasing) -> str`. `Phrasing` gives it seeded variation and
tone-aware stock phrases, so the same brief with the same seed always reads the same, and a store
set to "formal" never sees "I'm" or "Hey!".
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any, Final

from shopcrew.domain.voice import BrandVoice
from shopcrew.models.types import ModelError, ReplyBrief

_CURRENCY_SYMBOLS: Final = MappingProxyType(
    {"USD": "$", "EUR": "€", "GBP": "£", "CAD": "CA$", "AUD": "A$", "JPY": "¥"}
)


class Phrasing:
    """What a renderer gets besides the facts: seeded choices and phrases in the store's tone."""

    def __init__(self, voice: BrandVoice, seed: int) -> None:
        self.voice = voice
        self._rng = random.Random(seed)

    @property
    def tone(self) -> str:
        """The store's tone: "friendly", "formal" or "playful"."""
        return self.voice.tone

    def pick(self, *options: str) -> str:
        """One of `options`, chosen by the brief's seed (same seed, same choice)."""
        if not options:
            raise ValueError("pick() needs at least one option")
        return self._rng.choice(options)

    def by_tone(
        self,
        friendly: str | Sequence[str],
        formal: str | Sequence[str],
        playful: str | Sequence[str] | None = None,
    ) -> str:
        """The variant for the store's tone; a sequence means "pick one of these"."""
        chosen = {"friendly": friendly, "formal": formal, "playful": playful or friendly}[self.voice.tone]
        return chosen if isinstance(chosen, str) else self.pick(*chosen)

    def greeting(self, name: str | None = None) -> str:
        """An opening line: "Hi Jane!", "Good day, Jane.", "Hey Jane! 👋"."""
        to = f" {name}" if name else ""
        return self.by_tone(
            friendly=(f"Hi{to}!", f"Hello{to}!", f"Hi there{',' + to if to else ''}!"),
            formal=(f"Good day{',' + to if to else ''}.", f"Hello{to}."),
            playful=(f"Hey{to}!{self.emoji(' 👋')}", f"Hiya{to}!{self.emoji(' ✨')}"),
        )

    def apology(self) -> str:
        """A short apology: "Sorry about that.", "I apologise for the inconvenience."."""
        return self.by_tone(
            friendly=("Sorry about that.", "I'm sorry about that.", "Sorry for the trouble."),
            formal=("I apologise for the inconvenience.", "Please accept my apologies."),
            playful=("Oops, sorry about that!", "Ah, sorry about that!"),
        )

    def thanks(self) -> str:
        """A thank-you line."""
        return self.by_tone(
            friendly=("Thanks!", "Thank you!", "Thanks so much!"),
            formal=("Thank you.", "Thank you very much."),
            playful=("Thanks a bunch!", "You're the best, thanks!"),
        )

    def acknowledge(self) -> str:
        """A short "understood" to open a reply."""
        return self.by_tone(
            friendly=("Got it.", "Sure thing.", "Okay!"),
            formal=("Certainly.", "Understood."),
            playful=("On it!", "You got it!"),
        )

    def offer_more(self) -> str:
        """A closing question inviting the shopper to go on."""
        return self.by_tone(
            friendly=("Anything else I can help with?", "Is there anything else you'd like to know?"),
            formal=("May I help you with anything else?", "Is there anything else I can assist you with?"),
            playful=("What else can I dig up for you?", "Anything else on your list?"),
        )

    def emoji(self, symbol: str) -> str:
        """`symbol` when the voice allows emoji, else an empty string."""
        return symbol if self.voice.emoji else ""

    def money(self, value: Decimal | str | float | int, currency: str = "USD") -> str:
        """A price as shoppers read it: "$38.00", "€1,250.50", "CHF 12.00"."""
        try:
            amount = value if isinstance(value, Decimal) else Decimal(str(value))
        except InvalidOperation as exc:
            raise ValueError(f"not a price: {value!r}") from exc
        symbol = _CURRENCY_SYMBOLS.get(currency.upper(), f"{currency.upper()} ")
        sign = "-" if amount < 0 else ""
        return f"{sign}{symbol}{abs(amount):,.2f}"

    def join(self, items: Sequence[str], conjunction: str = "and") -> str:
        """Items as a phrase: "a", "a and b", "a, b and c"."""
        items = [str(i) for i in items if str(i)]
        if len(items) <= 1:
            return items[0] if items else ""
        return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"

    def plural(self, count: int, singular: str, plural: str | None = None) -> str:
        """ "1 pair", "2 pairs", "3 boxes" (with an explicit plural)."""
        return f"{count} {singular if count == 1 else plural or singular + 's'}"

    def bullets(self, items: Sequence[str]) -> str:
        """One item per line, each led by "- "."""
        return "\n".join(f"- {item}" for item in items)


Renderer = Callable[[Mapping[str, Any], Phrasing], str]
"""A reply template: the brief's facts and a Phrasing in, the reply text out."""


class TemplateBook:
    """Reply templates by intent ("orders.status"); each agent registers its own."""

    def __init__(self, templates: Mapping[str, Renderer] | None = None) -> None:
        self._templates: dict[str, Renderer] = {}
        if templates:
            self.update(templates)

    def register(self, intent: str, renderer: Renderer) -> None:
        """Add the renderer for `intent`; registering an intent twice is a ValueError."""
        if intent in self._templates:
            raise ValueError(f"a template for {intent!r} is already registered")
        self._templates[intent] = renderer

    def update(self, templates: Mapping[str, Renderer]) -> None:
        """Register several templates at once; nothing is added if any intent is taken."""
        taken = sorted(set(templates) & set(self._templates))
        if taken:
            raise ValueError(f"templates already registered for: {', '.join(taken)}")
        self._templates.update(templates)

    def __contains__(self, intent: object) -> bool:
        return intent in self._templates

    @property
    def intents(self) -> list[str]:
        """Every registered intent, sorted."""
        return sorted(self._templates)

    def render(self, brief: ReplyBrief, voice: BrandVoice) -> str:
        """Render `brief` with its intent's template (before the voice is applied).

        An unknown intent falls back to `facts["message"]` when there is one; otherwise it raises
        ModelError(kind="no_template"). A template that fails on the facts raises kind="bad_brief".
        """
        renderer = self._templates.get(brief.intent)
        if renderer is None:
            if isinstance(brief.facts.get("message"), str) and brief.facts["message"].strip():
                renderer = render_message
            else:
                raise ModelError("local", "no_template", f"no reply template for intent {brief.intent!r}")
        phrasing = Phrasing(voice, zlib.crc32(brief.intent.encode()) ^ brief.variation_seed)
        try:
            text = renderer(brief.facts, phrasing)
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            detail = f"missing fact {exc}" if isinstance(exc, KeyError) else str(exc)
            raise ModelError(
                "local", "bad_brief", f"template {brief.intent!r} could not render: {detail}"
            ) from exc
        return text.strip()


# --- generic templates ---------------------------------------------------------------------------


def render_message(facts: Mapping[str, Any], p: Phrasing) -> str:
    """`generic.message`: says facts["message"] as it is."""
    return str(facts["message"])


def render_list(facts: Mapping[str, Any], p: Phrasing) -> str:
    """`generic.list`: facts["items"] as a list, with optional "intro", "outro" and "empty" lines."""
    items = [str(item) for item in facts["items"]]
    if not items:
        return str(
            facts.get("empty")
            or p.by_tone("I couldn't find anything for that.", "I could not find any results.")
        )
    intro = facts.get("intro") or p.by_tone(
        friendly=("Here's what I found:", "Here you go:"),
        formal=("Here are the results:", "Please find the results below:"),
        playful=("Ta-da! Here's what I dug up:", "Check these out:"),
    )
    parts = [str(intro), p.bullets(items)]
    if facts.get("outro"):
        parts.append(str(facts["outro"]))
    return "\n".join(parts)


def render_greeting(facts: Mapping[str, Any], p: Phrasing) -> str:
    """`generic.greeting`: hello, who the assistant is, and an offer to help."""
    name, store = p.voice.assistant_name, p.voice.store_name
    hello = p.greeting(facts.get("customer_name"))
    intro = p.by_tone(
        friendly=(f"I'm {name}, {store}'s shopping assistant.", f"I'm {name} from {store}."),
        formal=(f"I am {name}, the shopping assistant of {store}.",),
        playful=(f"{name} here, your {store} shopping sidekick.",),
    )
    offer = p.by_tone(
        friendly=("How can I help today?", "What are you looking for today?"),
        formal=("How may I assist you today?",),
        playful=("What are we shopping for today?",),
    )
    return f"{hello} {intro} {offer}"


def render_clarify(facts: Mapping[str, Any], p: Phrasing) -> str:
    """`generic.clarify`: asks facts["question"], or which of facts["options"] the shopper means."""
    options = [str(o) for o in facts.get("options", ())]
    if not options:
        return str(facts["question"])
    lead = p.by_tone(
        friendly=("Just to make sure I get this right:", "Quick check:"),
        formal=("To make sure I understand correctly:",),
        playful=("Quick question so I nail it:",),
    )
    return f"{lead} did you mean {p.join(options, 'or')}?"


def render_apology(facts: Mapping[str, Any], p: Phrasing) -> str:
    """`generic.apology`: an apology with an optional facts["reason"] and facts["next_step"]."""
    parts = [p.apology()]
    if facts.get("reason"):
        parts.append(str(facts["reason"]).rstrip(".") + ".")
    if facts.get("next_step"):
        parts.append(str(facts["next_step"]))
    return " ".join(parts)


def render_handoff(facts: Mapping[str, Any], p: Phrasing) -> str:
    """`generic.handoff`: tells the shopper a person is taking over (facts: "team", "eta")."""
    team = facts.get("team") or p.by_tone("a teammate", "a member of our team")
    line = p.by_tone(
        friendly=(
            f"I'm bringing in {team} who can help with this.",
            f"I've asked {team} to take it from here.",
        ),
        formal=(f"I am transferring you to {team}, who will assist you further.",),
        playful=(f"Calling in {team} for this one!",),
    )
    return f"{line} They usually reply within {facts['eta']}." if facts.get("eta") else line


def render_goodbye(facts: Mapping[str, Any], p: Phrasing) -> str:
    """`generic.goodbye`: thanks and farewell."""
    farewell = p.by_tone(
        friendly=("Have a great day!", "Take care!"),
        formal=("Have a pleasant day.",),
        playful=("Happy shopping!", "Catch you later!"),
    )
    return f"{p.thanks()} {farewell}"


GENERIC_TEMPLATES: Final[Mapping[str, Renderer]] = MappingProxyType(
    {
        "generic.message": render_message,
        "generic.list": render_list,
        "generic.greeting": render_greeting,
        "generic.clarify": render_clarify,
        "generic.apology": render_apology,
        "generic.handoff": render_handoff,
        "generic.goodbye": render_goodbye,
    }
)


def default_template_book() -> TemplateBook:
    """A new TemplateBook holding the generic templates; agents add theirs with `update`."""
    return TemplateBook(GENERIC_TEMPLATES)
