"""The orchestrator: intent classification, ownership and handoff, multi-intent, conversation memory."""
