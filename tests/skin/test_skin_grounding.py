"""Skin Analyzer template replies state only this turn's facts: the grounding check never repairs them."""

from __future__ import annotations

import pytest
from tests.conversations import converse

from shopcrew.app import build_assistant
from shopcrew.domain.messages import TurnResult
from shopcrew.domain.voice import BrandVoice
from shopcrew.settings import Settings

SCRIPTS = (
    ("I have sensitive skin, rosacea, and I'm on retinol. What moisturizer won't cause a reaction?", "is the second one ok with my retinol?", "would the Witch Hazel Balancing Lotion suit me?", "add the first one to my cart"),
    ("niacinamide serum for oily skin", "does the first one contain fragrance?"),
    ("which serum would you recommend for me?", "oily, acne-prone"),
    ("I'm pregnant and my skin is dull. Which serum is safe for me?", "is the 0.5% Retinol in Squalane safe for me?"),
    ("I have dry skin and I'm allergic to nuts. What body lotion can I use?",),
    ("can I use benzoyl peroxide with adapalene?", "can I use niacinamide with vitamin c?"),
    ("which sunscreen for my dry sensitive skin under $1?",),
    ("I have severe cystic acne on my jaw, oily skin. What cleanser should I use?",),
    ("I use retinol at night and the vitamin c serum in the morning, plus a glycolic toner. is that too much?", "benzoyl peroxide in the morning and retinol at night, is that ok?"),
)  # fmt: skip


@pytest.mark.parametrize("voice", [BrandVoice(), BrandVoice(tone="formal", use_words={"great": "excellent"})])
async def test_skin_template_replies_need_no_repair(demo_settings: Settings, voice: BrandVoice) -> None:
    assistant = build_assistant(demo_settings.model_copy(update={"voice": voice}))
    turns: list[TurnResult] = []
    try:
        for script in SCRIPTS:
            turns += await converse(assistant, *script)
    finally:
        assistant.close()
    repaired = [
        (t.trace["text"], t.reply, t.trace["grounding"]) for t in turns if t.trace["grounding"]["details"]
    ]
    assert repaired == []
    assert sum(1 for t in turns if "skin" in t.agents and t.products) >= 6
