"""A circuit breaker per model: rest a model that keeps failing, try it again after a cooldown.

closed ──(N consecutive failures)──► open ──(cooldown passes)──► half-open: one trial call
  ▲                                    ▲                            │
  └──────────── trial succeeds ────────┼──── trial fails ───────────┘
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

CircuitState = Literal["closed", "open", "half_open"]

# Failures that say something about this one request, not about the model's health.
REQUEST_SPECIFIC_KINDS = frozenset({"refusal", "unsupported", "budget", "bad_brief", "no_template"})


@dataclass
class _Circuit:
    failures: int = 0
    opened_at: float | None = None
    trial_in_flight: bool = False
    last_kind: str | None = None


@dataclass(frozen=True)
class CircuitStatus:
    """A model's circuit as an operator sees it."""

    state: CircuitState
    consecutive_failures: int
    retry_in_s: float | None  # seconds until an open circuit lets a trial call through
    last_error: str | None

    def describe(self) -> str:
        """ "closed", "open (3 failures, last rate_limit; retry in 12s)" or "half-open (trial)"."""
        if self.state == "closed":
            return (
                "closed" if not self.consecutive_failures else f"closed ({self.consecutive_failures} failed)"
            )
        if self.state == "half_open":
            return "half-open (next call is a trial)"
        retry = f"; retry in {self.retry_in_s:.0f}s" if self.retry_in_s is not None else ""
        return f"open ({self.consecutive_failures} failures, last {self.last_error}{retry})"


class CircuitBreaker:
    """Per-model circuits. `clock` returns seconds (wall clock by default, so history from the ledger fits)."""

    def __init__(
        self,
        *,
        failure_threshold: int = 3,
        cooldown_s: float = 30.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if failure_threshold < 1:
            raise ValueError("failure_threshold must be at least 1")
        self.failure_threshold = failure_threshold
        self.cooldown_s = cooldown_s
        self._clock = clock
        self._circuits: dict[str, _Circuit] = {}

    def resting(self, model: str) -> bool:
        """True while the model must be skipped: open and cooling down, or a half-open trial in flight."""
        circuit = self._circuits.get(model)
        if circuit is None or circuit.opened_at is None:
            return False
        if circuit.trial_in_flight:
            return True
        return self._clock() - circuit.opened_at < self.cooldown_s

    def allow(self, model: str) -> bool:
        """Claim a call: False while resting; after the cooldown the first caller gets the one trial."""
        circuit = self._circuits.get(model)
        if circuit is None or circuit.opened_at is None:
            return True
        if circuit.trial_in_flight or self._clock() - circuit.opened_at < self.cooldown_s:
            return False
        circuit.trial_in_flight = True
        return True

    def release(self, model: str) -> None:
        """A claimed call ended without a verdict (cancelled, say): let the next caller make the trial."""
        circuit = self._circuits.get(model)
        if circuit is not None:
            circuit.trial_in_flight = False

    def record_success(self, model: str) -> None:
        """The model answered: its circuit closes and its failure count resets."""
        self._circuits.pop(model, None)

    def record_failure(self, model: str, kind: str, *, at: float | None = None) -> None:
        """The model failed with `kind`; request-specific kinds (a refusal, say) don't count against it."""
        circuit = self._circuits.setdefault(model, _Circuit())
        if kind in REQUEST_SPECIFIC_KINDS:
            circuit.trial_in_flight = False
            if not circuit.failures and circuit.opened_at is None:
                self._circuits.pop(model, None)
            return
        now = self._clock() if at is None else at
        circuit.failures += 1
        circuit.last_kind = kind
        if circuit.trial_in_flight or circuit.failures >= self.failure_threshold:
            circuit.opened_at = now
            circuit.trial_in_flight = False

    def state(self, model: str) -> CircuitState:
        """closed, open (resting) or half_open (cooldown over, next call is a trial)."""
        circuit = self._circuits.get(model)
        if circuit is None or circuit.opened_at is None:
            return "closed"
        if circuit.trial_in_flight or self._clock() - circuit.opened_at >= self.cooldown_s:
            return "half_open"
        return "open"

    def status(self, model: str) -> CircuitStatus:
        """The model's circuit for display."""
        circuit = self._circuits.get(model) or _Circuit()
        state = self.state(model)
        retry = None
        if state == "open" and circuit.opened_at is not None:
            retry = max(0.0, circuit.opened_at + self.cooldown_s - self._clock())
        return CircuitStatus(state, circuit.failures, retry, circuit.last_kind)

    def restore(self, history: Iterable[tuple[str, bool, str | None, float]]) -> None:
        """Replay past calls `(model, ok, error_kind, at_seconds)`, oldest first, e.g. from the cost ledger."""
        for model, ok, kind, at in history:
            if ok:
                self.record_success(model)
            else:
                self.record_failure(model, kind or "server_error", at=at)
