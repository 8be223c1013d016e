"""Fixtures of the orchestrator tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from shopcrew import app as app_module
from shopcrew.models.router import ModelRouter
from shopcrew.models.testing import ScriptedModel
from shopcrew.models.types import Model
from shopcrew.settings import Settings


@pytest.fixture
def with_model(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[ScriptedModel]]:
    """Assistants built in the test get a router with the scripted model first and the local engine last.

    The test appends its `ScriptedModel` to the yielded list before building the assistant.
    """
    holder: list[ScriptedModel] = []

    def router(
        settings: Settings, env: Any, *, local: Model, engine: Any, http_client: Any = None
    ) -> ModelRouter:
        return ModelRouter([holder[0], local])

    monkeypatch.setattr(app_module, "build_router", router)
    yield holder
