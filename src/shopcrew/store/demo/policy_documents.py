"""Store policies shipped as markdown files in `policies/` (package data)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files

POLICY_IDS = (
    "returns",
    "exchanges",
    "shipping",
    "cancellation",
    "subscriptions",
    "privacy",
    "payment",
    "account",
)


@dataclass(frozen=True)
class PolicyDocument:
    """One policy: its slug, title (the first heading) and markdown body."""

    id: str
    title: str
    body: str


def load_policies() -> list[PolicyDocument]:
    """Read every policy document from the package."""
    folder = files("shopcrew.store.demo").joinpath("policies")
    documents = []
    for policy_id in POLICY_IDS:
        body = folder.joinpath(f"{policy_id}.md").read_text(encoding="utf-8")
        first_line = body.splitlines()[0]
        if not first_line.startswith("# "):
            raise ValueError(f"policy {policy_id}.md must start with a '# ' title")
        documents.append(PolicyDocument(id=policy_id, title=first_line[2:].strip(), body=body))
    return documents
