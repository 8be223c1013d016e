"""`shopcrew staff`: create accounts from the command line, list them, disable them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from shopcrew.cli import main


def _store(tmp_path: Path) -> list[str]:
    return ["--store", f"sqlite:///{tmp_path / 'staff.db'}", "--data-dir", str(tmp_path)]


def test_staff_add_with_a_password_and_a_token_then_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough password\n"))
    assert (
        main(["staff", "add", "Alice", "--password-stdin", "--token", "--role", "admin", *_store(tmp_path)])
        == 0
    )
    out = capsys.readouterr().out
    assert "staff account 'Alice' (admin) created" in out and "sct_" in out
    assert main(["staff", "list", *_store(tmp_path)]) == 0
    listing = capsys.readouterr().out
    assert listing.startswith("Alice\tadmin\tactive\tpassword, 1 API token(s)\tnever signed in")
    assert main(["staff", "disable", "Alice", *_store(tmp_path)]) == 0
    capsys.readouterr()
    main(["staff", "list", *_store(tmp_path)])
    assert "DISABLED" in capsys.readouterr().out


def test_staff_add_refuses_a_short_password_and_a_duplicate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["staff", "add", "Bob", "--password-stdin", *_store(tmp_path)]) == 2
    assert "at least 10 characters" in capsys.readouterr().err
    assert main(["staff", "add", "Bob", "--token", *_store(tmp_path)]) == 0
    assert main(["staff", "add", "Bob", "--token", *_store(tmp_path)]) == 2
    assert "already exists" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["staff", "add", "Carol", *_store(tmp_path)]) == 2
    assert "--password-stdin" in capsys.readouterr().err


def test_staff_password_sets_a_new_password_and_signs_the_member_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from datetime import timedelta

    from shopcrew.domain.messages import InputError
    from shopcrew.handoff.staff_accounts import authenticate_token, sign_in
    from shopcrew.store.database import create_store_engine, session_factory

    monkeypatch.setattr("sys.stdin", io.StringIO("the first password\n"))
    assert main(["staff", "add", "Alice", "--password-stdin", *_store(tmp_path)]) == 0
    engine = create_store_engine(f"sqlite:///{tmp_path / 'staff.db'}")
    sessions = session_factory(engine)
    with sessions() as session:
        _, token, _ = sign_in(session, "Alice", "the first password", lifetime=timedelta(hours=1))
        session.commit()
    monkeypatch.setattr("sys.stdin", io.StringIO("the second password\n"))
    capsys.readouterr()
    assert main(["staff", "password", "Alice", "--password-stdin", *_store(tmp_path)]) == 0
    assert "1 console session(s) signed out" in capsys.readouterr().out
    with sessions() as session:
        with pytest.raises(InputError):
            authenticate_token(session, token)
        with pytest.raises(InputError):
            sign_in(session, "Alice", "the first password", lifetime=timedelta(hours=1))
        session.rollback()
        assert (
            sign_in(session, "Alice", "the second password", lifetime=timedelta(hours=1))[0].name == "Alice"
        )
    engine.dispose()
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["staff", "password", "Alice", "--password-stdin", *_store(tmp_path)]) == 2
    assert "at least 10 characters" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("long enough password\n"))
    assert main(["staff", "password", "Nobody", "--password-stdin", *_store(tmp_path)]) == 2
    assert "no staff account named 'Nobody'" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["staff", "password", "Alice", *_store(tmp_path)]) == 2
    assert "--password-stdin" in capsys.readouterr().err
