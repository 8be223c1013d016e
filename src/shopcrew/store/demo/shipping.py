"""Carriers, valid-looking tracking numbers and scan histories from the Reno warehouse.

Tracking numbers carry correct check digits for their carrier's format (UPS 1Z,
USPS 22-digit IMpb, FedEx 12-digit), so format validators accept them. Timelines run
label -> pickup -> regional hubs -> local facility -> out for delivery -> delivered,
through hubs that match the destination region.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from shopcrew.store.demo.places import HUBS, REGION_OF_STATE, WAREHOUSE
from shopcrew.store.demo.plans import EventPlan, ShipmentPlan

CARRIERS = ("UPS", "USPS", "FedEx")
_UPS_SHIPPER = "4W93E7"
# Standard transit in hours from label to doorstep, by destination region.
_TRANSIT_HOURS = {
    "west": (40, 60),
    "mountain": (55, 80),
    "midwest": (75, 100),
    "south": (75, 110),
    "northeast": (90, 120),
}
_EXPRESS_HOURS = (20, 40)
_DELIVERED_AT = (
    "Delivered, front door",
    "Delivered, front porch",
    "Delivered, in/at mailbox",
    "Delivered, left with receptionist",
    "Delivered, side door",
)


def _ups_check_digit(body: str) -> int:
    values = [int(char) if char.isdigit() else (ord(char) - 63) % 10 for char in body]
    total = sum(value if index % 2 == 0 else 2 * value for index, value in enumerate(values))
    return (10 - total % 10) % 10


def _usps_check_digit(body: str) -> int:
    total = sum(int(char) * (3 if index % 2 == 0 else 1) for index, char in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def _fedex_check_digit(body: str) -> int:
    weights = (1, 3, 7)
    total = sum(int(char) * weights[index % 3] for index, char in enumerate(reversed(body)))
    return total % 11 % 10


def tracking_number(rng: random.Random, carrier: str, *, express: bool) -> str:
    """A tracking number in the carrier's format, with a valid check digit."""
    if carrier == "UPS":
        body = _UPS_SHIPPER + ("02" if express else "03") + f"{rng.randint(0, 9_999_999):07d}"
        return f"1Z{body}{_ups_check_digit(body)}"
    if carrier == "USPS":
        body = "9400" + ("1" if not express else "5") + f"{rng.randint(0, 10**16 - 1):016d}"
        return body + str(_usps_check_digit(body))
    body = f"{rng.randint(10**10, 10**11 - 1)}"
    return body + str(_fedex_check_digit(body))


def tracking_url(carrier: str, number: str) -> str:
    """The carrier's public tracking page for a number."""
    return {
        "UPS": f"https://www.ups.com/track?tracknum={number}",
        "USPS": f"https://tools.usps.com/go/TrackConfirmAction?tLabels={number}",
        "FedEx": f"https://www.fedex.com/fedextrack/?trknbr={number}",
    }[carrier]


def transit_hours(rng: random.Random, state: str, *, express: bool) -> float:
    """How long a parcel takes from label to doorstep."""
    low, high = _EXPRESS_HOURS if express else _TRANSIT_HOURS[REGION_OF_STATE[state]]
    return rng.uniform(low, high)


def delivery_time(rng: random.Random, day: date) -> datetime:
    """A delivery moment on `day`, during US daytime (16:00-23:59 UTC)."""
    start = datetime(day.year, day.month, day.day, 16, tzinfo=UTC)
    return start + timedelta(minutes=rng.randint(0, 7 * 60 + 59))


def _texts(carrier: str) -> dict[str, str]:
    return {
        "UPS": {
            "label": "Shipper created a label; UPS has not received the package yet",
            "pickup": "Pickup scan",
            "arrive": "Arrived at facility",
            "depart": "Departed from facility",
            "local": "Arrived at local delivery facility",
            "ofd": "Out for delivery today",
        },
        "USPS": {
            "label": "Shipping label created, USPS awaiting item",
            "pickup": "USPS in possession of item",
            "arrive": "Arrived at USPS regional facility",
            "depart": "Departed USPS regional facility",
            "local": "Arrived at post office",
            "ofd": "Out for delivery",
        },
        "FedEx": {
            "label": "Shipment information sent to FedEx",
            "pickup": "Picked up",
            "arrive": "Arrived at FedEx hub",
            "depart": "Departed FedEx hub",
            "local": "At local FedEx facility",
            "ofd": "On FedEx vehicle for delivery",
        },
    }[carrier]


