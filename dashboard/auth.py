"""Optional login for the person-level Werkcentrum views; the aggregate views stay public.

Switched on by configuration: `USERS_FILE` names a file of `name:roles:password-hash` lines
(make a line with `python -m dashboard.auth NAME`). Users with the role `werkcentrum` may open
the Werkcentrum page, its callbacks and the exports of instrument data; everyone else gets 401.
HTTP Basic authentication: serve it over HTTPS (the municipality's proxy does that).
"""

from __future__ import annotations

import argparse
import getpass
import hashlib
import json
import threading
import time
from pathlib import Path

import flask
from werkzeug.security import check_password_hash, generate_password_hash

ROLE = "werkcentrum"
REALM = "Participatiemonitor Werkcentrum"
PROTECTED_PATHS = ("/werkcentrum", "/api/v1/datasets/instrument_inzet",
                   "/export/instrument_inzet")
PROTECTED_IDS = ("wc-",)  # component ids of the Werkcentrum page
# Checked against a real hash when the user is unknown, so timing does not reveal names.
_DUMMY = generate_password_hash("not-a-password")


def read_users(path: Path) -> dict[str, tuple[frozenset[str], str]]:
    """name → (roles, password hash) from the users file."""
    users = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            name, roles, hashed = line.split(":", 2)
        except ValueError:
            raise ValueError(f"{path}: line {number} is not name:roles:hash") from None
        users[name.strip()] = (frozenset(r.strip() for r in roles.split(",")), hashed.strip())
    return users


def needs_role(request: flask.Request) -> bool:
    """Whether a request touches person-level Werkcentrum data."""
    if request.path.startswith(PROTECTED_PATHS):
        return True
    if request.path == "/_dash-update-component" and request.is_json:
        body = request.get_json(silent=True) or {}
        text = json.dumps([body.get("output"), body.get("inputs")])
        return any(i in text for i in PROTECTED_IDS) or '"/werkcentrum' in text
    return False


class Verifier:
    """The roles a request's HTTP Basic credentials prove.

    A password hash costs ~130 ms of CPU on purpose: a request without credentials is answered
    without one, and credentials once verified are kept for `ttl` seconds (as a digest, never
    the password) so a logged-in user does not pay it on every callback.
    """

    def __init__(self, users: dict[str, tuple[frozenset[str], str]], ttl: float = 300.0):
        self.users = users
        self.ttl = ttl
        self._verified: dict[bytes, tuple[float, frozenset[str]]] = {}
        self._lock = threading.Lock()

    def roles(self, request: flask.Request) -> frozenset[str]:
        auth = request.authorization
        if auth is None or auth.type != "basic" or not auth.username or not auth.password:
            return frozenset()
        digest = hashlib.sha256(f"{auth.username}\0{auth.password}".encode()).digest()
        now = time.monotonic()
        with self._lock:
            hit = self._verified.get(digest)
        if hit is not None and now - hit[0] < self.ttl:
            return hit[1]
        # Unknown names are checked against a real hash too, so timing does not reveal names.
        roles, hashed = self.users.get(auth.username, (frozenset(), _DUMMY))
        if not check_password_hash(hashed, auth.password):
            return frozenset()
        with self._lock:
            if len(self._verified) > 1000:  # a flood of valid logins cannot grow this
                self._verified.clear()
            self._verified[digest] = (now, roles)
        return roles


def roles(request: flask.Request) -> frozenset[str]:
    """The verified roles of this request (empty when anonymous or when no users file is set)."""
    verifier = flask.current_app.config.get("AUTH_VERIFIER")
    return verifier.roles(request) if verifier is not None else frozenset()


def challenge() -> flask.Response:
    """401 asking the browser for a login."""
    return flask.Response("Inloggen vereist / login required", 401,
                          {"WWW-Authenticate": f'Basic realm="{REALM}", charset="UTF-8"'})


def register_auth(server: flask.Flask, users_file: Path | None) -> None:
    """Require the werkcentrum role where needed, when a users file is configured."""
    if users_file is None:
        return
    server.config["AUTH_VERIFIER"] = Verifier(read_users(Path(users_file)))

    @server.before_request
    def check():
        if not needs_role(flask.request) or ROLE in roles(flask.request):
            return None
        return challenge()


def main(argv: list[str] | None = None) -> int:
    """Print a users-file line for a new user (the password is asked, never echoed)."""
    parser = argparse.ArgumentParser(description="Make a line for the USERS_FILE.")
    parser.add_argument("name")
    parser.add_argument("--role", default=ROLE)
    args = parser.parse_args(argv)
    if ":" in args.name:
        parser.error("a name cannot contain ':'")
    password = getpass.getpass("Wachtwoord / password: ")
    print(f"{args.name}:{args.role}:{generate_password_hash(password)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
