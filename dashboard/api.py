"""HTTP API and downloads for researchers: the same slice (`DatasetQuery`) as the data page.

GET /api/v1/datasets                               JSON list with columns and meanings
GET /api/v1/datasets/<name>.csv|.parquet|.json     a slice: ?<column>=<value> (repeat for
                                                   several), periode_van, periode_tot;
                                                   CSV takes dialect=standaard|nl
GET /api/v1/datasets/<name>/metadata.json          what a slice is, with its filters
GET /export/<name>.zip?format=csv|parquet&...      the slice plus metadata.json and LEESMIJ.txt
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import threading
import time
import zipfile
from pathlib import Path

import flask

from dashboard import data
from dashboard.datasets import DATASETS, DatasetQuery, QueryError
from dashboard.report import product_version
from dashboard.urlstate import with_args

JSON_LIMIT = 10_000
CHUNK = 1 << 16
BOM = "\ufeff".encode()


def _args() -> dict[str, list[str]]:
    return {k: flask.request.args.getlist(k) for k in flask.request.args}


def _error(status: int, message: str, allowed: list[str]) -> flask.Response:
    key = "datasets" if status == 404 else "allowed"
    return flask.Response(json.dumps({"error": message, key: allowed}, ensure_ascii=False),
                          status=status, mimetype="application/json")


def column_docs(name: str) -> list[dict]:
    """Each column of a dataset with its type and meaning."""
    ds = DATASETS[name]
    return [{"name": c, "type": k, "description": ds.meaning(c)}
            for c, k in data.dataset_columns(name)]


def describe(name: str) -> dict:
    """A dataset's card: meaning, source, columns, coverage."""
    ds = DATASETS[name]
    return {"name": name, "title": ds.title, "description": ds.description, "source": ds.source,
            "period_filter": ds.period is not None,
            "person_counts": list(ds.person_counts),
            "columns": column_docs(name), **data.dataset_summary(name)}


def metadata(q: DatasetQuery, fmt: str, dialect: str | None) -> dict:
    """What travels with every export."""
    ds = q.dataset
    return {
        "dataset": ds.name, "title": ds.title, "description": ds.description,
        "source": ds.source, "filters": q.args(), "format": fmt, "csv_dialect": dialect,
        "columns": column_docs(ds.name),
        "protection": data.protection_note(ds),
        "formula_injection": "CSV text cells starting with = + - @ tab or CR get a leading '.",
        "data_date": data.data_date(),
        "exported_at": dt.datetime.now().isoformat(timespec="seconds"),
        "product_version": product_version(),
        "rows": data.dataset_count(q),
    }


def _stream(path: Path, prefix: bytes = b""):
    """Yield a temporary file in chunks, then remove it (memory stays one chunk)."""
    try:
        if prefix:
            yield prefix
        with open(path, "rb") as fh:
            while chunk := fh.read(CHUNK):
                yield chunk
    finally:
        os.unlink(path)


def _written(q: DatasetQuery, fmt: str, dialect: str) -> Path:
    fd, name = tempfile.mkstemp(suffix="." + fmt, prefix="export-")
    os.close(fd)
    data.dataset_export(q, fmt, Path(name), dialect)
    return Path(name)


class RowBudget:
    """Rows each client may export per minute (per worker process): a sliding window."""

    def __init__(self, per_minute: int):
        self.per_minute = per_minute
        self.spent: dict[str, list[tuple[float, int]]] = {}
        self.lock = threading.Lock()

    def take(self, client: str, rows: int, now: float | None = None) -> bool:
        """Spend `rows` for `client` if the last minute leaves room; False otherwise."""
        now = time.monotonic() if now is None else now
        with self.lock:
            recent = [(t, n) for t, n in self.spent.get(client, []) if now - t < 60]
            if sum(n for _, n in recent) + rows > self.per_minute:
                self.spent[client] = recent
                return False
            self.spent[client] = [*recent, (now, rows)]
            return True


