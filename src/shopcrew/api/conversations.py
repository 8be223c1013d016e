"""`GET /v1/conversations/{id}`: a conversation's owner, state and messages; `.../messages?after=` for polling."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from shopcrew.api.deps import AssistantDep
from shopcrew.api.errors import ERROR_RESPONSES
from shopcrew.api.schemas import ConversationResponse, MessageOut, conversation_response, message_out
from shopcrew.orchestrator.memory import conversation_messages, load_conversation, message_view
from shopcrew.store.database import session_factory

router = APIRouter(prefix="/v1", tags=["conversations"])


class MessagesAfter(BaseModel):
    """The messages after a sequence number, with who owns the conversation now."""

    conversation_id: str
    owner: str
    status: str
    messages: list[MessageOut]


@router.get("/conversations/{conversation_id}", responses={404: ERROR_RESPONSES[404]})
async def get_conversation(conversation_id: str, assistant: AssistantDep) -> ConversationResponse:
    """A conversation with its owner, the slot it awaits, its messages in order and its turn traces."""
    return conversation_response(assistant.conversation(conversation_id))


@router.get("/conversations/{conversation_id}/messages", responses={404: ERROR_RESPONSES[404]})
def messages_after(
    conversation_id: str, assistant: AssistantDep, after: Annotated[int, Query(ge=0)] = 0
) -> MessagesAfter:
    """Messages with `seq` greater than `after` (a person's replies reach the web chat this way)."""
    with session_factory(assistant.engine)() as session:
        stored = load_conversation(session, conversation_id)
        rows = conversation_messages(session, conversation_id, after=after, limit=200)
        messages = [message_out(message_view(m)) for m in rows]
        return MessagesAfter(
            conversation_id=conversation_id,
            owner=stored.row.owner,
            status=stored.row.status,
            messages=messages,
        )
