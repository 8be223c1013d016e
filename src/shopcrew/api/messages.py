"""`POST /v1/messages`: one shopper turn."""

from __future__ import annotations

from fastapi import APIRouter

from shopcrew.api.body import JSONBodyRoute
from shopcrew.api.deps import AssistantDep, TrustedCallerDep
from shopcrew.api.errors import ERROR_RESPONSES
from shopcrew.api.schemas import MessageRequest, TurnResponse, inbound_message, turn_response

router = APIRouter(prefix="/v1", tags=["messages"], route_class=JSONBodyRoute)


@router.post("/messages", responses=ERROR_RESPONSES)
async def post_message(
    body: MessageRequest, assistant: AssistantDep, trusted: TrustedCallerDep
) -> TurnResponse:
    """Send a shopper's message; omit `conversation_id` to start a conversation.

    Returns the reply with the turn's trace: which agents answered, the models used and why,
    actions, products shown, latency and cost. Turns of one conversation run one at a time.
    """
    message = inbound_message(body, body.conversation_id, assistant.settings, trusted=trusted)
    return turn_response(await assistant.handle(message))
