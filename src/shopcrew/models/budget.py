"""Budget caps per conversation and per day, checked against the cost ledger before every paid call."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Protocol


class SpendSource(Protocol):
    """What has been spent so far (the cost ledger)."""

    def conversation_spend(self, conversation_id: str) -> float:
        """USD spent on model calls in one conversation."""
        ...

    def day_spend(self, day: date) -> float:
        """USD spent on model calls on one UTC day, across every conversation."""
        ...


@dataclass(frozen=True)
class BudgetCaps:
    """Spending caps in USD; None means no cap."""

    conversation_usd: float | None = None
    day_usd: float | None = None


@dataclass(frozen=True)
class BudgetView:
    """How much may still be spent on the next call, and which cap limits it."""

    remaining_usd: float | None  # None: no cap applies
    cap_name: str = ""  # "conversation" or "day"
    cap_usd: float = 0.0
    spent_usd: float = 0.0

    @property
    def reached(self) -> bool:
        """True when nothing more may be spent on paid models."""
        return self.remaining_usd is not None and self.remaining_usd <= 0

    def allows(self, worst_case_usd: float) -> bool:
        """True when a call costing at most `worst_case_usd` stays within the cap."""
        return self.remaining_usd is None or worst_case_usd <= self.remaining_usd

    def describe(self) -> str:
        """ "conversation cap $0.05 reached ($0.0512 spent)" or "$0.0100 left of the day cap $20.00"."""
        if self.remaining_usd is None:
            return "no budget cap"
        if self.reached:
            return f"{self.cap_name} cap ${self.cap_usd:.2f} reached (${self.spent_usd:.4f} spent)"
        return f"${self.remaining_usd:.4f} left of the {self.cap_name} cap ${self.cap_usd:.2f}"


UNLIMITED = BudgetView(remaining_usd=None)


class Budget:
    """Caps checked against what the ledger says was spent; the tighter of the two caps wins."""

    def __init__(
        self,
        caps: BudgetCaps,
        spend: SpendSource,
        *,
        today: Callable[[], date] = lambda: datetime.now(UTC).date(),
    ) -> None:
        self.caps = caps
        self._spend = spend
        self._today = today

    def view(self, conversation_id: str | None) -> BudgetView:
        """What may still be spent on a call in `conversation_id` (None: only the day cap applies)."""
        views: list[BudgetView] = []
        if self.caps.conversation_usd is not None and conversation_id:
            spent = self._spend.conversation_spend(conversation_id)
            cap = self.caps.conversation_usd
            views.append(BudgetView(cap - spent, "conversation", cap, spent))
        if self.caps.day_usd is not None:
            spent = self._spend.day_spend(self._today())
            cap = self.caps.day_usd
            views.append(BudgetView(cap - spent, "day", cap, spent))
        if not views:
            return UNLIMITED
        return min(views, key=lambda v: v.remaining_usd if v.remaining_usd is not None else float("inf"))
