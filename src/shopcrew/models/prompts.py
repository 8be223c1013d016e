"""Prompts for language models: the same facts the local engine's templates render, phrased by an LLM.

An LLM never decides here. For `extract` it fills the Extraction schema from the shopper's words;
for `compose` it phrases the agent's reply from the facts the tools returned this turn, in the
store's voice, and may state nothing that isn't in those facts.
"""

from __future__ import annotations

import json

from shopcrew.domain.jsonable import to_jsonable
from shopcrew.domain.voice import BrandVoice
from shopcrew.models.types import ChatMessage, ImagePart, ReplyBrief

EXTRACT_SYSTEM = (
    "You extract structured data from one message a shopper sent to an online store's assistant. "
    "Fill every field of the JSON schema from the message only; leave lists empty and values null when the "
    "message does not say them. Never guess order numbers, emails or names. Answer with JSON only."
)

_TONES = {
    "friendly": "warm and friendly, using contractions",
    "formal": "polite and formal, without contractions or slang",
    "playful": "light and playful, never silly about money or problems",
}


def extract_messages(text: str, expecting: str | None) -> tuple[ChatMessage, ...]:
    """Messages asking a model to fill the Extraction schema from one shopper message."""
    hint = f"\nThe assistant had just asked the shopper for: {expecting}." if expecting else ""
    return (ChatMessage("system", EXTRACT_SYSTEM + hint), ChatMessage("user", text))


def voice_rules(voice: BrandVoice) -> str:
    """The brand voice as instructions."""
    rules = [
        f"You are {voice.assistant_name}, the shopping assistant of {voice.store_name}.",
        f"Tone: {_TONES.get(voice.tone, voice.tone)}.",
        "Use emoji sparingly." if voice.emoji else "Do not use emoji.",
    ]
    if voice.use_words:
        rules.append(
            "Prefer these words: " + ", ".join(f"'{b}' instead of '{a}'" for a, b in voice.use_words.items())
        )
    if voice.avoid_words:
        rules.append("Never use these words: " + ", ".join(voice.avoid_words) + ".")
    if voice.sign_off:
        # The code signs the whole reply once (domain.voice.sign_reply); a model's own would double it.
        rules.append("Do not sign the reply; the sign-off is added for you.")
    return " ".join(rules)


def compose_messages(
    brief: ReplyBrief, voice: BrandVoice, shopper_text: str, images: tuple[ImagePart, ...] = ()
) -> tuple[ChatMessage, ...]:
    """Messages asking a model to phrase an agent's reply from its facts, and nothing else."""
    system = "\n".join(
        [
            brief.instructions,
            voice_rules(voice),
            "Write the reply to the shopper's last message using ONLY the facts below. Copy product names, "
            "prices, sizes, ingredients, order numbers, dates and statuses exactly as given. If a fact the "
            "shopper asks for is not in the facts, say you don't have that information. Keep it short: "
            "two to five sentences, or a short list when there are several products or orders.",
            f"Reply kind: {brief.intent}",
            "FACTS (JSON):",
            json.dumps(to_jsonable(brief.facts), ensure_ascii=False, sort_keys=True),
        ]
    )
    return (ChatMessage("system", system), ChatMessage("user", shopper_text, images=images))
