"""`shopcrew import catalog FILE` as an operator runs it: report, rejected rows, exit status."""

from __future__ import annotations

from pathlib import Path

import pytest

from shopcrew.cli import main

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def store_args(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """--store and --data-dir for an empty store of the test's own."""
    monkeypatch.delenv("SHOPCREW_DATABASE_URL", raising=False)
    monkeypatch.delenv("SHOPCREW_STORE", raising=False)
    return ["--store", f"sqlite:///{tmp_path / 'shop.db'}", "--data-dir", str(tmp_path / "data")]


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(["import", "catalog", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_import_prints_counts_then_each_rejected_row(
    store_args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    path = FIXTURES / "shopify_bad_rows.csv"
    status, out, _ = run([str(path), *store_args], capsys)
    lines = out.splitlines()
    assert status == 0
    assert lines[0] == f"{path} (shopify): imported 2 added, 0 updated, 0 unchanged, 8 rejected"
    assert lines[1].startswith(f"{path}:5: bad-price: Variant Price 'twenty' is not a number")
    assert f"{path}:8: row has no Handle" in lines


def test_a_second_run_finds_everything_unchanged(
    store_args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(FIXTURES / "catalog.json")
    run([path, *store_args], capsys)
    status, out, _ = run([path, "--format", "json", *store_args], capsys)
    assert status == 0
    assert "0 added, 0 updated, 2 unchanged, 2 rejected" in out.splitlines()[0]


def test_dry_run_says_so_and_writes_nothing(
    store_args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(FIXTURES / "merchant_feed.xml")
    _, out, _ = run([path, "--dry-run", *store_args], capsys)
    assert "would import 2 added" in out
    assert out.splitlines()[-1] == "dry run: nothing was written"
    _, again, _ = run([path, "--dry-run", *store_args], capsys)
    assert "would import 2 added" in again


def test_a_refused_file_exits_non_zero_with_file_line_and_reason(
    store_args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes("Handle,Title,Variant Price\nmug,Café Mug,9\n".encode("latin-1"))
    status, out, err = run([str(latin), *store_args], capsys)
    assert status == 2
    assert out == ""
    assert err.startswith(f"shopcrew import: {latin}:2: the file is not UTF-8: byte 0xE9")
    assert "nothing was imported" in err


def test_a_file_whose_every_row_is_rejected_exits_1(
    store_args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("Handle,Title,Variant Price\nmug,Mug,free\n", encoding="utf-8")
    status, out, _ = run([str(bad), *store_args], capsys)
    assert status == 1
    assert out.splitlines()[-1] == "nothing was imported: every product in the file was rejected"


def test_a_missing_file_is_a_one_line_error(
    store_args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(["/nonexistent/catalog.csv", *store_args], capsys)
    assert status == 2
    assert (
        err.strip()
        == "shopcrew import: /nonexistent/catalog.csv: No such file or directory (nothing was imported)"
    )
