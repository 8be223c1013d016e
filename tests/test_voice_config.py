"""A broken [voice] table in the store config is refused with a message naming the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from shopcrew.settings import Settings
from shopcrew.voice_config import VoiceConfigError, store_voice


def config_with(tmp_path: Path, text: str) -> Settings:
    path = tmp_path / "store.toml"
    path.write_text(text, encoding="utf-8")
    return Settings(config=path)


def test_an_unknown_tone_names_the_field(tmp_path: Path) -> None:
    with pytest.raises(
        VoiceConfigError, match=r"\[voice\] tone: Input should be 'friendly', 'formal' or 'playful'"
    ):
        store_voice(config_with(tmp_path, '[voice]\ntone = "grumpy"\n'))


def test_voice_must_be_a_table(tmp_path: Path) -> None:
    with pytest.raises(VoiceConfigError, match=r"\[voice\] must be a table"):
        store_voice(config_with(tmp_path, 'voice = "friendly"\n'))


def test_a_playful_voice_with_emoji_is_read(tmp_path: Path) -> None:
    voice = store_voice(config_with(tmp_path, '[voice]\ntone = "playful"\nemoji = true\n'))
    assert voice.tone == "playful" and voice.emoji and voice.assistant_name == "Sam"
