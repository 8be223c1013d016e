"""The state a conversation carries between turns and across agent handoffs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class OwnerChange(BaseModel):
    """A change of the conversation's owner, with when and why."""

    owner: str
    at: datetime
    reason: str
    # The staff member who took, handed back or closed the thread (None for the assistant's own changes).
    staff: str | None = None


class ConversationState(BaseModel):
    """Everything an agent taking over the thread needs: who, what was referenced, what is awaited."""

    owner: str = "support"
    awaiting_slot: str | None = None
    customer_id: int | None = None
    verified: bool = False
    verified_by: str | None = None
    # An email or phone the shopper (or an unauthenticated page) claimed; it still needs proof.
    claimed_email: str | None = None
    identity_attempts: int = 0
    orders_referenced: list[int] = Field(default_factory=list)
    products_referenced: list[int] = Field(default_factory=list)
    last_products_shown: list[int] = Field(default_factory=list)
    # The one product talked about last on its own; None after a list (see product_for_it).
    product_in_focus: int | None = None
    # The shopper's sizes by size group ("tops", "bottoms", "dresses", "outerwear", "shoes",
    # "shoe_width", "kids_shoes", ...), values spelled as the catalog's variant sizes ("M", "10.5", "W").
    sizes: dict[str, str] = Field(default_factory=dict)
    # Body measurements in canonical units: height_cm, weight_kg, chest_cm, waist_cm, hips_cm,
    # inseam_cm, foot_length_cm, foot_width ("narrow" | "regular" | "wide").
    measurements: dict[str, Any] = Field(default_factory=dict)
    # type, concerns, sensitivities, pregnant_or_breastfeeding, actives (docs/skin-analyzer.md).
    skin_profile: dict[str, Any] = Field(default_factory=dict)
    # The Outfit Builder's last looks, so "swap the shoes" changes one slot and keeps the rest.
    outfit: dict[str, Any] = Field(default_factory=dict)
    budget: dict[str, str] | None = None
    # The task an agent is in the middle of, e.g. {"domain": "order_status", "order_number": 1042}.
    pending: dict[str, Any] = Field(default_factory=dict)
    # The domain the last part was answered in, so "what about PO boxes?" after a shipping answer
    # is read as the same kind of question (orchestrator/routing.py, follow-ups without a verb).
    last_domain: str | None = None
    misunderstood_turns: int = 0
    owner_history: list[OwnerChange] = Field(default_factory=list)
    # While owner == "human": the staff member who took the thread over (None: waiting in the queue).
    assignee: str | None = None

    def remember_order(self, number: int) -> None:
        """Note an order the conversation is about (most recent last, no duplicates)."""
        if number in self.orders_referenced:
            self.orders_referenced.remove(number)
        self.orders_referenced.append(number)

    def remember_products(self, product_ids: list[int], *, shown: bool) -> None:
        """Note products referenced; `shown` replaces the list that "the second one" refers to."""
        for product_id in product_ids:
            if product_id in self.products_referenced:
                self.products_referenced.remove(product_id)
            self.products_referenced.append(product_id)
        if shown and product_ids:
            self.last_products_shown = list(product_ids)
        if product_ids:
            self.product_in_focus = product_ids[0] if len(product_ids) == 1 else None

    def product_for_it(self) -> int | None:
        """The product "it" means: the one talked about last on its own, or the first of a list
        shown since ("how much is it?" after three serums means the top one, not the third)."""
        if self.product_in_focus is not None:
            return self.product_in_focus
        if (
            self.last_products_shown
            and self.products_referenced
            and self.products_referenced[-1] in self.last_products_shown
        ):
            return self.last_products_shown[0]
        return self.products_referenced[-1] if self.products_referenced else None

    def change_owner(self, owner: str, reason: str, at: datetime) -> bool:
        """Hand the thread to `owner`; returns True when the owner actually changed."""
        if owner == self.owner:
            return False
        self.owner = owner
        self.owner_history.append(OwnerChange(owner=owner, at=at, reason=reason))
        return True
