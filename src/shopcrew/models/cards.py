"""Model cards: what each model costs, can do and how fast and good it is — data, overridable by the store."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import date
from importlib import resources
from typing import Any, Literal, get_args

LatencyTier = Literal["fast", "medium", "slow"]
QualityTier = Literal["basic", "good", "strong", "frontier"]

# Tiers in order, best last, so the router can compare them.
LATENCY_TIERS: tuple[LatencyTier, ...] = get_args(LatencyTier)
QUALITY_TIERS: tuple[QualityTier, ...] = get_args(QualityTier)


@dataclass(frozen=True)
class ModelCard:
    """One model as the router sees it. Prices are USD per million tokens, taken on `price_date`."""

    id: str  # shopcrew's name for it, e.g. "gpt-4.1-mini"
    provider: str  # openai | anthropic | google | openai_compatible | llamacpp | local
    model: str  # the vendor's model name sent on the wire, e.g. "gpt-4.1-mini-2025-04-14"
    input_price_per_mtok: float
    output_price_per_mtok: float
    price_date: date | None
    context_window: int
    vision: bool
    tools: bool
    json_output: bool
    latency_tier: LatencyTier
    quality_tier: QualityTier

    def cost_usd(self, input_tokens: int, output_tokens: int) -> float:
        """What a call with these token counts costs."""
        return (
            input_tokens * self.input_price_per_mtok + output_tokens * self.output_price_per_mtok
        ) / 1_000_000

    @property
    def free(self) -> bool:
        """True for models that cost nothing per token (the local engine, in-process models)."""
        return self.input_price_per_mtok == 0 and self.output_price_per_mtok == 0


class CardError(ValueError):
    """A model card (packaged or from the store's config) is incomplete or has a wrong value."""


_FIELDS = {f.name: f for f in fields(ModelCard)}
_NUMBERS = {"input_price_per_mtok", "output_price_per_mtok"}
_FLAGS = {"vision", "tools", "json_output"}


def packaged_cards() -> dict[str, ModelCard]:
    """The cards shipped with shopcrew (models/cards.toml)."""
    text = resources.files("shopcrew.models").joinpath("cards.toml").read_text(encoding="utf-8")
    tables = tomllib.loads(text)["models"]
    return {model_id: card_from_table(model_id, table) for model_id, table in tables.items()}


def load_cards(*overrides: Mapping[str, Mapping[str, Any]]) -> dict[str, ModelCard]:
    """The packaged cards with each `{id: {field: value}}` override applied in turn.

    An override of a known id replaces only the fields it names; an unknown id adds a card and
    must name every field but `price_date`.
    """
    cards = packaged_cards()
    for layer in overrides:
        for model_id, table in layer.items():
            if not isinstance(table, Mapping):
                raise CardError(f"[models.{model_id}] must be a table of card fields")
            known = cards.get(model_id)
            cards[model_id] = (
                override_card(known, table) if known is not None else card_from_table(model_id, table)
            )
    return cards


def override_card(card: ModelCard, table: Mapping[str, Any]) -> ModelCard:
    """`card` with the fields named in `table` replaced (checked like a full card)."""
    merged = {f: getattr(card, f) for f in _FIELDS if f != "id"} | dict(table)
    return replace(card, **_checked(card.id, merged))


def card_from_table(model_id: str, table: Mapping[str, Any]) -> ModelCard:
    """A card from a TOML/JSON table; a missing or mistyped field is a CardError that names it."""
    return ModelCard(id=model_id, **_checked(model_id, dict(table)))


def _checked(model_id: str, table: dict[str, Any]) -> dict[str, Any]:
    where = f"[models.{model_id}]"
    unknown = sorted(set(table) - set(_FIELDS) - {"id"})
    if unknown:
        raise CardError(f"{where}: unknown field(s) {', '.join(unknown)}; known: {', '.join(_FIELDS)}")
    table.pop("id", None)
    table.setdefault("price_date", None)
    missing = sorted(set(_FIELDS) - {"id"} - set(table))
    if missing:
        raise CardError(f"{where}: missing field(s) {', '.join(missing)}")
    for name in _NUMBERS:
        value = table[name]
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise CardError(f"{where}: {name} must be a price in USD per million tokens, not {value!r}")
        table[name] = float(value)
    for name in _FLAGS:
        if not isinstance(table[name], bool):
            raise CardError(f"{where}: {name} must be true or false, not {table[name]!r}")
    window = table["context_window"]
    if isinstance(window, bool) or not isinstance(window, int) or window <= 0:
        raise CardError(f"{where}: context_window must be a positive number of tokens, not {window!r}")
    if table["latency_tier"] not in LATENCY_TIERS:
        raise CardError(f"{where}: latency_tier must be one of {', '.join(LATENCY_TIERS)}")
    if table["quality_tier"] not in QUALITY_TIERS:
        raise CardError(f"{where}: quality_tier must be one of {', '.join(QUALITY_TIERS)}")
    price_date = table["price_date"]
    if isinstance(price_date, str):
        try:
            table["price_date"] = date.fromisoformat(price_date)
        except ValueError:
            raise CardError(f"{where}: price_date must be a date (YYYY-MM-DD), not {price_date!r}") from None
    elif price_date is not None and not isinstance(price_date, date):
        raise CardError(f"{where}: price_date must be a date (YYYY-MM-DD), not {price_date!r}")
    for name in ("provider", "model"):
        if not isinstance(table[name], str) or not table[name]:
            raise CardError(f"{where}: {name} must be a non-empty string")
    return table
