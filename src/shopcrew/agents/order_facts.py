"""An order as reply facts: what the status reply (and the grounding check) may say about it."""

from __future__ import annotations

from typing import Any

from shopcrew.domain.orders import Order


def order_summary(order: Order) -> dict[str, Any]:
    """One order in a "which order?" list: number, name, status, date, items, total."""
    return {
        "number": order.number,
        "order": order.label,
        "status": order.status,
        "placed_on": order.placed_at.date().isoformat(),
        "items": [line.title for line in order.lines],
        "total": str(order.total),
    }


def order_facts(order: Order) -> dict[str, Any]:
    """What a status reply may say about an order: state, lines, shipments and their latest scan, refunds."""
    shipments = []
    for shipment in order.shipments:
        latest = shipment.events[-1] if shipment.events else None
        shipments.append(
            {
                "carrier": shipment.carrier,
                "tracking_number": shipment.tracking_number,
                "tracking_url": shipment.tracking_url,
                "status": shipment.status,
                "estimated_delivery": shipment.estimated_delivery.isoformat()
                if shipment.estimated_delivery
                else None,
                "delivered_at": shipment.delivered_at.date().isoformat() if shipment.delivered_at else None,
                "latest_event": {
                    "description": latest.description,
                    "location": latest.location,
                    "at": latest.happened_at.strftime("%b %d, %H:%M"),
                }
                if latest
                else None,
                "items": [line.title for line in order.lines if line.id in shipment.line_ids],
            }
        )
    return {
        "number": order.number,
        "order": order.label,
        "status": order.status,
        "placed_on": order.placed_at.date().isoformat(),
        "delivered_on": order.delivered_at.date().isoformat() if order.delivered_at else None,
        "cancelled_on": order.cancelled_at.date().isoformat() if order.cancelled_at else None,
        "total": str(order.total),
        "refunded": str(order.refunded_amount),
        "lines": [
            {
                "title": line.title,
                "variant": line.variant_title,
                "quantity": line.quantity,
                "status": line.status,
            }
            for line in order.lines
        ],
        "open_items": [line.title for line in order.lines if line.status == "open"],
        "shipments": shipments,
        "ship_to": order.shipping_address.one_line(),
    }
