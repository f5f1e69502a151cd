"""Running in production: health check, security headers, request limits, 404 for what
does not exist, and nothing of the machinery shown unless debugging."""

from __future__ import annotations

import functools
import logging
from urllib.parse import urlsplit

import dash
import flask
from werkzeug.exceptions import HTTPException

from dashboard.auth import page_of
from dashboard.data import beheer as beheer_data
from dashboard.report import product_version

log = logging.getLogger(__name__)


def content_security_policy(app: dash.Dash) -> str:
    """A policy the app itself satisfies: own scripts plus the hashes of Dash's inline ones,
    inline styles (plotly and AG Grid set them), blob workers (the map), no framing."""
    scripts = " ".join(["'self'", *app.csp_hashes()])  # hashes come quoted
    return "; ".join([
        "default-src 'self'", f"script-src {scripts}", "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:", "font-src 'self' data:", "worker-src 'self' blob:",
        "child-src blob:", "connect-src 'self'", "object-src 'none'", "base-uri 'self'",
        "form-action 'self'", "frame-ancestors 'none'"])


NOT_FOUND_PAGE = "not_found_404"  # the module name Dash's router shows for unknown paths


def exists(app: dash.Dash, path: str) -> bool:
    """Whether a page path names something: a registered page whose path variables (if any)
    its `known` check accepts."""
    found = page_of(app, path)
    if found is None or found[0]["module"].split(".")[-1] == NOT_FOUND_PAGE:
        return False
    page, variables = found
    known = page.get("known")
    try:
        return known is None or bool(known(**variables))
    except FileNotFoundError:
        return True  # no warehouse yet: the page itself says so


def _or_not_found(page: dict):
    """The page's layout, or the not-found page's when its path variables name nothing."""
    original = getattr(page["layout"], "__unchecked__", page["layout"])

    @functools.wraps(original)
    def checked(**kwargs):
        try:
            ok = page["known"](**kwargs)
        except FileNotFoundError:
            ok = True
        if ok:
            return original(**kwargs)
        missing = next(p for p in dash.page_registry.values()
                       if p["module"].split(".")[-1] == NOT_FOUND_PAGE)
        return missing["layout"](lang=kwargs.get("lang"))

    checked.__unchecked__ = original
    return checked


def register_ops(app: dash.Dash, max_request_bytes: int, debug: bool = False) -> None:
    """Add /healthz, the security headers, the request size limit, 404 for unknown paths and
    (unless debugging) answers without internals for requests that fail."""
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = max_request_bytes
    policy = functools.cache(lambda: content_security_policy(app))
    prefix = app.config.routes_pathname_prefix
    index_endpoints = {prefix, prefix + "<path:path>"}
    if not debug:
        # Dash's hot-reload poll lists the server's packages, and every page's embedded config
        # names the exact Python build: only a developer needs either
        server.view_functions[prefix + "_reload-hash"] = lambda: flask.abort(404)
        config = app._config
        app._config = lambda: {k: v for k, v in config().items() if k != "python_version"}
    # pages whose path names a thing (a region, a municipality) show the not-found page for
    # things that do not exist, whichever way the router was asked
    for page in dash.page_registry.values():
        if page.get("known") is not None and callable(page["layout"]):
            page["layout"] = _or_not_found(page)

    @server.before_request
    def same_site():
        # A browser names the page a request comes from; scripts (curl, R) name none. A page
        # elsewhere must not make a logged-in user's browser post anything here (a publish,
        # a restore, a callback).
        if flask.request.method in ("GET", "HEAD", "OPTIONS"):
            return None
        origin = flask.request.headers.get("Origin") or flask.request.headers.get("Referer")
        if origin is not None and urlsplit(origin).netloc != flask.request.host:
            return flask.Response("Verzoek van een andere site geweigerd / cross-site request "
                                  "refused", 403, mimetype="text/plain")
        return None

    @server.before_request
    def unknown_path():
        # Dash answers every other path with its page shell; only real pages get one
        if flask.request.endpoint in index_endpoints and not exists(app, flask.request.path):
            flask.abort(404)

    @server.errorhandler(404)
    def not_found(exc):
        if flask.request.path.startswith("/api/"):
            return flask.jsonify({"error": "not found", "path": flask.request.path}), 404
        # the page shell: Dash's router then shows the not-found page, in Dutch or English
        return app.index(), 404

    @server.get("/healthz")
    def healthz():
        try:
            info = beheer_data.health()
        except Exception as exc:  # noqa: BLE001 - any failure to read means unhealthy
            return flask.jsonify({"status": "error", "warehouse": "unreadable",
                                  "reason": type(exc).__name__,
                                  "version": product_version()}), 503
        return flask.jsonify({"status": "ok", "warehouse": "readable", **info,
                              "version": product_version()})

    def refused(exc: Exception):
        # Our callbacks refuse malformed input themselves; what still raises while handling a
        # callback request comes from Dash's own callbacks fed forged values (a pathname that
        # is not a string, say): the request is bad, and the client learns nothing more.
        if isinstance(exc, HTTPException):
            return exc
        log.exception("request to %s failed", flask.request.path)
        if flask.request.path == "/_dash-update-component":
            return flask.jsonify({"error": "malformed callback request"}), 400
        return flask.jsonify({"error": "internal error"}), 500

    if not debug:
        server.register_error_handler(Exception, refused)

    @server.after_request
    def headers(resp: flask.Response) -> flask.Response:
        resp.headers.setdefault("Content-Security-Policy", policy())
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("Referrer-Policy", "same-origin")
        resp.headers.setdefault("X-Frame-Options", "DENY")
        return resp
