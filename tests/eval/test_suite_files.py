"""Suite files: one case a line, blank lines skipped, a bad line named with its number and why."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from shopcrew.eval.suite_files import read_suite_lines


class BadSuite(ValueError):
    pass


def _ids(raw: Any) -> str:
    return str(raw["id"])


def test_cases_come_in_order_and_blank_lines_are_skipped(tmp_path: Path) -> None:
    suite = tmp_path / "suite.jsonl"
    suite.write_text('{"id": "a"}\n\n   \n{"id": "b"}\n', encoding="utf-8")
    assert read_suite_lines(suite, _ids) == ["a", "b"]


@pytest.mark.parametrize(
    ("line", "why"),
    [("{not json", "Expecting property name"), ('{"name": "no id"}', "'id'"), ("[1, 2]", "list indices")],
)
def test_a_bad_line_is_named_with_its_number(tmp_path: Path, line: str, why: str) -> None:
    suite = tmp_path / "suite.jsonl"
    suite.write_text('{"id": "a"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(BadSuite, match=rf"suite\.jsonl line 2: .*{why}"):
        read_suite_lines(suite, _ids, BadSuite)
