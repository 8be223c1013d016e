"""Support hours: when the team is in, and what the shopper is told about when a person will reply."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
from pydantic import ValidationError

from shopcrew.handoff.hours import SupportHours, reply_expectation
from shopcrew.settings import Settings

HOURS = SupportHours()
MONDAY = datetime(2026, 6, 15, tzinfo=UTC)


def test_inside_hours_a_teammate_replies_shortly() -> None:
    text = reply_expectation(HOURS, MONDAY.replace(hour=10))
    assert text == "A teammate will reply shortly, right here."


@pytest.mark.parametrize(
    ("at", "when"),
    [
        (datetime(2026, 6, 19, 18, 0, tzinfo=UTC), "on Monday morning"),  # Friday evening
        (datetime(2026, 6, 20, 12, 0, tzinfo=UTC), "on Monday morning"),  # Saturday
        (datetime(2026, 6, 15, 7, 30, tzinfo=UTC), "today from 9:00"),  # Monday, early
        (datetime(2026, 6, 16, 17, 0, tzinfo=UTC), "tomorrow morning"),  # Tuesday at closing time
    ],
)
def test_outside_hours_the_shopper_is_told_when(at: datetime, when: str) -> None:
    text = reply_expectation(HOURS, at)
    assert "within business hours (Mon–Fri 9:00–17:00)" in text
    assert text.endswith(f"expect a reply {when}.")


def test_hours_are_read_in_the_store_time_zone() -> None:
    paris = SupportHours(timezone="Europe/Paris")
    # 07:30 UTC is 09:30 in Paris in June.
    assert paris.is_open(MONDAY.replace(hour=7, minute=30))
    assert not HOURS.is_open(MONDAY.replace(hour=7, minute=30))


def test_support_hours_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHOPCREW_SUPPORT_HOURS__DAYS", "[0,1,2,3,4,5]")
    monkeypatch.setenv("SHOPCREW_SUPPORT_HOURS__CLOSES", "18:30")
    hours = Settings().support_hours
    assert hours.closes == time(18, 30) and hours.describe() == "Mon–Sat 9:00–18:30"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"days": [7]}, "support days are 0"),
        ({"timezone": "Mars/Olympus"}, "unknown time zone"),
        ({"opens": "18:00", "closes": "09:00"}, "open before they close"),
    ],
)
def test_bad_hours_are_refused_with_a_clear_message(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        SupportHours.model_validate(fields)
