"""Optional login, and the one door every request for restricted data passes.

Switched on by configuration: `USERS_FILE` names a file of `name:roles:password-hash` lines
(make a line with `python -m dashboard.auth NAME`). What needs which role is one table,
`dashboard.datasets.RESTRICTED`; this module enforces it where data leaves:

- a dataset is checked where a slice is described (`dashboard.data.datasets.dataset_query`),
  so the API, the exports and the /data grid cannot read it without the role;
- a page is checked when its layout is made, whichever path or callback made Dash's router
  call it, and each of its callbacks when it runs (a callback belongs to the page whose module
  defines it);
- a Flask route is checked by the rule it matched, before its view runs.

Refused requests get 401 with a Basic challenge, or 403 when the login holds other roles.
HTTP Basic: serve it over HTTPS (the
municipality's proxy does that).
"""

from __future__ import annotations

import argparse
import functools
import getpass
import hashlib
import threading
import time
from pathlib import Path

import dash
import flask
from werkzeug.security import check_password_hash, generate_password_hash

from dashboard.datasets import RESTRICTED, SHUT_WITHOUT_USERS

REALM = "Participatiemonitor"
# Checked against a real hash when the user is unknown, so timing does not reveal names.
_DUMMY = generate_password_hash("not-a-password")


class Refused(Exception):
    """The request lacks the role a resource needs (answered with 401, or 403 when logged in)."""


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


def allowed(kind: str, name: str) -> bool:
    """Whether this request may read the resource (`kind` is dataset, page or route)."""
    role = RESTRICTED.get((kind, name))
    if role is None or not flask.has_request_context():
        return True
    if flask.current_app.config.get("AUTH_VERIFIER") is None:
        return role not in SHUT_WITHOUT_USERS  # no users file: nobody can log in
    if "roles" not in flask.g:  # one verification per request, however many doors it passes
        flask.g.roles = roles(flask.request)
    return role in flask.g.roles


def require(kind: str, name: str) -> None:
    """Raise `Refused` unless this request may read the resource."""
    if not allowed(kind, name):
        raise Refused(f"{kind} {name}")


def page_of(app: dash.Dash, path: str) -> tuple[dict, dict] | None:
    """The registered page Dash's router shows for a request path, with its path variables
    (None: no page). Dash's own matching, so no path is read two ways."""
    page, variables = dash._pages._path_to_page(app.strip_relative_path(path))
    return (page, variables or {}) if page else None


def _guarded(func, page_path: str):
    original = getattr(func, "__guarded__", func)

    @functools.wraps(original)
    def guarded(*args, **kwargs):
        require("page", page_path)
        return original(*args, **kwargs)

    guarded.__guarded__ = original
    return guarded


def defined_in(entry: dict) -> str | None:
    """The module that defines a server-side callback of Dash's callback map (through the
    door's wrapper and Dash's own); None for one that runs in the browser."""
    if "callback" not in entry:
        return None
    func = getattr(entry["callback"], "__guarded__", entry["callback"])
    return getattr(getattr(func, "__wrapped__", func), "__module__", None)


def guard_pages(app: dash.Dash) -> None:
    """Put the door in front of every restricted page's layout and callbacks (called once
    the app's callbacks are registered)."""
    restricted = {p["module"]: p["path"] for p in dash.page_registry.values()
                  if ("page", p["path"]) in RESTRICTED}
    for page in dash.page_registry.values():
        if page["module"] in restricted and callable(page["layout"]):
            page["layout"] = _guarded(page["layout"], page["path"])
    for entry in app.callback_map.values():
        module = defined_in(entry)
        if module in restricted:
            entry["callback"] = _guarded(entry["callback"], restricted[module])


def refused(_exc: Refused) -> flask.Response:
    """401 asks for a login; a login that holds other roles gets 403 instead."""
    if flask.g.get("roles"):
        return flask.Response("Geen toegang / forbidden", 403, mimetype="text/plain")
    return challenge()


def register_auth(app: dash.Dash, users_file: Path | None) -> None:
    """Enforce `RESTRICTED` (with no users file the read-only roles' resources are open and
    the stewards' shut); logged-in answers are private."""
    server = app.server
    server.register_error_handler(Refused, refused)
    if users_file is not None:
        server.config["AUTH_VERIFIER"] = Verifier(read_users(Path(users_file)))
    index_endpoints = {app.config.routes_pathname_prefix,
                       app.config.routes_pathname_prefix + "<path:path>"}

    @server.before_request
    def check():
        rule = flask.request.url_rule
        if rule is not None:
            require("route", rule.rule)
        if flask.request.endpoint in index_endpoints:
            # the page's own layout is guarded; asking here lets the browser log in at once
            found = page_of(app, flask.request.path)
            if found is not None:
                require("page", found[0]["path"])

    @server.after_request
    def private(resp: flask.Response) -> flask.Response:
        # Whatever a request with credentials gets may be personal: no cache may keep it.
        if flask.request.authorization is not None:
            resp.headers["Cache-Control"] = "private, no-store"
        return resp


def main(argv: list[str] | None = None) -> int:
    """Print a users-file line for a new user (the password is asked, never echoed)."""
    parser = argparse.ArgumentParser(description="Make a line for the USERS_FILE.")
    parser.add_argument("name")
    parser.add_argument("--role", default="werkcentrum")
    args = parser.parse_args(argv)
    if ":" in args.name:
        parser.error("a name cannot contain ':'")
    password = getpass.getpass("Wachtwoord / password: ")
    print(f"{args.name}:{args.role}:{generate_password_hash(password)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
