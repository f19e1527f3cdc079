"""The chat page's login: salted hashes, the users file, `unscqa users`, and serve refusing an open public host."""

from __future__ import annotations

import hashlib
import io
import stat
from pathlib import Path

import pytest

from unscqa.auth import (
    UsersFileError,
    authenticator,
    hash_password,
    is_loopback,
    read_users,
    set_password,
    verify_password,
)
from unscqa.cli.main import main

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def no_users_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("UNSCQA_USERS_FILE", raising=False)


def test_hash_is_salted_and_verifies() -> None:
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first != second  # a salt per hash
    assert first.startswith("scrypt$") and PASSWORD not in first
    assert verify_password(PASSWORD, first) and verify_password(PASSWORD, second)


def test_wrong_password_and_broken_hash_are_refused() -> None:
    stored = hash_password(PASSWORD)
    assert not verify_password("correct horse battery!", stored)
    assert not verify_password("", stored)
    assert not verify_password(PASSWORD, "scrypt$nonsense")


def test_pbkdf2_hashes_verify_too() -> None:
    salt = bytes(range(16))
    digest = hashlib.pbkdf2_hmac("sha256", PASSWORD.encode(), salt, 1000)
    stored = f"pbkdf2_sha256$1000${salt.hex()}${digest.hex()}"
    assert verify_password(PASSWORD, stored)
    assert not verify_password("other password", stored)


@pytest.mark.parametrize("line", ["alice", "alice:plaintext-password", "alice:scrypt$16384$8$1$zz$00",
                                  ":" + "scrypt$16384$8$1$00$00", "bob smith:pbkdf2_sha256$1000$00$00",
                                  "alice:pbkdf2_sha256$0$00$00"])
def test_malformed_line_names_file_and_line(tmp_path: Path, line: str) -> None:
    path = tmp_path / "users"
    path.write_text(f"# comment\n\n{line}\n")
    with pytest.raises(UsersFileError, match="users:3: malformed line"):
        read_users(path)


def test_duplicate_and_missing_files_are_clear_errors(tmp_path: Path) -> None:
    stored = hash_password(PASSWORD)
    path = tmp_path / "users"
    path.write_text(f"alice:{stored}\nalice:{stored}\n")
    with pytest.raises(UsersFileError, match="users:2: user 'alice' appears twice"):
        read_users(path)
    with pytest.raises(UsersFileError, match="no users file at .*unscqa users add"):
        read_users(tmp_path / "absent")


def test_authenticator_checks_name_and_password(tmp_path: Path) -> None:
    path = tmp_path / "users"
    assert set_password(path, "alice", PASSWORD) is True
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    check = authenticator(path)
    assert check("alice", PASSWORD)
    assert not check("alice", "wrong password")
    assert not check("mallory", PASSWORD)
    set_password(path, "bob", "another password")  # picked up without a restart
    assert check("bob", "another password")
    assert set_password(path, "alice", "a new password") is False
    assert check("alice", "a new password") and not check("alice", PASSWORD)


def test_empty_users_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "users"
    path.write_text("# nobody yet\n")
    with pytest.raises(UsersFileError, match="has no users"):
        authenticator(path)


def test_loopback_hosts() -> None:
    assert all(is_loopback(h) for h in ("127.0.0.1", "localhost", "::1", "127.0.1.1", "[::1]"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "::", "10.0.0.5", "example.org"))


def test_serve_on_a_public_host_without_users_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--host", "0.0.0.0", "--llm-provider", "fake"]) == 2
    err = capsys.readouterr().err
    assert "serving on 0.0.0.0 needs a login" in err
    assert "--users-file" in err and "UNSCQA_USERS_FILE" in err


def test_serve_with_a_broken_users_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "users"
    path.write_text("alice:secret\n")
    assert main(["serve", "--host", "0.0.0.0", "--users-file", str(path)]) == 2
    assert "users:1: malformed line" in capsys.readouterr().err


def test_users_add_from_stdin_stores_a_hash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "team" / "users"
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["users", "add", "alice", "--password-stdin", "--users-file", str(path)]) == 0
    text = path.read_text()
    assert PASSWORD not in text and "alice:scrypt$" in text
    assert verify_password(PASSWORD, read_users(path)["alice"])
    monkeypatch.setenv("UNSCQA_USERS_FILE", str(path))
    assert main(["users", "list"]) == 0
    assert capsys.readouterr().out.split() == ["alice"]


def test_users_add_refuses_bad_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "users"
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["users", "add", "alice", "--password-stdin", "--users-file", str(path)]) == 2
    assert main(["users", "add", "a:b", "--password-stdin", "--users-file", str(path)]) == 2
    assert main(["users", "list"]) == 2  # no file configured
    err = capsys.readouterr().err
    assert "at least 8 characters" in err and "'a:b'" in err and "UNSCQA_USERS_FILE" in err
    assert not path.exists()


def test_users_add_asks_twice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "users"
    answers = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert main(["users", "add", "alice", "--users-file", str(path)]) == 2  # the two differ
    answers = iter([PASSWORD, PASSWORD])
    assert main(["users", "add", "alice", "--users-file", str(path)]) == 0
    assert main(["users", "remove", "alice", "--users-file", str(path)]) == 0
    assert read_users(path) == {}
