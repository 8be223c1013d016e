"""The relay: drains the helpdesk outbox every few seconds while the API runs.

Several API replicas may each run one: `deliver_pending` claims a row before sending it, so they
share the work instead of sending twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from datetime import datetime

import httpx
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from shopcrew.handoff.config import HelpdeskSettings
from shopcrew.handoff.connectors import build_connector
from shopcrew.handoff.outbox import DeliveryReport, RetryPolicy, deliver_pending
from shopcrew.store.base import utcnow
from shopcrew.store.database import session_factory

logger = logging.getLogger(__name__)


class HelpdeskRelay:
    """Sends the configured helpdesk's due outbox rows, now (`drain`) or forever (`run`)."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        settings: HelpdeskSettings,
        http: httpx.AsyncClient,
        *,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        connector = build_connector(settings, http)
        if connector is None:
            raise ValueError("no helpdesk is configured (SHOPCREW_HELPDESK__PROVIDER is none)")
        self._connector = connector
        self._sessions = sessions
        self._policy = RetryPolicy.from_settings(settings)
        self._interval_s = settings.relay_interval_s
        self._clock = clock

    async def drain(self) -> DeliveryReport:
        """One pass over the due rows."""
        return await deliver_pending(self._sessions, self._connector, policy=self._policy, clock=self._clock)

    async def run(self) -> None:
        """Drain, sleep, repeat until cancelled; a failing pass is logged and the next one tried."""
        while True:
            try:
                report = await self.drain()
                if report.sent or report.dead:
                    logger.info("helpdesk outbox: %s", report)
            except Exception:  # a database hiccup must not stop the relay for good
                logger.exception("helpdesk outbox pass failed; retrying in %.0f s", self._interval_s)
            await asyncio.sleep(self._interval_s)


@contextlib.asynccontextmanager
async def running_relay(
    engine: Engine, settings: HelpdeskSettings, *, http: httpx.AsyncClient | None = None
) -> AsyncIterator[HelpdeskRelay | None]:
    """Run a relay in the background for the duration of the block (nothing when tickets are off).

    `http` is the client to call the helpdesk with (tests pass a mock transport); by default one is
    opened and closed with the block.
    """
    if settings.provider == "none":
        yield None
        return
    async with contextlib.AsyncExitStack() as stack:
        if http is None:
            http = await stack.enter_async_context(httpx.AsyncClient())
        relay = HelpdeskRelay(session_factory(engine), settings, http)
        task = asyncio.create_task(relay.run(), name="helpdesk-relay")
        try:
            yield relay
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
