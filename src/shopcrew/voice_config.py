"""The store's brand voice: the `[voice]` table of the store config, under SHOPCREW_VOICE__* settings.

    [voice]
    assistant_name = "Maple"
    store_name = "Maple & Main"
    tone = "friendly"            # friendly, formal or playful
    sign_off = "— {assistant_name} at {store_name}"
    emoji = false
    avoid_words = ["unfortunately"]

    [voice.use_words]
    cheap = "affordable"

Each field set in the environment (SHOPCREW_VOICE__TONE=formal) wins over the same field in the
file; fields set in neither keep BrandVoice's defaults.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import ValidationError

from shopcrew.domain.voice import BrandVoice
from shopcrew.models.registry import ConfigError, read_store_config
from shopcrew.settings import Settings


class VoiceConfigError(ConfigError):
    """The `[voice]` table of the store config is not a valid brand voice; the message says which field."""


def store_voice(settings: Settings) -> BrandVoice:
    """The brand voice every reply is written in: defaults, then the config's `[voice]`, then the environment."""
    table = read_store_config(settings.config).get("voice", {})
    if not isinstance(table, Mapping):
        raise VoiceConfigError(f"{settings.config}: [voice] must be a table")
    from_env = settings.voice.model_dump(include=settings.voice.model_fields_set)
    try:
        return BrandVoice.model_validate({**table, **from_env})
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'voice'}: {e['msg']}" for e in error.errors()
        )
        raise VoiceConfigError(f"{settings.config}: [voice] {problems}") from None
