"""Manage the chat page's login: a users file of `name:hash` lines (salted scrypt; no password is stored).

`unscqa users add NAME` asks for the password twice (or reads one line from stdin with --password-stdin) and adds
the user or changes their password; `list` prints the names; `remove NAME` deletes one. The file is given by
--users-file or UNSCQA_USERS_FILE; `unscqa serve --users-file F` then asks for a login.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from dataclasses import replace
from pathlib import Path

from unscqa.auth import UsersFileError, check_name, read_users, set_password, write_users
from unscqa.settings import Settings

HELP = "add, list or remove the chat page's users (login)"
MIN_PASSWORD = 8


def add_users_file_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--users-file", help="name:hash file of the users who may log in (UNSCQA_USERS_FILE)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="add a user or change their password")
    add.add_argument("name")
    add.add_argument("--password-stdin", action="store_true",
                     help="read the password from the first line of stdin (for scripts) instead of asking twice")
    remove = actions.add_parser("remove", help="remove a user")
    remove.add_argument("name")
    listing = actions.add_parser("list", help="print the user names")
    for sub in (add, remove, listing):
        add_users_file_argument(sub)


def read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password = getpass.getpass("password: ")
    if getpass.getpass("again: ") != password:
        raise ValueError("the two passwords differ")
    return password


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.users_file:
        settings = replace(settings, users_file=args.users_file)
    path = settings.users_path
    if path is None:
        print("error: no users file: pass --users-file FILE or set UNSCQA_USERS_FILE", file=sys.stderr)
        return 2
    try:
        if args.action == "list":
            for name in read_users(path):
                print(name)
            return 0
        check_name(args.name)
        if args.action == "remove":
            return remove_user(path, args.name)
        password = read_password(args.password_stdin)
        if len(password) < MIN_PASSWORD:
            raise ValueError(f"the password must have at least {MIN_PASSWORD} characters")
        new = set_password(path, args.name, password)
    except (UsersFileError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(f"{'added' if new else 'changed the password of'} {args.name} in {path}", file=sys.stderr)
    return 0


def remove_user(path: Path, name: str) -> int:
    users = read_users(path)
    if users.pop(name, None) is None:
        print(f"error: no user {name!r} in {path}", file=sys.stderr)
        return 1
    write_users(path, users)
    print(f"removed {name} from {path}", file=sys.stderr)
    return 0
