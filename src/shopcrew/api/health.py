"""`GET /healthz`: liveness for load balancers and orchestrators."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from shopcrew import __version__
from shopcrew.api.deps import AssistantDep


class Health(BaseModel):
    """The process is up and its assistant is built."""

    status: str
    version: str


router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz(assistant: AssistantDep) -> Health:
    """Answers 200 once the assistant (and its store) is ready."""
    return Health(status="ok", version=__version__)
