"""Login for the chat page: a users file of `name:hash` lines, passwords hashed with a per-user salt.

A hash is `scrypt$N$r$p$SALT$DIGEST` (the default) or `pbkdf2_sha256$ITERATIONS$SALT$DIGEST`, salt and digest in
hex, all from the standard library. Passwords are never stored; a login is checked in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
import secrets
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1  # 16 MiB and ~50 ms per check
LOOPBACK_NAMES = ("localhost",)
HASH_FORMATS = {"scrypt": 3, "pbkdf2_sha256": 1}  # scheme -> number of integer parameters before SALT$DIGEST
FORMAT_HINT = "expected scrypt$N$r$p$SALT$DIGEST or pbkdf2_sha256$ITERATIONS$SALT$DIGEST (hex salt and digest)"


class UsersFileError(ValueError):
    """The users file is missing, unreadable or has a malformed line (the message names the file and line)."""


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """A salted scrypt hash of the password, as stored after `name:` in the users file."""
    salt = secrets.token_bytes(16) if salt is None else salt
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def parse_hash(stored: str) -> tuple[str, list[int], bytes, bytes]:
    """(scheme, integer parameters, salt, digest) of a stored hash; ValueError when it is malformed."""
    scheme, *parts = stored.split("$")
    count = HASH_FORMATS.get(scheme)
    if count is None or len(parts) != count + 2:
        raise ValueError(FORMAT_HINT)
    try:
        params = [int(v) for v in parts[:count]]
        salt, digest = bytes.fromhex(parts[count]), bytes.fromhex(parts[count + 1])
    except ValueError:
        raise ValueError(FORMAT_HINT) from None
    if min(params) <= 0 or not salt or not digest:
        raise ValueError(FORMAT_HINT)
    return scheme, params, salt, digest


def _derive(password: str, stored: str) -> tuple[bytes, bytes]:
    """(digest of `password` with the stored parameters, stored digest); ValueError for a malformed hash."""
    scheme, params, salt, expected = parse_hash(stored)
    secret = password.encode("utf-8")
    if scheme == "scrypt":
        n, r, p = params
        maxmem = 2 * 128 * n * r * p + 1024 * 1024
        return hashlib.scrypt(secret, salt=salt, n=n, r=r, p=p, dklen=len(expected), maxmem=maxmem), expected
    return hashlib.pbkdf2_hmac("sha256", secret, salt, params[0], dklen=len(expected)), expected


def verify_password(password: str, stored: str) -> bool:
    """Whether `password` matches the stored hash (digests compared in constant time)."""
    try:
        actual, expected = _derive(password, stored)
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


def check_name(name: str) -> None:
    if not name or name != name.strip() or any(c in name for c in ":#\n\r\t "):
        raise ValueError(f"user name {name!r} must be non-empty, without spaces, ':' or '#'")


def read_users(path: Path) -> dict[str, str]:
    """name -> hash from a users file; blank lines and `#` comments are skipped. UsersFileError on any problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsersFileError(f"no users file at {path}: create it with `unscqa users add NAME "
                             f"--users-file {path}`") from None
    except (OSError, UnicodeDecodeError) as err:
        raise UsersFileError(f"cannot read users file {path}: {err}") from err
    users: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, stored = line.partition(":")
        try:
            if not sep:
                raise ValueError("expected name:hash")
            check_name(name)
            parse_hash(stored)
        except ValueError as err:
            raise UsersFileError(f"{path}:{number}: malformed line ({err})") from None
        if name in users:
            raise UsersFileError(f"{path}:{number}: user {name!r} appears twice")
        users[name] = stored
    return users


def write_users(path: Path, users: dict[str, str]) -> None:
    """Replace the users file atomically, readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = "# unscqa users: name:hash (manage with `unscqa users add|remove|list`)\n"
    body += "".join(f"{name}:{stored}\n" for name, stored in users.items())
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(body)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def set_password(path: Path, name: str, password: str) -> bool:
    """Add the user or change their password; True when the user is new. Never stores the password itself."""
    check_name(name)
    users = read_users(path) if path.exists() else {}
    new = name not in users
    users[name] = hash_password(password)
    write_users(path, users)
    return new


def authenticator(path: Path) -> Callable[[str, str], bool]:
    """Gradio's `auth=` callable over the users file. The file is read now (errors raise) and again at each login,
    so users added later can log in without a restart; a file broken later refuses every login."""
    if not read_users(path):
        raise UsersFileError(f"{path} has no users: add one with `unscqa users add NAME --users-file {path}`")
    decoy = hash_password(secrets.token_hex(8))  # unknown names cost the same time as known ones

    def check(name: str, password: str) -> bool:
        try:
            users = read_users(path)
        except UsersFileError as err:
            print(f"login refused: {err}", file=sys.stderr, flush=True)
            return False
        stored = users.get(name)
        ok = verify_password(password, stored if stored is not None else decoy)
        return ok and stored is not None

    return check
