"""The routing policy: which tier of model each task gets, per agent and per complexity — data with defaults.

A tier names a preference, not a model: `fast` (cheap, quick models for lookups and extraction),
`balanced` (strong models at moderate prices) and `strongest` (the best configured). The router
turns a tier into an ordered list of the models that are configured, capable and within budget.
A store changes the defaults with a `[routing]` table in its config file (docs/models.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from shopcrew.models.cards import QUALITY_TIERS, ModelCard, QualityTier

Tier = Literal["fast", "balanced", "strongest"]
TIERS: tuple[Tier, ...] = get_args(Tier)
TASKS = ("classify", "extract", "compose", "reason", "vision")
COMPLEXITIES = ("simple", "moderate", "complex")


class PolicyError(ValueError):
    """The `[routing]` configuration names an unknown task, tier or field."""


@dataclass(frozen=True)
class TaskRule:
    """The tier for one task at each complexity the orchestrator estimates."""

    simple: Tier
    moderate: Tier
    complex: Tier

    def tier(self, complexity: str) -> Tier:
        """The tier for `complexity` ("simple" when it is unknown)."""
        if complexity == "complex":
            return self.complex
        if complexity == "moderate":
            return self.moderate
        return self.simple


@dataclass(frozen=True)
class AgentRule:
    """An agent's own routing: a pinned model tried first, and task rules that replace the defaults."""

    pin: str | None = None
    tasks: Mapping[str, TaskRule] = field(default_factory=dict)


@dataclass(frozen=True)
class RoutingPolicy:
    """Task rules, agent rules, and the lowest quality tier the router picks on its own."""

    tasks: Mapping[str, TaskRule]
    agents: Mapping[str, AgentRule] = field(default_factory=dict)
    # Models below this quality (SmolLM2, say) are used only when an agent pins them; the local
    # engine is the exception: it is always the last resort.
    min_quality: QualityTier = "good"

    def tier_for(self, task: str, agent: str | None, complexity: str) -> Tier:
        """The tier a request gets: the agent's rule for the task if it has one, else the task's."""
        rule = None
        if agent is not None:
            agent_rule = self.agents.get(agent)
            if agent_rule is not None:
                rule = agent_rule.tasks.get(task)
        if rule is None:
            rule = self.tasks.get(task) or self.tasks["compose"]
        return rule.tier(complexity)

    def pin_for(self, agent: str | None) -> str | None:
        """The model an agent pins, if any."""
        if agent is None:
            return None
        rule = self.agents.get(agent)
        return rule.pin if rule is not None else None


# Lookups and extraction are cheap and fast; consultations get the strongest model; the order agent
# only ever looks things up, so even a long order question stays on the fast tier.
DEFAULT_ROUTING: Mapping[str, Any] = {
    "min_quality": "good",
    "tasks": {
        "classify": "fast",
        "extract": "fast",
        "compose": {"simple": "fast", "moderate": "balanced", "complex": "strongest"},
        "reason": "strongest",
        "vision": {"simple": "fast", "moderate": "balanced", "complex": "strongest"},
    },
    "agents": {"orders": {"compose": "fast"}},
}


def load_policy(*layers: Mapping[str, Any]) -> RoutingPolicy:
    """The default policy with each `[routing]`-shaped layer applied in turn (later layers win)."""
    tasks: dict[str, TaskRule] = {}
    agents: dict[str, AgentRule] = {}
    min_quality: QualityTier = "good"
    for layer in (DEFAULT_ROUTING, *layers):
        unknown = sorted(set(layer) - {"tasks", "agents", "min_quality"})
        if unknown:
            raise PolicyError(
                f"[routing]: unknown key(s) {', '.join(unknown)}; known: tasks, agents, min_quality"
            )
        if "min_quality" in layer:
            min_quality = _quality(layer["min_quality"])
        for task, value in _table(layer.get("tasks", {}), "[routing.tasks]").items():
            tasks[_task(task, "[routing.tasks]")] = _rule(value, f"[routing.tasks] {task}")
        for name, value in _table(layer.get("agents", {}), "[routing.agents]").items():
            agents[name] = _agent_rule(name, _table(value, f"[routing.agents.{name}]"), agents.get(name))
    return RoutingPolicy(tasks=tasks, agents=agents, min_quality=min_quality)


def _agent_rule(name: str, table: Mapping[str, Any], base: AgentRule | None) -> AgentRule:
    where = f"[routing.agents.{name}]"
    pin = base.pin if base else None
    tasks = dict(base.tasks) if base else {}
    for key, value in table.items():
        if key == "pin":
            if value is not None and not (isinstance(value, str) and value):
                raise PolicyError(f"{where}: pin must be a model card id")
            pin = value or None
        elif key == "tier":
            rule = _rule(value, f"{where} tier")
            tasks.update(dict.fromkeys(TASKS, rule))
        else:
            tasks[_task(key, where)] = _rule(value, f"{where} {key}")
    return AgentRule(pin=pin, tasks=tasks)


def _rule(value: Any, where: str) -> TaskRule:
    if isinstance(value, str):
        tier = _tier(value, where)
        return TaskRule(tier, tier, tier)
    table = _table(value, where)
    unknown = sorted(set(table) - set(COMPLEXITIES))
    if unknown:
        raise PolicyError(f"{where}: unknown complexity {', '.join(unknown)}; use {', '.join(COMPLEXITIES)}")
    simple = _tier(table.get("simple", "fast"), where)
    moderate = _tier(table.get("moderate", simple), where)
    return TaskRule(simple, moderate, _tier(table.get("complex", moderate), where))


def _table(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise PolicyError(f"{where} must be a table, not {value!r}")
    return value


def _task(task: str, where: str) -> str:
    if task not in TASKS:
        raise PolicyError(f"{where}: unknown task {task!r}; tasks are {', '.join(TASKS)}")
    return task


def _tier(value: Any, where: str) -> Tier:
    for tier in TIERS:
        if value == tier:
            return tier
    raise PolicyError(f"{where}: unknown tier {value!r}; tiers are {', '.join(TIERS)}")


def _quality(value: Any) -> QualityTier:
    for quality in QUALITY_TIERS:
        if value == quality:
            return quality
    raise PolicyError(f"[routing] min_quality: {value!r} is not one of {', '.join(QUALITY_TIERS)}")


def quality_rank(card: ModelCard) -> int:
    """0 for basic up to 3 for frontier."""
    return QUALITY_TIERS.index(card.quality_tier)


def blended_price(card: ModelCard) -> float:
    """USD per million tokens for a typical assistant call (three input tokens per output token)."""
    return (3 * card.input_price_per_mtok + card.output_price_per_mtok) / 4


def preference_key(tier: Tier, card: ModelCard) -> tuple[int, float]:
    """Sort key of a model within a tier's candidate list: the tier's own kind of model first, cheapest first.

    fast: fast models of at least good quality, then the rest by price; balanced: strong, then
    frontier, then good; strongest: frontier, then strong, then good.
    """
    quality = quality_rank(card)
    price = blended_price(card)
    if tier == "fast":
        return (0 if card.latency_tier == "fast" and quality >= 1 else 1, price)
    if tier == "balanced":
        return ({2: 0, 3: 1, 1: 2}.get(quality, 3), price)
    return (3 - quality, price)


def tier_label(card: ModelCard) -> str:
    """How a model is described in routing reasons: "fast tier", "strongest tier", "the local engine"."""
    if card.provider == "local":
        return "the local engine"
    quality = quality_rank(card)
    if quality == 3:
        return "strongest tier"
    if quality == 2:
        return "balanced tier"
    if quality == 1:
        return "fast tier"
    return "basic tier"
