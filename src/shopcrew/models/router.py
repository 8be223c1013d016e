"""Choosing the model for each step, and falling back down the list when one fails.

This is the spine's router: an ordered list of configured models, the local engine last.
Per-agent and per-task policies, budgets and circuit breakers build on this interface.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from shopcrew.domain.messages import ModelUse
from shopcrew.models.types import Model, ModelError, ModelRequest, ModelResponse


@dataclass(frozen=True)
class RoutedResponse:
    """A model's answer and the record of which model answered and why."""

    response: ModelResponse
    use: ModelUse


class ModelRouter:
    """Tries the candidate models for a task in order; the last one is the local engine."""

    def __init__(self, models: Sequence[Model]) -> None:
        if not models:
            raise ValueError("the router needs at least one model (the local engine)")
        self._models = list(models)

    @property
    def model_names(self) -> list[str]:
        """Names of the configured models, in order of preference."""
        return [m.name for m in self._models]

    def candidates(self, request: ModelRequest) -> list[tuple[Model, str]]:
        """The models to try for a request, each with the reason it is on the list."""
        if len(self._models) == 1:
            only = self._models[0]
            return [(only, f"{only.name}: the only configured model")]
        return [
            (m, f"{m.name}: preference {i + 1} of {len(self._models)}") for i, m in enumerate(self._models)
        ]

    async def request(self, request: ModelRequest) -> RoutedResponse:
        """Answer with the first candidate that succeeds; raise the last error if none does."""
        failures: list[str] = []
        last_error: ModelError | None = None
        for model, reason in self.candidates(request):
            try:
                response = await model.request(request)
            except ModelError as error:
                failures.append(f"{model.name} failed ({error.kind})")
                last_error = error
                continue
            if failures:
                reason = f"{reason}; fallback after " + ", ".join(failures)
            return RoutedResponse(
                response=response, use=ModelUse(task=request.task, model=model.name, reason=reason)
            )
        assert last_error is not None
        raise last_error
