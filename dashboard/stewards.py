"""Data stewards' HTTP API and the runner of their checks (the workflow is etl.generations).

POST   /api/v1/uploads                      multipart field `file` → 201 {"id", "status"}
GET    /api/v1/uploads                      the newest uploads
GET    /api/v1/uploads/<id>?offset=&limit=  status, errors, quarantined rows, changes (paged)
POST   /api/v1/uploads/<id>/publish         move the file into RAW_DIR, swap the candidate in
DELETE /api/v1/uploads/<id>                 discard it
GET    /api/v1/generations                  the kept warehouses
POST   /api/v1/generations/<id>/restore     make one current again (raw folder with it)
GET    /api/v1/audit                        who did what, when, to which file
GET    /beheer/quarantaine.csv?file=&column=&reason=

All of it, the Beheer page and its callbacks need a user with the role `beheerder` (HTTP
Basic, `USERS_FILE`; the rule is in `dashboard.datasets.RESTRICTED`); without a users file
they are unavailable. A browser's request that changes something must come from this site
(`dashboard.ops`), so a page elsewhere cannot make a logged-in steward's browser publish.
"""

from __future__ import annotations

import json
import logging
import threading

import flask

from dashboard.data import beheer as beheer_data
from dashboard.settings import Settings
from etl.generations import OPEN, StewardError, Stewards

PAGE_LIMIT = 1000  # changed rows in one answer
FORM_OVERHEAD = 1 << 16  # multipart boundaries and headers around the file

log = logging.getLogger(__name__)


class Runner:
    """Runs the queued checks on a thread of this process, one thread at a time; the lock in
    etl.generations keeps the processes of a multi-worker server to one check at a time."""

    def __init__(self, stewards: Stewards):
        self.stewards = stewards
        self._guard = threading.Lock()
        self._running = self._again = False

    def kick(self) -> None:
        """Make sure queued uploads get checked (also ones whose process ended)."""
        with self._guard:
            if self._running:
                self._again = True
                return
            self._running = True
        threading.Thread(target=self._run, daemon=True, name="stewards-check").start()

    def _run(self) -> None:
        while True:
            try:
                self.stewards.run_checks()
            except Exception:  # noqa: BLE001 - the next kick tries again; the upload says why
                log.exception("checking uploads failed")
            with self._guard:
                if not self._again:
                    self._running = False
                    return
                self._again = False


def workflow() -> tuple[Stewards, Runner]:
    """The stewards' workflow of this app, made on first use (a dashboard without stewards
    writes nothing next to its warehouse)."""
    config = flask.current_app.config
    with config["STEWARDS_LOCK"]:
        if "STEWARDS" not in config:
            s: Settings = config["SETTINGS"]
            stewards = Stewards(s.warehouse, s.raw_dir, s.keep_generations)
            config["STEWARDS"] = (stewards, Runner(stewards))
    return config["STEWARDS"]


def who() -> str | None:
    auth = flask.request.authorization
    return auth.username if auth else None


def _json(body: object, status: int = 200) -> flask.Response:
    return flask.Response(json.dumps(body, ensure_ascii=False, default=str), status=status,
                          mimetype="application/json")


def _refused(exc: StewardError) -> flask.Response:
    return _json({"error": str(exc), **exc.details}, exc.status)


def upload_status(stewards: Stewards, upload_id: int, offset: int = 0,
                  limit: int = 100) -> dict:
    """An upload as the API reports it (a queued check counts as checking)."""
    up = stewards.upload(upload_id)
    keys = ("id", "file", "source", "sha256", "bytes", "uploaded_by", "uploaded_at",
            "progress", "message", "errors", "quarantined", "base_generation", "generation",
            "seconds")
    out = {k: up[k] for k in keys}
    out["status"] = "checking" if up["status"] in OPEN else up["status"]
    out["queued_behind"] = up.get("ahead", 0)
    out["changes"] = (stewards.changes(upload_id, offset, limit) if up["status"] == "ready"
                      else None)
    return out


def register_stewards(server: flask.Flask, settings: Settings) -> None:
    """Add the stewards' routes and their access rule."""
    server.config["STEWARDS_LOCK"] = threading.Lock()
    max_bytes = settings.upload_max_bytes

    @server.errorhandler(StewardError)
    def refused(exc: StewardError):
        return _refused(exc)

    @server.post("/api/v1/uploads")
    def api_upload():
        request = flask.request
        if (request.content_length or 0) > max_bytes + FORM_OVERHEAD:
            return _json({"error": f"a file may hold at most {max_bytes} bytes"}, 413)
        request.max_content_length = max_bytes + FORM_OVERHEAD
        files = request.files.getlist("file")
        if len(files) != 1:
            return _json({"error": "send one file in the multipart field 'file'"}, 400)
        stewards, runner = workflow()
        up = stewards.add_upload(files[0].filename or "", files[0].stream, who(), max_bytes)
        runner.kick()
        created = _json({"id": up["id"], "status": "checking"}, 201)
        created.headers["Location"] = f"/api/v1/uploads/{up['id']}"
        return created

    @server.get("/api/v1/uploads")
    def api_uploads():
        stewards, _runner = workflow()
        return _json([{k: v for k, v in upload_status(stewards, up["id"]).items()
                       if k != "changes"} for up in stewards.uploads()])

    @server.get("/api/v1/uploads/<int:upload_id>")
    def api_upload_status(upload_id: int):
        stewards, runner = workflow()
        try:
            offset = max(int(flask.request.args.get("offset", 0)), 0)
            limit = min(max(int(flask.request.args.get("limit", 100)), 1), PAGE_LIMIT)
        except ValueError:
            return _json({"error": "offset and limit are whole numbers"}, 400)
        status = upload_status(stewards, upload_id, offset, limit)
        if status["status"] == "checking" and stewards.queued():
            runner.kick()  # the process that took the upload may have ended
        return _json(status)

    @server.post("/api/v1/uploads/<int:upload_id>/publish")
    def api_publish(upload_id: int):
        stewards, runner = workflow()
        try:
            return _json(stewards.publish(upload_id, who()))
        except StewardError as exc:
            if stewards.queued():
                runner.kick()  # a stale candidate went back into the queue
            return _refused(exc)

    @server.delete("/api/v1/uploads/<int:upload_id>")
    def api_discard(upload_id: int):
        stewards, _runner = workflow()
        return _json(upload_status(stewards, stewards.discard(upload_id, who())["id"]))

    @server.get("/api/v1/generations")
    def api_generations():
        stewards, _runner = workflow()
        return _json(stewards.generations())

    @server.post("/api/v1/generations/<int:gid>/restore")
    def api_restore(gid: int):
        stewards, _runner = workflow()
        return _json(stewards.restore(gid, who()))

    @server.get("/api/v1/audit")
    def api_audit():
        stewards, _runner = workflow()
        return _json(stewards.audit_trail())

    @server.get("/beheer/quarantaine.csv")
    def quarantine_csv():
        args = flask.request.args
        df = beheer_data.quarantine(args.get("file"), args.get("column"), args.get("reason"),
                             for_csv=True)
        return flask.Response(df.to_csv(index=False), mimetype="text/csv", headers={
            "Content-Disposition": 'attachment; filename="quarantaine.csv"'})
