"""Model cards: what each model costs, can do and how fast and good it is — data, overridable by the store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

LatencyTier = Literal["fast", "medium", "slow"]
QualityTier = Literal["basic", "good", "strong", "frontier"]


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
        return (input_tokens * self.input_price_per_mtok + output_tokens * self.output_price_per_mtok) / 1_000_000
