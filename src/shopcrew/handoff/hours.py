"""Support hours (SHOPCREW_SUPPORT_HOURS__*) and the honest sentence about when a person will reply."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, Field, field_validator, model_validator

_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_LONG_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class SupportHours(BaseModel):
    """When the store's team answers: weekdays (0 = Monday) and opening hours in the store's time zone."""

    days: list[int] = Field(default_factory=lambda: [0, 1, 2, 3, 4])
    opens: time = time(9, 0)
    closes: time = time(17, 0)
    timezone: str = "UTC"

    @field_validator("days")
    @classmethod
    def _weekdays(cls, value: list[int]) -> list[int]:
        """Days are 0 (Monday) to 6 (Sunday), at least one."""
        if not value or any(d < 0 or d > 6 for d in value):
            raise ValueError("support days are 0 (Monday) to 6 (Sunday), at least one")
        return sorted(set(value))

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        """An unknown time zone is refused at startup."""
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {value!r} (use an IANA name like Europe/Paris)") from error
        return value

    @model_validator(mode="after")
    def _opens_before_closing(self) -> SupportHours:
        """Opening hours must open before they close."""
        if self.opens >= self.closes:
            raise ValueError("support hours must open before they close")
        return self

    def describe(self) -> str:
        """'Mon–Fri 9:00–17:00' (or a list of days when they are not a run)."""
        days = self.days
        if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
            names = f"{_DAY_NAMES[days[0]]}–{_DAY_NAMES[days[-1]]}"
        else:
            names = ", ".join(_DAY_NAMES[d] for d in days)
        return f"{names} {_clock(self.opens)}–{_clock(self.closes)}"

    def is_open(self, now: datetime) -> bool:
        """Whether the team is at work at `now` (an aware datetime)."""
        local = now.astimezone(ZoneInfo(self.timezone))
        return local.weekday() in self.days and self.opens <= local.time() < self.closes

    def next_opening(self, now: datetime) -> datetime:
        """The next time the team starts work after `now`, in the store's time zone."""
        local = now.astimezone(ZoneInfo(self.timezone))
        for ahead in range(8):
            day = local.date() + timedelta(days=ahead)
            start = datetime.combine(day, self.opens, tzinfo=local.tzinfo)
            if day.weekday() in self.days and start > local:
                return start
        raise AssertionError("support days cover every week")  # pragma: no cover - days is never empty


def reply_expectation(hours: SupportHours, now: datetime) -> str:
    """What the shopper is told about when a person will answer, honest about the hours."""
    if hours.is_open(now):
        return "A teammate will reply shortly, right here."
    local = now.astimezone(ZoneInfo(hours.timezone))
    opening = hours.next_opening(now)
    if opening.date() == local.date():
        when = f"today from {_clock(opening.time())}"
    elif opening.date() == local.date() + timedelta(days=1):
        when = "tomorrow morning" if opening.hour < 12 else f"tomorrow from {_clock(opening.time())}"
    else:
        when = f"on {_LONG_DAY_NAMES[opening.weekday()]}" + (" morning" if opening.hour < 12 else "")
    return (
        f"A teammate will reply right here within business hours ({hours.describe()}); "
        f"it's outside those now, so expect a reply {when}."
    )


def _clock(value: time) -> str:
    return f"{value.hour}:{value.minute:02d}"
