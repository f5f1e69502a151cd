"""Running in production: health check, security headers, request limits."""

from __future__ import annotations

import functools
import logging

import dash
import flask
from werkzeug.exceptions import HTTPException

from dashboard import data
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


def register_ops(app: dash.Dash, max_request_bytes: int, debug: bool = False) -> None:
    """Add /healthz, the security headers, the request size limit and (unless debugging)
    answers without internals for requests that fail."""
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = max_request_bytes
    policy = functools.cache(lambda: content_security_policy(app))

    @server.get("/healthz")
    def healthz():
        try:
            info = data.health()
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
