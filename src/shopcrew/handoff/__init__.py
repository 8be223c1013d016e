"""Human handoff: the context packet, helpdesk connectors (Zendesk, Gorgias), the outbox and replies."""