def full_timeline(
    rng: random.Random, carrier: str, city: str, state: str, shipped_at: datetime, delivered_at: datetime
) -> list[EventPlan]:
    """Every scan from label to delivery, in time order."""
    text = _texts(carrier)
    destination = f"{city}, {state}"
    events = [EventPlan(shipped_at, "label_created", WAREHOUSE, text["label"])]
    picked_up = shipped_at + timedelta(hours=rng.uniform(2.0, 5.0))
    events.append(EventPlan(picked_up, "picked_up", WAREHOUSE, text["pickup"]))
    out_for_delivery = delivered_at - timedelta(hours=rng.uniform(2.0, 6.0))
    local = out_for_delivery - timedelta(hours=rng.uniform(3.0, 7.0))
    hubs = HUBS[carrier][REGION_OF_STATE[state]]
    window = (local - picked_up) / (len(hubs) + 1)
    for index, hub in enumerate(hubs, start=1):
        arrived = picked_up + window * index - window * 0.3
        departed = arrived + window * rng.uniform(0.2, 0.5)
        events.append(EventPlan(arrived, "in_transit", hub, text["arrive"]))
        events.append(EventPlan(departed, "in_transit", hub, text["depart"]))
    events.append(EventPlan(local, "in_transit", destination, text["local"]))
    events.append(EventPlan(out_for_delivery, "out_for_delivery", destination, text["ofd"]))
    events.append(EventPlan(delivered_at, "delivered", destination, rng.choice(_DELIVERED_AT)))
    return [EventPlan(event.happened_at.replace(microsecond=0), *_rest(event)) for event in events]


def _rest(event: EventPlan) -> tuple[str, str, str]:
    return event.status, event.location, event.description


def _status_after(events: list[EventPlan]) -> str:
    last = events[-1].status
    if last in ("picked_up", "in_transit", "exception"):
        return "in_transit"
    return last


def delivered_shipment(
    rng: random.Random, carrier: str, city: str, state: str, delivered_on: date, *, express: bool
) -> ShipmentPlan:
    """A shipment delivered on `delivered_on`; shipping time is worked out backwards."""
    delivered_at = delivery_time(rng, delivered_on)
    shipped_at = delivered_at - timedelta(hours=transit_hours(rng, state, express=express))
    number = tracking_number(rng, carrier, express=express)
    return ShipmentPlan(
        carrier=carrier,
        tracking_number=number,
        tracking_url=tracking_url(carrier, number),
        status="delivered",
        shipped_at=shipped_at.replace(microsecond=0),
        estimated_delivery=delivered_on if rng.random() < 0.85 else delivered_on - timedelta(days=1),
        delivered_at=delivered_at.replace(microsecond=0),
        events=full_timeline(rng, carrier, city, state, shipped_at, delivered_at),
    )


def moving_shipment(
    rng: random.Random,
    carrier: str,
    city: str,
    state: str,
    cutoff: datetime,
    *,
    stage: str,
    express: bool,
    eta_in_days: int | None = None,
) -> ShipmentPlan:
    """A shipment still on its way at `cutoff`.

    `stage` is label_created, in_transit, out_for_delivery or delayed (in transit, an
    exception scan, and an estimated delivery that has already passed).
    """
    today = cutoff.date()
    number = tracking_number(rng, carrier, express=express)
    hours = transit_hours(rng, state, express=express)
    if stage == "label_created":
        shipped_at = cutoff - timedelta(hours=rng.uniform(2.0, 10.0))
        events = [
            EventPlan(shipped_at.replace(microsecond=0), "label_created", WAREHOUSE, _texts(carrier)["label"])
        ]
        eta = (shipped_at + timedelta(hours=hours)).date() + timedelta(days=1)
    elif stage == "out_for_delivery":
        # Evening on the US west coast: on the truck, the delivery scan still to come.
        delivered_at = cutoff + timedelta(hours=rng.uniform(0.5, 2.0))
        shipped_at = delivered_at - timedelta(hours=hours)
        timeline = full_timeline(rng, carrier, city, state, shipped_at, delivered_at)
        events = [event for event in timeline if event.happened_at < cutoff]
        eta = today
    elif stage == "delayed":
        planned = delivery_time(rng, today - timedelta(days=1))
        shipped_at = planned - timedelta(hours=hours)
        timeline = full_timeline(rng, carrier, city, state, shipped_at, planned)
        events = [event for event in timeline if event.status in ("label_created", "picked_up", "in_transit")]
        last = events[-1].happened_at
        delay = EventPlan(
            min(last + timedelta(hours=rng.uniform(3.0, 9.0)), cutoff - timedelta(hours=1)).replace(
                microsecond=0
            ),
            "exception",
            events[-1].location,
            rng.choice(
                (
                    "Delay: severe weather in the area; delivery may be delayed 1-2 days",
                    "Delay: the package missed its scheduled connection; it will move on the next available transport",
                    "Delay: high package volume at this facility",
                )
            ),
        )
        events.append(delay)
        eta = planned.date()
    else:
        days = rng.randint(0, 3) if eta_in_days is None else eta_in_days
        delivered_at = delivery_time(rng, today + timedelta(days=days))
        shipped_at = min(
            delivered_at - timedelta(hours=hours), cutoff - timedelta(hours=rng.uniform(18.0, 40.0))
        )
        events = [
            event
            for event in full_timeline(rng, carrier, city, state, shipped_at, delivered_at)
            if event.happened_at < cutoff
        ]
        eta = delivered_at.date()
    return ShipmentPlan(
        carrier=carrier,
        tracking_number=number,
        tracking_url=tracking_url(carrier, number),
        status=_status_after(events),
        shipped_at=events[0].happened_at,
        estimated_delivery=eta,
        delivered_at=None,
        events=events,
    )
