"""`GET /v1/conversations/{id}`: a conversation's owner, state and messages."""

from __future__ import annotations

from fastapi import APIRouter

from shopcrew.api.deps import AssistantDep
from shopcrew.api.errors import ERROR_RESPONSES
from shopcrew.api.schemas import ConversationResponse, conversation_response

router = APIRouter(prefix="/v1", tags=["conversations"])


@router.get("/conversations/{conversation_id}", responses={404: ERROR_RESPONSES[404]})
async def get_conversation(conversation_id: str, assistant: AssistantDep) -> ConversationResponse:
    """A conversation with its owner, the slot it awaits, its messages in order and its turn traces."""
    return conversation_response(assistant.conversation(conversation_id))
