"""Reading a scripted suite: a JSONL file, one case a line, a bad line named in the error."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

Case = TypeVar("Case")


def read_suite_lines(
    path: Path, parse: Callable[[Any], Case], error: type[ValueError] = ValueError
) -> list[Case]:
    """Each non-blank line of `path` decoded and handed to `parse`, in order.

    A line that is not JSON, or that `parse` rejects (ValueError, KeyError or TypeError), raises
    `error` with the file's name, the line number and why.
    """
    cases: list[Case] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            cases.append(parse(json.loads(line)))
        except (ValueError, KeyError, TypeError) as problem:
            raise error(f"{path.name} line {number}: {problem}") from None
    return cases
