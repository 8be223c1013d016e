"""Which models the router picks per task, complexity, agent and image, and the reasons it records."""

from __future__ import annotations

import pytest
from tests.models.router_fakes import answering, ask

from shopcrew.models.cards import load_cards
from shopcrew.models.policy import PolicyError, load_policy
from shopcrew.models.router import ModelRouter
from shopcrew.models.testing import FunctionModel
from shopcrew.models.types import ModelError

EVERY_VENDOR = (
    "gpt-5",
    "gpt-4.1",
    "gpt-4.1-mini",
    "claude-opus-4",
    "claude-sonnet-4",
    "gemini-2.5-pro",
    "gemini-2.5-flash",
)


def local() -> FunctionModel:
    return answering("local")


def router(*names: str, **kwargs: object) -> ModelRouter:
    return ModelRouter([*(answering(n) for n in names), local()], **kwargs)  # type: ignore[arg-type]


def picks(r: ModelRouter, **request: object) -> list[str]:
    return [c.card.id for c in r.plan(ask(**request)).candidates]  # type: ignore[arg-type]


def test_lookups_and_extraction_go_to_the_cheapest_fast_model() -> None:
    r = router(*EVERY_VENDOR)

    assert picks(r, task="extract", schema=True)[:2] == ["gpt-4.1-mini", "gemini-2.5-flash"]
    assert picks(r, task="classify")[0] == "gpt-4.1-mini"
    # The order agent only looks things up: even a "complex" order question stays on the fast tier.
    assert picks(r, agent="orders", complexity="complex")[0] == "gpt-4.1-mini"
    assert picks(r, agent="product_expert", complexity="simple")[0] == "gpt-4.1-mini"


def test_consultations_and_reasoning_go_to_the_strongest_tier() -> None:
    r = router(*EVERY_VENDOR)

    complex_consult = picks(r, agent="skin", complexity="complex")
    assert complex_consult[:3] == ["gpt-5", "gemini-2.5-pro", "claude-opus-4"], (
        "frontier models, cheapest first"
    )
    assert picks(r, task="reason")[0] == "gpt-5"
    assert picks(r, agent="product_expert", complexity="moderate")[0] == "gpt-4.1", "balanced: strong tier"


def test_every_list_ends_with_the_local_engine_when_it_can_do_the_task() -> None:
    r = router(*EVERY_VENDOR)

    for task in ("classify", "extract", "compose", "reason"):
        assert picks(r, task=task)[-1] == "local"
    assert picks(router(), task="extract", schema=True) == ["local"]


def test_images_go_only_to_vision_models() -> None:
    r = router("gpt-4.1-mini", "claude-sonnet-4", "smollm2-135m")

    assert picks(r, task="vision") == ["gpt-4.1-mini", "claude-sonnet-4"]
    assert picks(r, task="compose", images=1) == ["gpt-4.1-mini", "claude-sonnet-4"], "no local: it is blind"


async def test_a_photo_with_no_vision_model_configured_is_a_clear_unsupported_error() -> None:
    r = router()

    with pytest.raises(ModelError) as raised:
        await r.request(ask(task="vision", images=1))

    assert raised.value.kind == "unsupported"
    assert "no configured model can see images" in raised.value.message


async def test_the_answer_records_task_model_and_why() -> None:
    routed = await router(*EVERY_VENDOR).request(ask(task="extract", schema=True))

    assert routed.use.task == "extract"
    assert routed.use.model == "gpt-4.1-mini"
    assert routed.use.reason == "fast tier for extract; gpt-4.1-mini cheapest configured fast model"
    assert routed.response.data == {"order": "1042"}


async def test_the_router_prices_a_call_from_its_card() -> None:
    routed = await router("gpt-4.1-mini").request(ask())

    # 500 input tokens at $0.40/M + 100 output tokens at $1.60/M
    assert routed.response.cost_usd == pytest.approx(0.00036)
    assert routed.response.latency_ms > 0


def test_without_a_fast_model_the_fast_tier_says_what_it_used_instead() -> None:
    r = router("claude-sonnet-4", "gpt-5")

    plan = r.plan(ask(task="extract", schema=True))
    assert plan.candidates[0].card.id == "gpt-5", "the cheaper of the two"
    assert "no fast model configured, gpt-5 is the closest" in plan.candidates[0].reason


def test_an_agent_can_pin_a_model() -> None:
    policy = load_policy({"agents": {"skin": {"pin": "claude-sonnet-4"}}})
    r = router(*EVERY_VENDOR, policy=policy)

    plan = r.plan(ask(agent="skin", complexity="complex"))
    assert [c.card.id for c in plan.candidates][:2] == ["claude-sonnet-4", "gpt-5"]
    assert "claude-sonnet-4 pinned for agent skin" in plan.candidates[0].reason
    assert picks(r, agent="fit", complexity="complex")[0] == "gpt-5", "other agents are not pinned"


def test_basic_models_are_used_only_when_pinned() -> None:
    assert picks(router("smollm2-135m"), task="extract", schema=True) == ["local"]

    pinned = load_policy({"agents": {"support": {"pin": "smollm2-135m"}}})
    assert picks(router("smollm2-135m", policy=pinned), agent="support") == ["smollm2-135m", "local"]


def test_capabilities_filter_candidates() -> None:
    cards = load_cards({"gpt-4.1-mini": {"json_output": False}})
    r = router("gpt-4.1-mini", "gemini-2.5-flash", cards=cards)

    assert picks(r, task="extract", schema=True) == ["gemini-2.5-flash", "local"]
    assert picks(r, task="compose")[0] == "gpt-4.1-mini"


def test_the_policy_is_configurable_per_task_and_agent() -> None:
    policy = load_policy(
        {"tasks": {"extract": "strongest"}, "agents": {"orders": {"tier": "balanced"}}},
    )
    r = router(*EVERY_VENDOR, policy=policy)

    assert picks(r, task="extract", schema=True)[0] == "gpt-5"
    assert picks(r, agent="orders")[0] == "gpt-4.1"
    assert picks(r, agent="orders", task="extract", schema=True)[0] == "gpt-4.1"


def test_a_policy_with_a_typo_says_what_is_wrong() -> None:
    with pytest.raises(PolicyError, match="unknown tier 'fastest'"):
        load_policy({"tasks": {"extract": "fastest"}})
    with pytest.raises(PolicyError, match="unknown task 'compse'"):
        load_policy({"agents": {"skin": {"compse": "fast"}}})
