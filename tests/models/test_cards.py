"""Model cards ship as data with dated list prices, and a store overrides them from its config."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from tests.models.router_fakes import answering

from shopcrew.models.cards import CardError, load_cards, packaged_cards
from shopcrew.models.registry import ConfigError, build_models, cards_and_policy
from shopcrew.settings import Settings

SHIPPED = {
    "gpt-5",
    "gpt-4.1",
    "gpt-4.1-mini",
    "claude-opus-4",
    "claude-sonnet-4",
    "gemini-2.5-pro",
    "gemini-2.5-flash",
    "smollm2-135m",
    "local",
}


def test_every_promised_model_has_a_card_with_a_dated_price() -> None:
    cards = packaged_cards()

    assert set(cards) == SHIPPED
    for card in cards.values():
        if card.provider in ("local", "llamacpp"):
            assert card.free and card.price_date is None
        else:
            assert card.input_price_per_mtok > 0 and card.output_price_per_mtok > card.input_price_per_mtok
            assert card.price_date == date(2026, 11, 29)
            assert card.vision and card.tools and card.json_output
    assert not cards["local"].vision and not cards["smollm2-135m"].vision
    assert cards["claude-opus-4"].cost_usd(1_000_000, 1_000_000) == 90.0
    assert cards["gpt-4.1-mini"].model == "gpt-4.1-mini-2025-04-14"


def test_a_store_overrides_a_price_and_adds_its_own_model() -> None:
    cards = load_cards(
        {
            "gpt-4.1-mini": {"input_price_per_mtok": 0.2, "price_date": "2026-12-01"},
            "ollama-llama3": {
                "provider": "openai_compatible",
                "model": "llama3.1:8b",
                "input_price_per_mtok": 0,
                "output_price_per_mtok": 0,
                "context_window": 131072,
                "vision": False,
                "tools": True,
                "json_output": True,
                "latency_tier": "medium",
                "quality_tier": "good",
            },
        }
    )

    assert cards["gpt-4.1-mini"].input_price_per_mtok == 0.2
    assert cards["gpt-4.1-mini"].output_price_per_mtok == 1.6, "fields not named keep their value"
    assert cards["gpt-4.1-mini"].price_date == date(2026, 12, 1)
    assert cards["ollama-llama3"].provider == "openai_compatible" and cards["ollama-llama3"].free


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"gpt-5": {"input_price": 1}}, r"\[models.gpt-5\]: unknown field\(s\) input_price"),
        ({"gpt-5": {"vision": "yes"}}, "vision must be true or false"),
        ({"gpt-5": {"quality_tier": "genius"}}, "quality_tier must be one of basic, good, strong, frontier"),
        ({"mine": {"provider": "openai"}}, r"\[models.mine\]: missing field\(s\) context_window"),
        ({"gpt-5": {"output_price_per_mtok": -1}}, "output_price_per_mtok must be a price"),
    ],
)
def test_a_wrong_card_says_which_field_is_wrong(override: dict[str, dict[str, object]], message: str) -> None:
    with pytest.raises(CardError, match=message):
        load_cards(override)


def test_the_store_config_file_and_settings_layer_over_the_packaged_cards(tmp_path: Path) -> None:
    config = tmp_path / "store.toml"
    config.write_text(
        '[models."gpt-4.1-mini"]\ninput_price_per_mtok = 0.3\n\n'
        '[routing.agents.skin]\npin = "claude-sonnet-4"\n\n'
        '[routing.tasks]\ncompose = { simple = "balanced", complex = "strongest" }\n',
        encoding="utf-8",
    )
    settings = Settings(
        data_dir=tmp_path, config=config, model_overrides={"gpt-4.1-mini": {"output_price_per_mtok": 1.0}}
    )

    cards, policy = cards_and_policy(settings)

    mini = cards["gpt-4.1-mini"]
    assert (mini.input_price_per_mtok, mini.output_price_per_mtok) == (0.3, 1.0)
    assert policy.pin_for("skin") == "claude-sonnet-4"
    assert policy.tier_for("compose", "product_expert", "simple") == "balanced"
    assert policy.tier_for("compose", "orders", "complex") == "fast", "the default agent rule still holds"


def test_an_unreadable_store_config_is_a_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "store.toml"
    broken.write_text("[models\n", encoding="utf-8")

    with pytest.raises(ConfigError, match="is not valid TOML"):
        cards_and_policy(Settings(data_dir=tmp_path, config=broken))
    with pytest.raises(ConfigError, match="cannot read the store config"):
        cards_and_policy(Settings(data_dir=tmp_path, config=tmp_path / "missing.toml"))


def test_a_provider_is_configured_when_its_key_is_set_and_only_then_imported() -> None:
    imported: list[str] = []

    def importer(name: str) -> object:
        imported.append(name)
        if name.endswith(".google"):
            raise ModuleNotFoundError("No module named 'google.genai'", name="google.genai")
        if name.endswith(".llamacpp"):
            return SimpleNamespace(from_environment=lambda card, env, http_client=None: None)
        return SimpleNamespace(from_environment=lambda card, env, http_client=None: answering(card.id))

    registry = build_models(
        packaged_cards(),
        {"OPENAI_API_KEY": "sk-test", "GEMINI_API_KEY": "g"},
        local=answering("local"),
        importer=importer,
    )

    status = {s.card.id: (s.configured, s.why) for s in registry.statuses}
    assert [m.name for m in registry.models] == ["gpt-5", "gpt-4.1", "gpt-4.1-mini", "local"]
    assert status["gpt-4.1-mini"] == (True, "OPENAI_API_KEY set")
    assert status["claude-sonnet-4"] == (False, "no ANTHROPIC_API_KEY set")
    assert status["gemini-2.5-flash"] == (
        False,
        "the google.genai package is missing (pip install 'shopcrew[google]')",
    )
    assert status["smollm2-135m"] == (False, "the llamacpp provider found nothing to run")
    assert status["local"] == (True, "built in, always on (the last resort)")
    assert "shopcrew.models.providers.anthropic" not in imported, "no key, no import"
