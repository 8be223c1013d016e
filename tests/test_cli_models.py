"""`shopcrew models` and `shopcrew route`, as an operator runs them: no network, real store and classifier."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from shopcrew.cli import main
from shopcrew.models.ledger import ModelCall, SqlLedger
from shopcrew.settings import Settings
from shopcrew.store.database import open_store

PROVIDER_KEYS = ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "GOOGLE_API_KEY")


@pytest.fixture(autouse=True)
def no_provider_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in (*PROVIDER_KEYS, "SHOPCREW_OPENAI_COMPATIBLE_BASE_URL", "SHOPCREW_CONFIG"):
        monkeypatch.delenv(key, raising=False)


def shopcrew(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(list(args)) == 0
    return capsys.readouterr().out


def line_of(output: str, model: str) -> str:
    return next(line for line in output.splitlines() if line.startswith(model + " "))


def test_models_lists_every_card_with_configured_prices_tiers_and_circuit(
    demo_settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
    engine = open_store(demo_settings)
    ledger = SqlLedger(engine)
    for _ in range(3):
        ledger.record(
            ModelCall(
                at=datetime.now(UTC),
                task="compose",
                model="gpt-5",
                provider="openai",
                ok=False,
                error_kind="rate_limit",
            )
        )
    engine.dispose()

    out = shopcrew(
        capsys, "models", "--data-dir", str(demo_settings.data_dir), "--store", demo_settings.store
    )

    mini = line_of(out, "gpt-4.1-mini")
    assert "openai" in mini and " yes " in mini and "0.4 / 1.6" in mini and "2026-11-29" in mini
    assert "fast" in mini and "good" in mini and "OPENAI_API_KEY set" in mini
    assert "open (3 failures, last rate_limit; retry in" in line_of(out, "gpt-5")
    opus = line_of(out, "claude-opus-4")
    assert " no " in opus and "15 / 75" in opus and "no ANTHROPIC_API_KEY set" in opus
    assert "built in, always on" in line_of(out, "local")
    assert "budget caps: conversation $0.25, day $20.00" in out


def test_route_shows_agent_complexity_and_the_candidates_for_each_task(
    demo_settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
    data_dir = str(demo_settings.data_dir)

    consult = shopcrew(
        capsys,
        "route",
        "--data-dir",
        data_dir,
        "I have sensitive skin and rosacea and I'm on retinol — which moisturizer?",
    )
    lookup = shopcrew(capsys, "route", "--data-dir", data_dir, "Where is my order 1042?")

    assert "classified: skin" in consult and "complexity complex" in consult
    assert "→ agent skin" in consult
    compose = consult.split("compose: ")[1]
    assert compose.startswith("strongest tier")
    assert "1. gpt-5" in compose and "gpt-5 cheapest configured frontier model" in compose
    assert "extract: fast tier\n    1. gpt-4.1-mini" in lookup
    assert "→ agent orders" in lookup and "compose: fast tier\n    1. gpt-4.1-mini" in lookup
    assert lookup.rstrip().endswith("the local engine, last resort")


def test_route_with_a_photo_and_no_vision_model_says_so(
    demo_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    out = shopcrew(
        capsys, "route", "--data-dir", str(demo_settings.data_dir), "--image", "Do you have this in blue?"
    )

    assert "vision: " in out
    assert "no candidate: no configured model can see images" in out


def test_a_broken_store_config_is_a_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "store.toml"
    config.write_text('[models.gpt-5]\nvision = "sometimes"\n', encoding="utf-8")
    monkeypatch.setenv("SHOPCREW_CONFIG", str(config))

    assert main(["models", "--data-dir", str(tmp_path)]) == 2
    assert capsys.readouterr().err.strip() == (
        "shopcrew models: [models.gpt-5]: vision must be true or false, not 'sometimes'"
    )