def register_api(server: flask.Flask, max_rows: int, rows_per_minute: int) -> None:
    """Add the API and download routes to the Flask server, with the export limits."""
    budget = RowBudget(rows_per_minute)

    def limited(q: DatasetQuery) -> flask.Response | None:
        """413 when a file export is larger than allowed, 429 when the client's budget for
        the last minute is spent."""
        rows = data.dataset_count(q)
        if rows > max_rows:
            return _error(413, f"this slice has {rows} rows; one export may hold {max_rows}: "
                               "filter on more columns or a shorter period", list(q.args()))
        if not budget.take(flask.request.remote_addr or "?", rows):
            return _error(429, f"more than {rows_per_minute} rows exported in the last minute; "
                               "try again shortly", [])
        return None

    @server.get("/api/v1/datasets")
    def api_datasets():
        return flask.jsonify([describe(n) for n in DATASETS])

    def checked(name: str) -> DatasetQuery | flask.Response:
        try:
            return data.dataset_query(name, _args())
        except QueryError as exc:
            return _error(404 if name not in DATASETS else 400, str(exc), exc.allowed)

    @server.get("/api/v1/datasets/<name>/metadata.json")
    def api_metadata(name: str):
        q = checked(name)
        if isinstance(q, flask.Response):
            return q
        return flask.jsonify(metadata(q, "json", None))

    @server.get("/api/v1/datasets/<name>.<fmt>")
    def api_slice(name: str, fmt: str):
        if fmt not in ("csv", "parquet", "json"):
            return _error(400, f"unknown format: {fmt}", ["csv", "parquet", "json"])
        q = checked(name)
        if isinstance(q, flask.Response):
            return q
        if fmt == "json":
            try:
                limit = min(int(flask.request.args.get("limit", JSON_LIMIT)), JSON_LIMIT)
                offset = max(int(flask.request.args.get("offset", 0)), 0)
            except ValueError:
                return _error(400, "limit and offset are whole numbers", ["limit", "offset"])
            rows = data.dataset_rows(q, offset, limit)
            return flask.Response(
                json.dumps({"dataset": name, "filters": q.args(), "count": data.dataset_count(q),
                            "offset": offset, "limit": limit,
                            "rows": json.loads(rows.to_json(orient="records",
                                                            date_format="iso"))},
                           ensure_ascii=False), mimetype="application/json")
        dialect = "nl" if flask.request.args.get("dialect") == "nl" else "standaard"
        if (refused := limited(q)) is not None:
            return refused
        path = _written(q, fmt, dialect)
        mime = "application/vnd.apache.parquet" if fmt == "parquet" else "text/csv"
        return flask.Response(
            _stream(path, BOM if fmt == "csv" and dialect == "nl" else b""), mimetype=mime,
            headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"',
                     "Link": f'</api/v1/datasets/{name}/metadata.json>; rel="describedby"'})

    @server.get("/export/<name>.zip")
    def export_zip(name: str):
        q = checked(name)
        if isinstance(q, flask.Response):
            return q
        fmt = "parquet" if flask.request.args.get("format") == "parquet" else "csv"
        dialect = "nl" if flask.request.args.get("dialect") == "nl" else "standaard"
        if (refused := limited(q)) is not None:
            return refused
        part = _written(q, fmt, dialect)
        meta = metadata(q, fmt, dialect if fmt == "csv" else None)
        fd, zip_name = tempfile.mkstemp(suffix=".zip", prefix="export-")
        os.close(fd)
        try:
            with zipfile.ZipFile(zip_name, "w", zipfile.ZIP_DEFLATED) as zf:
                if fmt == "csv" and dialect == "nl":
                    with zf.open(f"{name}.csv", "w") as out, open(part, "rb") as src:
                        out.write(BOM)
                        while chunk := src.read(CHUNK):
                            out.write(chunk)
                else:
                    zf.write(part, f"{name}.{fmt}")
                zf.writestr("metadata.json", json.dumps(meta, ensure_ascii=False, indent=2))
                zf.writestr("LEESMIJ.txt", readme(meta))
        finally:
            os.unlink(part)
        return flask.Response(_stream(Path(zip_name)), mimetype="application/zip", headers={
            "Content-Disposition": f'attachment; filename="participatiemonitor_{name}.zip"'})


def readme(meta: dict) -> str:
    """A human-readable companion to metadata.json."""
    lines = [f"Participatiemonitor {meta['product_version']} — {meta['title']['nl']}", "",
             meta["description"]["nl"], "", f"Bron: {meta['source']}",
             f"Stand van de gegevens: {meta['data_date']}", f"Geëxporteerd: {meta['exported_at']}",
             f"Filters: {json.dumps(meta['filters'], ensure_ascii=False) or 'geen'}",
             f"Rijen: {meta['rows']}", f"Bescherming: {meta['protection']['nl']}",
             f"Formules: {meta['formula_injection']}", "", "Kolommen:"]
    lines += [f"  {c['name']} ({c['type']}): {c['description']}" for c in meta["columns"]]
    return "\n".join(lines) + "\n"


def link(name: str, q_args: dict[str, list[str]], **extra: str) -> str:
    """A download link for a slice (used by the pages)."""
    return f"/export/{name}.zip" + with_args(**q_args, **extra)
