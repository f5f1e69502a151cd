"""HTTP API and downloads for researchers: the same slice (`DatasetQuery`) as the data page.

GET /api/v1/datasets                               JSON list with columns and meanings
GET /api/v1/datasets/<name>.csv|.parquet|.json     a slice: ?<column>=<value> (repeat for
                                                   several; dimensions only, never a
                                                   protected count), periode_van, periode_tot;
                                                   CSV takes dialect=standaard|nl, JSON
                                                   limit and offset
GET /api/v1/datasets/<name>/metadata.json          what a slice is, with its filters
GET /export/<name>.zip?format=csv|parquet&...      the slice plus metadata.json and LEESMIJ.txt
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import zipfile
from pathlib import Path

import flask

from dashboard import auth
from dashboard.data import datasets as datasets_data
from dashboard.data import gaps as gaps_data
from dashboard.datasets import DATASETS, DatasetQuery, QueryError
from dashboard.report import product_version
from dashboard.urlstate import with_args

JSON_LIMIT = 10_000
MAX_OFFSET = 10**12  # far beyond any table, well inside DuckDB's BIGINT
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
            for c, k in datasets_data.dataset_columns(name)]


def describe(name: str) -> dict:
    """A dataset's card: meaning, source, columns, coverage."""
    ds = DATASETS[name]
    return {"name": name, "title": ds.title, "description": ds.description, "source": ds.source,
            "period_filter": ds.period is not None,
            "person_counts": list(ds.person_counts),
            "columns": column_docs(name), **datasets_data.dataset_summary(name)}


def metadata(q: DatasetQuery, fmt: str, dialect: str | None) -> dict:
    """What travels with every export."""
    ds = q.dataset
    return {
        "dataset": ds.name, "title": ds.title, "description": ds.description,
        "source": ds.source, "filters": q.args(), "format": fmt, "csv_dialect": dialect,
        "columns": column_docs(ds.name),
        "protection": datasets_data.protection_note(ds),
        "formula_injection": "CSV text cells starting with = + - @ tab or CR get a leading '.",
        "data_date": gaps_data.data_date(),
        "exported_at": dt.datetime.now().isoformat(timespec="seconds"),
        "product_version": product_version(),
        "rows": datasets_data.dataset_count(q),
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
    datasets_data.dataset_export(q, fmt, Path(name), dialect)
    return Path(name)


def spend(rows: int) -> bool:
    """Take `rows` from this client's budget of the last minute (False: spent)."""
    budget = flask.current_app.config["ROW_BUDGET"]
    return budget.take(flask.request.remote_addr or "?", rows)


def whole_number(name: str, default: int, top: int) -> int:
    """A paging argument: digits only, at most `top` (ValueError otherwise)."""
    text = flask.request.args.get(name, str(default))
    if not (text.isascii() and text.isdigit()) or len(text) > 18 or int(text) > top:
        raise ValueError(name)
    return int(text)


def register_api(server: flask.Flask, max_rows: int, rows_per_minute: int,
                 budget_file: Path) -> None:
    """Add the API and download routes to the Flask server, with the export limits."""
    server.config["ROW_BUDGET"] = datasets_data.RowBudget(budget_file, rows_per_minute)

    def limited(q: DatasetQuery) -> flask.Response | None:
        """413 when a file export is larger than allowed, 429 when the client's budget for
        the last minute is spent."""
        rows = datasets_data.dataset_count(q)
        if rows > max_rows:
            return _error(413, f"this slice has {rows} rows; one export may hold {max_rows}: "
                               "filter on more columns or a shorter period", list(q.args()))
        if not spend(rows):
            return spent()
        return None

    def spent() -> flask.Response:
        return _error(429, f"more than {rows_per_minute} rows taken in the last minute; "
                           "try again shortly", [])

    @server.get("/api/v1/datasets")
    def api_datasets():
        # a restricted dataset is not even named to whoever may not read it
        return flask.jsonify([describe(n) for n in DATASETS if auth.allowed("dataset", n)])

    def checked(name: str) -> DatasetQuery | flask.Response:
        try:
            return datasets_data.dataset_query(name, _args())
        except QueryError as exc:
            if name not in DATASETS:
                return _error(404, str(exc), [n for n in exc.allowed
                                              if auth.allowed("dataset", n)])
            return _error(400, str(exc), exc.allowed)

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
                limit = min(whole_number("limit", JSON_LIMIT, 10**18), JSON_LIMIT)
                offset = whole_number("offset", 0, MAX_OFFSET)
            except ValueError:
                return _error(400, f"limit and offset are whole numbers from 0 (offset at most "
                                   f"{MAX_OFFSET})", ["limit", "offset"])
            rows = datasets_data.dataset_rows(q, offset, limit)
            if not spend(len(rows)):
                return spent()
            # through Python's own floats: pandas' to_json keeps only 10 significant digits,
            # so the JSON would disagree with the CSV and Parquet of the same slice
            records = rows.astype(object).where(rows.notna(), None).to_dict(orient="records")
            return flask.Response(
                json.dumps({"dataset": name, "filters": q.args(),
                            "count": datasets_data.dataset_count(q), "offset": offset,
                            "limit": limit, "rows": records},
                           ensure_ascii=False, default=lambda value: value.isoformat()),
                mimetype="application/json")
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
