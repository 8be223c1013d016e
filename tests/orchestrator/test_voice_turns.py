"""The store's brand voice, set in the store config, on every agent's replies: local engine and LLM alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conversations import converse

from shopcrew.app import build_assistant
from shopcrew.domain.messages import CustomerRef
from shopcrew.models.testing import ScriptedModel
from shopcrew.models.types import ModelRequest
from shopcrew.settings import Settings

JANE = CustomerRef(email="jane.doe@example.com", verified=True)
VOICE_TOML = """
[voice]
assistant_name = "Maple"
store_name = "Maple & Main"
sign_off = "— {assistant_name} at {store_name}"
emoji = false
avoid_words = ["unfortunately"]

[voice.use_words]
cheap = "affordable"
"""
SIGN_OFF = "— Maple at Maple & Main"


@pytest.fixture
def voiced(demo_settings: Settings, tmp_path: Path) -> Settings:
    config = tmp_path / "store.toml"
    config.write_text(VOICE_TOML, encoding="utf-8")
    return demo_settings.model_copy(update={"config": config})


def llm_writes(text: str) -> ScriptedModel:
    """A model that phrases every reply as `text` (extraction fails, so the local engine extracts)."""

    def answer(request: ModelRequest) -> str:
        return text if request.task == "compose" else "not JSON"

    return ScriptedModel("gpt-4.1-mini", answer)


async def test_an_llm_reply_comes_out_in_the_stores_words_without_emoji(
    voiced: Settings, with_model: list[ScriptedModel]
) -> None:
    model = llm_writes("Unfortunately, that's not cheap 😅 but worth it! 🎉")
    with_model.append(model)
    assistant = build_assistant(voiced)
    try:
        (turn,) = await converse(assistant, "what's your return policy?")
    finally:
        assistant.close()
    assert {m.model for m in turn.models if m.task == "compose"} == {"gpt-4.1-mini"}
    assert turn.reply == f"That's not affordable but worth it!\n\n{SIGN_OFF}"
    # The voice also went into the model's instructions.
    compose = next(r for r in model.requests if r.task == "compose")
    system = compose.messages[0].text
    assert "You are Maple, the shopping assistant of Maple & Main." in system
    assert "'affordable' instead of 'cheap'" in system and "Do not use emoji." in system
    assert "Never use these words: unfortunately." in system
    assert (
        "Do not sign the reply; the sign-off is added for you." in system and "{assistant_name}" not in system
    )


async def test_the_voice_never_rewrites_a_fact_of_the_turn(
    voiced: Settings, tmp_path: Path, with_model: list[ScriptedModel]
) -> None:
    config = tmp_path / "strict.toml"
    config.write_text(VOICE_TOML.replace('cheap = "affordable"', 'return = "send back"'), encoding="utf-8")

    def answer(request: ModelRequest) -> str:
        if request.task != "compose" or request.brief is None:
            return "not JSON"
        return f'You can return it: "{request.brief.facts["quote"]}"'

    with_model.append(ScriptedModel("gpt-4.1-mini", answer))
    assistant = build_assistant(voiced.model_copy(update={"config": config}))
    try:
        (turn,) = await converse(assistant, "what is your return window?")
    finally:
        assistant.close()
    quote = next(f["quote"] for f in turn.trace["facts"] if f.get("kind") == "policy")
    assert "return" in quote.lower()
    assert turn.reply.startswith("You can send back it:") and f'"{quote}"' in turn.reply


async def test_product_order_and_support_replies_share_the_voice(voiced: Settings) -> None:
    assistant = build_assistant(voiced)
    try:
        product, order, policy, hello = await converse(
            assistant,
            "show me trail running shoes",
            "where is order 2035?",
            "do you take paypal",
            "who are you?",
            customer=JANE,
        )
    finally:
        assistant.close()
    assert [t.agents[-1] for t in (product, order, policy, hello)] == [
        "product_expert",
        "orders",
        "support",
        "support",
    ]
    for turn in (product, order, policy, hello):
        assert turn.reply.endswith(SIGN_OFF) and turn.reply.count(SIGN_OFF) == 1
    assert "I'm Maple, Maple & Main's virtual shopping assistant" in hello.reply


async def test_the_environment_wins_over_the_config_file(
    voiced: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shopcrew.voice_config import store_voice

    assert store_voice(Settings()).assistant_name == "Sam"  # no config, no env: the defaults
    monkeypatch.setenv("SHOPCREW_VOICE__TONE", "formal")
    monkeypatch.setenv("SHOPCREW_VOICE__ASSISTANT_NAME", "Ada")
    settings = Settings(config=voiced.config)
    voice = store_voice(settings)
    assert (voice.assistant_name, voice.store_name, voice.tone) == ("Ada", "Maple & Main", "formal")
    assert voice.use_words == {"cheap": "affordable"}


async def test_the_sign_off_ends_the_whole_reply_once(voiced: Settings) -> None:
    assistant = build_assistant(voiced)
    try:
        (two_requests,) = await converse(
            assistant, "where is order 2035, and do you have the trail runner in 11 wide?", customer=JANE
        )
        (handoff,) = await converse(assistant, "can I talk to a real person?")
    finally:
        assistant.close()
    assert len(two_requests.agents) == 2
    assert two_requests.reply.count(SIGN_OFF) == 1 and two_requests.reply.endswith(SIGN_OFF)
    assert handoff.owner == "human"
    # The support-hours sentence comes before the sign-off, not after it.
    assert handoff.reply.count(SIGN_OFF) == 1 and handoff.reply.endswith(f".\n\n{SIGN_OFF}")
    assert handoff.reply.index("A teammate will reply") < handoff.reply.index(SIGN_OFF)
