"""Every table, imported in one place so `Base.metadata` is complete (Alembic and tests use this)."""

from shopcrew.store.action_tables import IdempotencyKeyRow, OrderActionAuditRow, PaymentTransactionRow
from shopcrew.store.analytics_tables import RecommendationEventRow
from shopcrew.store.base import Base
from shopcrew.store.catalog_tables import BrandRow, PolicyRow, ProductRow, SizeChartRow, VariantRow
from shopcrew.store.commerce_tables import (
    AddressRow,
    CustomerRow,
    OrderLineRow,
    OrderRow,
    PaymentMethodRow,
    RefundRow,
    ReturnRow,
    ShipmentRow,
    SubscriptionRow,
    TrackingEventRow,
)
from shopcrew.store.conversation_tables import ConversationRow, MessageRow, TurnRow
from shopcrew.store.handoff_tables import HelpdeskInboundRow, HelpdeskOutboxRow
from shopcrew.store.profile_tables import CustomerProfileRow
from shopcrew.store.staff_tables import StaffAccountRow, StaffActionRow, StaffNoteRow, StaffTokenRow
from shopcrew.store.usage_tables import ModelCallRow

metadata = Base.metadata

__all__ = [
    "AddressRow",
    "Base",
    "BrandRow",
    "ConversationRow",
    "CustomerProfileRow",
    "CustomerRow",
    "HelpdeskInboundRow",
    "HelpdeskOutboxRow",
    "IdempotencyKeyRow",
    "MessageRow",
    "ModelCallRow",
    "OrderActionAuditRow",
    "OrderLineRow",
    "OrderRow",
    "PaymentMethodRow",
    "PaymentTransactionRow",
    "PolicyRow",
    "ProductRow",
    "RecommendationEventRow",
    "RefundRow",
    "ReturnRow",
    "ShipmentRow",
    "SizeChartRow",
    "StaffAccountRow",
    "StaffActionRow",
    "StaffNoteRow",
    "StaffTokenRow",
    "SubscriptionRow",
    "TrackingEventRow",
    "TurnRow",
    "VariantRow",
    "metadata",
]
