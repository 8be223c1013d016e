"""Which models this store can use: cards plus environment, and the router built from them.

A provider is configured when its SDK's key is in the environment; its module
(`shopcrew.models.providers.<provider>`) is imported only then, and its
`from_environment(card, env, *, http_client=None)` builds the model. Providers without a key
variable here (llamacpp, say) are asked directly, and answer None when they have nothing to run.
"""

from __future__ import annotations

import importlib
import logging
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from shopcrew.models.breaker import CircuitBreaker
from shopcrew.models.budget import Budget, BudgetCaps
from shopcrew.models.cards import ModelCard, load_cards
from shopcrew.models.ledger import SqlLedger
from shopcrew.models.policy import RoutingPolicy, load_policy
from shopcrew.models.router import LOCAL, ModelRouter
from shopcrew.models.types import Model
from shopcrew.settings import Settings

logger = logging.getLogger(__name__)

# The environment variables that switch a provider on (any one of them), as each SDK names them.
PROVIDER_KEYS: Mapping[str, tuple[str, ...]] = {
    "openai": ("OPENAI_API_KEY",),
    "anthropic": ("ANTHROPIC_API_KEY",),
    "google": ("GEMINI_API_KEY", "GOOGLE_API_KEY"),
    "openai_compatible": ("SHOPCREW_OPENAI_COMPATIBLE_BASE_URL",),
}
# Extras to install for a provider whose SDK is missing.
_EXTRAS = {"openai": "openai", "openai_compatible": "openai", "anthropic": "anthropic", "google": "google"}


class ConfigError(ValueError):
    """The store's config file cannot be read or has a wrong shape."""


@dataclass(frozen=True)
class ModelStatus:
    """One card and whether this store can use it, with the reason."""

    card: ModelCard
    configured: bool
    why: str


@dataclass(frozen=True)
class ModelRegistry:
    """The models built from cards and environment, and the status of every card."""

    cards: Mapping[str, ModelCard]
    models: Sequence[Model]
    statuses: Sequence[ModelStatus]


def read_store_config(path: Path | None) -> Mapping[str, Any]:
    """The store's TOML config file (SHOPCREW_CONFIG), or an empty one when no path is given."""
    if path is None:
        return {}
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except OSError as error:
        raise ConfigError(f"cannot read the store config {path}: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"the store config {path} is not valid TOML: {error}") from None


def cards_and_policy(settings: Settings) -> tuple[dict[str, ModelCard], RoutingPolicy]:
    """Packaged cards and default policy, overridden by the config file, then by Settings."""
    config = read_store_config(settings.config)
    models = config.get("models", {})
    routing = config.get("routing", {})
    if not isinstance(models, Mapping) or not isinstance(routing, Mapping):
        raise ConfigError(f"{settings.config}: [models] and [routing] must be tables")
    cards = load_cards(models, settings.model_overrides)
    return cards, load_policy(routing, settings.model_routing)


def build_models(
    cards: Mapping[str, ModelCard],
    env: Mapping[str, str],
    *,
    local: Model | None,
    http_client: Any = None,
    importer: Callable[[str], Any] = importlib.import_module,
) -> ModelRegistry:
    """Build every card's model that the environment configures; `local` stands for the local engine."""
    models: list[Model] = []
    statuses: list[ModelStatus] = []
    for card in cards.values():
        if card.provider == "local" or card.id == LOCAL:
            if local is not None and card.id == local.name:
                models.append(local)
            statuses.append(ModelStatus(card, True, "built in, always on (the last resort)"))
            continue
        model, why = _build(card, env, http_client, importer)
        if model is not None:
            models.append(model)
        statuses.append(ModelStatus(card, model is not None, why))
    return ModelRegistry(cards=dict(cards), models=models, statuses=statuses)


def _build(
    card: ModelCard, env: Mapping[str, str], http_client: Any, importer: Callable[[str], Any]
) -> tuple[Model | None, str]:
    keys = PROVIDER_KEYS.get(card.provider)
    if keys is not None:
        present = next((key for key in keys if env.get(key, "").strip()), None)
        if present is None:
            return None, f"no {' or '.join(keys)} set"
    module_name = f"shopcrew.models.providers.{card.provider}"
    try:
        module = importer(module_name)
    except ModuleNotFoundError as error:
        if error.name == module_name:
            return None, f"no provider module for {card.provider!r}"
        extra = _EXTRAS.get(card.provider, card.provider)
        return None, f"the {error.name} package is missing (pip install 'shopcrew[{extra}]')"
    except ImportError as error:
        return None, f"the {card.provider} provider cannot load: {error}"
    from_environment = getattr(module, "from_environment", None)
    if from_environment is None:
        return None, f"{module_name} has no from_environment()"
    try:
        model = from_environment(card, env, http_client=http_client)
    except Exception as error:  # a provider that cannot start must not stop the assistant
        logger.warning("model %s is off: %s", card.id, error)
        return None, f"the provider failed to start: {error}"
    if model is None:
        return None, f"the {card.provider} provider found nothing to run"
    return model, f"{present} set" if keys is not None else "found by its provider"


def build_router(
    settings: Settings,
    env: Mapping[str, str],
    *,
    local: Model,
    engine: Engine,
    http_client: Any = None,
) -> ModelRouter:
    """The router of a running assistant: configured models, the store's policy, breaker, budget and ledger.

    The breaker is restored from the ledger's recent failures, so a model resting before a
    restart keeps resting after it.
    """
    cards, policy = cards_and_policy(settings)
    registry = build_models(cards, env, local=local, http_client=http_client)
    for status in registry.statuses:
        logger.info("model %s: %s (%s)", status.card.id, "on" if status.configured else "off", status.why)
    ledger = SqlLedger(engine)
    breaker = CircuitBreaker(
        failure_threshold=settings.circuit_failures, cooldown_s=settings.circuit_cooldown_s
    )
    since = datetime.now(UTC) - timedelta(seconds=settings.circuit_cooldown_s * 4)
    breaker.restore((c.model, c.ok, c.error_kind, c.at.timestamp()) for c in ledger.recent_calls(since))
    budget = Budget(
        BudgetCaps(conversation_usd=settings.budget_conversation_usd, day_usd=settings.budget_day_usd), ledger
    )
    return ModelRouter(
        registry.models, cards=cards, policy=policy, breaker=breaker, budget=budget, ledger=ledger
    )
