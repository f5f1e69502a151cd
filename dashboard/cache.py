"""Answers kept per warehouse generation, shared by every worker of a server.

Between two builds an answer depends only on its request: the callback body (or the GET path
and query), the roles the request proved, the app's settings and code, and the warehouse
generation. Dash's callback answers and page shells are kept on disk (`diskcache`: SQLite and
files, bounded in bytes, least recently stored dropped first), so the same filter change asked
by fifty users is computed once. Every GET answer (pages, API, exports, reports) carries a
weak ETag of that key and is answered 304 when the client already holds it.

Access: the key holds the request's role set and only 200 answers are kept, so an answer is
only ever served to a request with the same roles as one that was given it; refusals (401)
are never kept. Reports and exports keep no body (they stream from disk and carry the
date they were made), only the fact that they were answered, for the 304.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

import dash
import diskcache
import flask

from dashboard import auth
from dashboard.data import core as core_data

log = logging.getLogger(__name__)

# Paths with their own validators (fingerprinted static files) or a live answer (health).
NOT_KEPT = ("/assets/", "/_dash-component-suites/", "/healthz", "/_reload-hash", "/_favicon")
# Answers that depend on the data stewards' uploads, checks and generations as well as on the
# warehouse (the Beheer page, its callbacks, the stewards' API): never kept, never a 304.
LIVE_MODULES = frozenset({"dashboard.stewards", "dashboard.pages.beheer"})


def code_version() -> str:
    """A digest of the dashboard's own source files: a new release never serves answers
    computed by the old one from the same warehouse."""
    digest = hashlib.sha256()
    root = Path(__file__).parent
    for path in sorted(root.rglob("*.py")):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


class AnswerCache:
    """The kept answers in `directory`, at most `size_limit` bytes."""

    def __init__(self, directory: Path, size_limit: int, salt: str):
        self.directory = Path(directory)
        self.size_limit = size_limit
        self.max_entry = size_limit // 64  # one answer may not push out many others
        self.salt = salt
        self._store: diskcache.Cache | None = None
        self._pid: int | None = None
        self._generation: str | None = None

    @property
    def store(self) -> diskcache.Cache:
        # SQLite connections must not cross a fork: each gunicorn worker opens its own
        if self._pid != os.getpid():
            self._store = diskcache.Cache(str(self.directory), size_limit=self.size_limit,
                                          timeout=1)
            self._pid = os.getpid()
        return self._store

    def generation(self) -> str | None:
        """This request's warehouse generation (None: no warehouse); a worker that sees a new
        one drops what was kept for the one it saw before."""
        try:
            current = hashlib.sha256(repr(core_data._current()[1]).encode()).hexdigest()[:16]
        except FileNotFoundError:
            return None
        if current != self._generation:
            if self._generation is not None:
                self.store.evict(self._generation)
            self._generation = current
        return current

    def key(self, request: flask.Request, generation: str, roles: frozenset[str]) -> str:
        digest = hashlib.sha256()
        for part in (self.salt, generation, ",".join(sorted(roles)), request.method,
                     request.path, request.query_string.decode("latin-1")):
            digest.update(part.encode() + b"\0")
        if request.method == "POST":
            digest.update(request.get_data(cache=True))
        return digest.hexdigest()

    def get(self, key: str):
        try:
            return self.store.get(key)
        except diskcache.Timeout:  # another worker holds the lock: compute instead
            return None

    def set(self, key: str, value: tuple, generation: str) -> None:
        try:
            self.store.set(key, value, tag=generation)
        except diskcache.Timeout:
            log.warning("answer cache busy; answer not kept")


def _roles() -> frozenset[str]:
    if flask.current_app.config.get("AUTH_VERIFIER") is None:
        return frozenset()
    if "roles" not in flask.g:  # the same request-wide value auth.allowed uses
        flask.g.roles = auth.roles(flask.request)
    return flask.g.roles


def register_cache(app: dash.Dash, directory: Path | None, size_limit: int) -> None:
    """Keep answers in `directory` (None: keep nothing, still no ETags). Registered after
    the access and 404 checks, which therefore run before any kept answer is served."""
    if directory is None:
        return
    server = app.server
    settings = server.config["SETTINGS"]
    cache = AnswerCache(directory, size_limit, f"{code_version()}\0{settings!r}")
    server.config["ANSWER_CACHE"] = cache
    prefix = app.config.routes_pathname_prefix
    callbacks = prefix + "_dash-update-component"
    index_endpoints = {prefix, prefix + "<path:path>"}
    dash_gets = {prefix + "_dash-layout", prefix + "_dash-dependencies"}

    def live() -> bool:
        """Whether the request is answered by a view, page or callback of LIVE_MODULES, found
        the way Flask, Dash's router and Dash's callback map find it."""
        req = flask.request
        if req.path == callbacks:
            body = req.get_json(silent=True)
            output = body.get("output") if isinstance(body, dict) else None
            module = auth.defined_in(app.callback_map.get(output, {})) if isinstance(
                output, str) else None
        elif req.endpoint in index_endpoints:
            found = auth.page_of(app, req.path)
            module = found[0]["module"] if found else None
        else:
            view = server.view_functions.get(req.endpoint)
            module = getattr(view, "__module__", None)
        return module in LIVE_MODULES

    def keeps_body() -> bool:
        """Dash's own answers: callbacks, page shells, layout and dependencies."""
        req = flask.request
        return req.path == callbacks or req.endpoint in index_endpoints or req.path in dash_gets

    @server.before_request
    def kept():
        req = flask.request
        if not ((req.method == "GET" and not req.path.startswith(NOT_KEPT))
                or (req.method == "POST" and req.path == callbacks)) or live():
            return None
        generation = cache.generation()
        if generation is None:
            return None
        key = cache.key(req, generation, _roles())
        flask.g.answer = (key, generation)
        hit = cache.get(key)
        if hit is None:
            return None
        etag, status, content_type, body = hit
        if req.method == "GET" and req.if_none_match.contains_weak(etag):
            resp = flask.Response(status=304)
        elif body is None:
            return None  # only the ETag is kept: the view answers
        else:
            resp = flask.Response(body, status=status, content_type=content_type)
        if req.method == "GET":
            resp.set_etag(etag, weak=True)
        flask.g.answer_served = True
        return resp

    @server.after_request
    def keep(resp: flask.Response) -> flask.Response:
        if "answer" not in flask.g or flask.g.get("answer_served") or resp.status_code != 200:
            return resp
        key, generation = flask.g.answer
        etag = key[:32]
        body = None
        if keeps_body() and not resp.is_streamed and not resp.direct_passthrough:
            body = resp.get_data()
            if len(body) > cache.max_entry:
                body = None
        if body is not None or flask.request.method == "GET":
            cache.set(key, (etag, resp.status_code, resp.content_type, body), generation)
        if flask.request.method == "GET":
            resp.set_etag(etag, weak=True)
            # the browser asks each time and mostly hears 304 (auth makes it private, no-store
            # when the request had credentials)
            resp.headers.setdefault("Cache-Control", "no-cache")
            if not resp.is_streamed:  # a stream left unread would leave its file behind
                resp.make_conditional(flask.request)
        return resp
