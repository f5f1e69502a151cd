"""Data stewards' workflow around the build: upload a file, check it by building a candidate
warehouse, see what it changes in `gaps`, publish it or discard it, and restore an earlier
generation. Every step lands in an audit trail.

Everything lives in one folder next to the warehouse (`<warehouse stem>.beheer/`): the state
in SQLite (`state.sqlite`: uploads, generations, audit), the uploads themselves, candidate
warehouses, the kept generations and the raw files they were built from (stored once by
sha256). Several processes (gunicorn workers) share it: a file lock lets one of them run
checks at a time and another serialises publishes and restores; whichever process is asked
answers from the state.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import fnmatch
import hashlib
import json
import os
import shutil
import sqlite3
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import BinaryIO

import duckdb

from etl.build import BuildError, build, sql_file
from etl.extract import InputError
from etl.sources import SOURCES, Source

CHUNK = 1 << 20
NAME_MAX = 200
# the API's word for a check that has not finished (queued or running)
OPEN = ("queued", "checking")
CHANGE_ORDER = "CASE change WHEN 'status' THEN 0 WHEN 'value' THEN 1 WHEN 'added' THEN 2 ELSE 3 END"


class StewardError(Exception):
    """A request the workflow refuses; `status` is the HTTP status that fits it."""

    def __init__(self, status: int, message: str, **details: object):
        super().__init__(message)
        self.status = status
        self.details = details


def accepted_patterns() -> list[str]:
    """Every file-name pattern of the source contract."""
    return sorted({p for s in SOURCES for p in s.patterns})


def source_of(name: str) -> Source:
    """The first source whose pattern `name` matches; refuse path-like or unknown names."""
    if (not name or len(name) > NAME_MAX or name != Path(name).name or "\\" in name
            or name.startswith(".") or any(ord(c) < 32 for c in name)):
        raise StewardError(400, f"not a plain file name: {name!r}",
                           accepted=accepted_patterns())
    for source in SOURCES:
        if any(fnmatch.fnmatch(name.lower(), p) for p in source.patterns):
            return source
    raise StewardError(400, f"{name} matches no source of the contract",
                       accepted=accepted_patterns())


def now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def fingerprint(path: Path) -> str:
    """Identity of a warehouse file: a swap or a rebuild gives another one."""
    st = os.stat(path)
    return f"{st.st_ino}:{st.st_size}:{st.st_mtime_ns}"


@contextlib.contextmanager
def locked(path: Path, wait: bool = True) -> Iterator[bool]:
    """Hold an exclusive lock on `path` (True), or yield False when `wait` is off and another
    holds it. The system releases the lock when its process ends, however it ends."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)


def _replace_with_copy(src: Path, dest: Path) -> None:
    """Copy `src` over `dest` so that readers of `dest` see the old or the new file. The copy
    keeps the file's time: a raw file published or restored is then not newer than the
    warehouse built from it (app.py rebuilds when one is)."""
    tmp = dest.with_name(f".{dest.name}.tmp-{os.getpid()}")
    shutil.copy2(src, tmp)
    os.replace(tmp, dest)


def _link_or_copy(src: Path, dest: Path) -> None:
    try:
        os.link(src, dest)
    except OSError:
        shutil.copyfile(src, dest)


def raw_files(raw_dir: Path) -> list[Path]:
    """The files of the raw folder the build could read (hidden and lock files left out)."""
    return sorted(p for p in raw_dir.iterdir()
                  if p.is_file() and not p.name.startswith((".", "~$")))


class Stewards:
    """The workflow on one warehouse and raw folder, keeping `keep` generations."""

    def __init__(self, warehouse: Path, raw_dir: Path, keep: int = 5,
                 today: dt.date | None = None):
        self.warehouse, self.raw_dir = Path(warehouse), Path(raw_dir)
        self.keep, self.today = max(keep, 1), today
        self.dir = self.warehouse.parent / f"{self.warehouse.stem}.beheer"
        for sub in ("uploads", "candidates", "checks", "generations", "blobs", "set_aside"):
            (self.dir / sub).mkdir(parents=True, exist_ok=True)
        with self._db() as db:
            db.executescript(resources.files("etl").joinpath("sql", "stewards", "state.sql")
                             .read_text("utf-8"))

    # --- state ---

    @contextlib.contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.dir / "state.sqlite", timeout=30, isolation_level=None)
        db.row_factory = sqlite3.Row
        try:
            db.execute("PRAGMA journal_mode=WAL")
            yield db
        finally:
            db.close()

    def _rows(self, sql: str, params: tuple = ()) -> list[dict]:
        with self._db() as db:
            return [dict(r) for r in db.execute(sql, params).fetchall()]

    def _run(self, sql: str, params: tuple = ()) -> int:
        with self._db() as db:
            return db.execute(sql, params).lastrowid

    def audit(self, who: str | None, action: str, file: str | None, sha256: str | None,
              outcome: str) -> None:
        self._run("INSERT INTO audit (at, who, action, file, sha256, outcome) "
                  "VALUES (?, ?, ?, ?, ?, ?)", (now(), who, action, file, sha256, outcome))

    def audit_trail(self, limit: int = 500) -> list[dict]:
        """The newest entries first."""
        return self._rows("SELECT * FROM audit ORDER BY id DESC LIMIT ?", (limit,))

    # --- uploads and checks ---

    def add_upload(self, name: str, stream: BinaryIO, who: str | None,
                   max_bytes: int) -> dict:
        """Store an uploaded file (outside the raw folder) and queue its check."""
        try:
            source = source_of(name)
        except StewardError as exc:
            self.audit(who, "upload", name[:NAME_MAX], None, f"refused: {exc}")
            raise
        tmp = self.dir / "uploads" / f".incoming-{os.getpid()}-{id(stream)}"
        digest, size = hashlib.sha256(), 0
        try:
            with open(tmp, "wb") as out:
                while chunk := stream.read(CHUNK):
                    size += len(chunk)
                    if size > max_bytes:
                        self.audit(who, "upload", name, None, f"refused: over {max_bytes} bytes")
                        raise StewardError(413, f"{name} is larger than {max_bytes} bytes")
                    digest.update(chunk)
                    out.write(chunk)
            upload_id = self._run(
                "INSERT INTO uploads (file, source, sha256, bytes, uploaded_by, uploaded_at, "
                "status) VALUES (?, ?, ?, ?, ?, ?, 'queued')",
                (name, source.name, digest.hexdigest(), size, who, now()))
            folder = self.dir / "uploads" / str(upload_id)
            folder.mkdir()
            os.replace(tmp, folder / name)
        finally:
            tmp.unlink(missing_ok=True)
        self.audit(who, "upload", name, digest.hexdigest(), f"upload {upload_id}: queued")
        return self.upload(upload_id)

    def upload(self, upload_id: int) -> dict:
        """An upload's state; a check whose process ended meanwhile is marked failed."""
        rows = self._rows("SELECT * FROM uploads WHERE id = ?", (upload_id,))
        if not rows:
            raise StewardError(404, f"no upload {upload_id}")
        if rows[0]["status"] == "checking":
            with locked(self.dir / "check.lock", wait=False) as free:
                if free:
                    self._recover()
                    rows = self._rows("SELECT * FROM uploads WHERE id = ?", (upload_id,))
        up = rows[0]
        up["errors"] = json.loads(up["errors"])
        if up["status"] == "queued":
            [(ahead,)] = self._tuples("SELECT count(*) FROM uploads WHERE status IN "
                                      "('queued', 'checking') AND id < ?", (upload_id,))
            up["ahead"] = ahead
        return up

    def _tuples(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._db() as db:
            return [tuple(r) for r in db.execute(sql, params).fetchall()]

    def uploads(self, limit: int = 50) -> list[dict]:
        """The newest uploads first."""
        return [self.upload(r["id"]) for r in
                self._rows("SELECT id FROM uploads ORDER BY id DESC LIMIT ?", (limit,))]

    def queued(self) -> bool:
        return bool(self._tuples("SELECT 1 FROM uploads WHERE status = 'queued' LIMIT 1"))

    def run_checks(self) -> None:
        """Check queued uploads, oldest first, until none is left; waits while another
        process checks. Holding the lock, any upload still `checking` belongs to a process
        that ended mid-check: it is marked failed and its leftovers removed first."""
        with locked(self.dir / "check.lock"):
            self._recover()
            while True:
                with self._db() as db:
                    db.execute("BEGIN IMMEDIATE")
                    row = db.execute("SELECT id FROM uploads WHERE status = 'queued' "
                                     "ORDER BY id LIMIT 1").fetchone()
                    if row is None:
                        db.execute("COMMIT")
                        return
                    db.execute("UPDATE uploads SET status = 'checking', progress = NULL "
                               "WHERE id = ?", (row["id"],))
                    db.execute("COMMIT")
                self._check(row["id"])

    def _recover(self) -> None:
        """Only while holding the check lock: nothing can be checking now."""
        for up in self._rows("SELECT id, file, sha256 FROM uploads WHERE status = 'checking'"):
            self._finish(up["id"], "failed", "the check was interrupted (the process ended); "
                         "upload the file again", [])
            self.audit(None, "check", up["file"], up["sha256"],
                       f"upload {up['id']}: failed (interrupted)")
        for leftover in (self.dir / "candidates").iterdir():
            if leftover.is_dir():  # a build's work folder
                shutil.rmtree(leftover, ignore_errors=True)
        for leftover in (self.dir / "checks").iterdir():
            shutil.rmtree(leftover, ignore_errors=True)
        open_ids = {str(r["id"]) for r in self._rows("SELECT id FROM uploads WHERE status = "
                                                     "'ready'")}
        for candidate in (self.dir / "candidates").glob("*.duckdb"):
            if candidate.stem not in open_ids:
                candidate.unlink()

    def _finish(self, upload_id: int, status: str, message: str | None, errors: list[dict],
                **fields: object) -> None:
        sets = ", ".join(f"{k} = ?" for k in fields)
        self._run(f"UPDATE uploads SET status = ?, message = ?, errors = ?, progress = NULL"
                  f"{', ' + sets if sets else ''} WHERE id = ?",
                  (status, message, json.dumps(errors, ensure_ascii=False), *fields.values(),
                   upload_id))

    def _check(self, upload_id: int) -> None:
        """Build a candidate warehouse from the current raw files plus the upload."""
        up = self._rows("SELECT * FROM uploads WHERE id = ?", (upload_id,))[0]
        base = self.current_generation()
        work = self.dir / "checks" / str(upload_id)
        shutil.rmtree(work, ignore_errors=True)
        raw = work / "raw"
        raw.mkdir(parents=True)
        for path in raw_files(self.raw_dir):
            if path.name != up["file"]:
                _link_or_copy(path, raw / path.name)
        _link_or_copy(self.dir / "uploads" / str(upload_id) / up["file"], raw / up["file"])
        candidate = self.dir / "candidates" / f"{upload_id}.duckdb"

        def say(message: str) -> None:
            self._run("UPDATE uploads SET progress = ? WHERE id = ?",
                      (message.strip(), upload_id))

        started = dt.datetime.now()
        try:
            result = build(raw, candidate, today=self.today, say=say)
        except BuildError as exc:
            cause = exc.__cause__
            file = cause.path.name if isinstance(cause, InputError) else None
            reason = cause.problem if isinstance(cause, InputError) else str(exc)
            self._finish(upload_id, "failed", str(exc),
                         [{"file": file, "row": None, "column": None, "reason": reason}],
                         seconds=self._since(started))
            self.audit(None, "check", up["file"], up["sha256"],
                       f"upload {upload_id}: failed: {str(exc).splitlines()[0]}")
            return
        finally:
            shutil.rmtree(work, ignore_errors=True)
        with duckdb.connect(str(candidate), read_only=True) as con:
            rejected = con.execute(
                """SELECT file, "row", "column", reason FROM quarantine
                   WHERE split_part(file, '#', 1) = ? ORDER BY "row", "column" """,
                [up["file"]]).fetchall()
        errors = [{"file": f, "row": r, "column": c, "reason": why} for f, r, c, why in rejected]
        if errors:
            # published figures would silently lose these rows: the file is sent back instead
            candidate.unlink()
            rows = len({e["row"] for e in errors})
            self._finish(upload_id, "failed",
                         f"{rows} row(s) of {up['file']} break a rule of the contract; correct "
                         "them and upload the file again", errors[:1000],
                         quarantined=rows, seconds=self._since(started))
            outcome = f"failed: {rows} row(s) rejected"
        else:
            self._finish(upload_id, "ready", "; ".join(result.warnings) or None, [],
                         base_generation=base["id"], seconds=self._since(started))
            outcome = "ready"
        self.audit(None, "check", up["file"], up["sha256"], f"upload {upload_id}: {outcome}")

    @staticmethod
    def _since(started: dt.datetime) -> float:
        return round((dt.datetime.now() - started).total_seconds(), 2)

    # --- what a candidate changes ---

    def changes(self, upload_id: int, offset: int = 0, limit: int = 100) -> dict:
        """Counts of the changes to `gaps` a ready upload makes, and a page of them."""
        up = self.upload(upload_id)
        if up["status"] != "ready":
            raise StewardError(409, f"upload {upload_id} is {up['status']}, not ready")
        con = duckdb.connect(":memory:")
        try:
            for alias, path in (("huidig", self.warehouse),
                                ("kandidaat", self.dir / "candidates" / f"{upload_id}.duckdb")):
                con.execute(f"ATTACH '{str(path).replace(chr(39), chr(39) * 2)}' AS {alias} "
                            "(READ_ONLY)")
            con.execute(sql_file("stewards", "gaps_diff"))
            counts = {k: 0 for k in ("status", "value", "added", "removed")}
            counts.update(con.execute("SELECT change, count(*) FROM gaps_diff GROUP BY 1")
                          .fetchall())
            [(published,)] = con.execute("SELECT count(*) FROM gaps_diff WHERE published "
                                         "AND change <> 'added'").fetchall()
            added_periods = con.execute(
                "SELECT DISTINCT periode FROM kandidaat.gaps EXCEPT "
                "SELECT DISTINCT periode FROM huidig.gaps ORDER BY 1").fetchall()
            page = con.execute(
                f"""SELECT * FROM gaps_diff ORDER BY {CHANGE_ORDER}, published DESC,
                           indicator, gebied_niveau, gebied_naam, periode
                    LIMIT ? OFFSET ?""", [limit, offset])
            names = [d[0] for d in page.description]
            rows = [dict(zip(names, r, strict=True)) for r in page.fetchall()]
        finally:
            con.close()
        return {"counts": {**counts, "published_changed": published,
                           "total": sum(counts.values())},
                "added_periods": [p for (p,) in added_periods],
                "offset": offset, "limit": limit, "rows": rows}

    # --- generations ---

    def _record(self, who: str | None, upload_id: int | None) -> dict:
        """Keep the current warehouse and raw folder as a new generation (publish lock held)."""
        files = []
        for path in raw_files(self.raw_dir):
            sha = sha256_of(path)
            blob = self.dir / "blobs" / sha
            if not blob.exists():
                _replace_with_copy(path, blob)
            files.append({"name": path.name, "sha256": sha, "bytes": path.stat().st_size})
        with duckdb.connect(str(self.warehouse), read_only=True) as con:
            [(built,)] = con.execute("SELECT max(loaded_at) FROM load_log").fetchall()
        gid = self._run(
            "INSERT INTO generations (built_at, recorded_at, published_by, upload_id, files, "
            "fingerprint) VALUES (?, ?, ?, ?, ?, ?)",
            (built.isoformat(timespec="seconds") if built else None, now(), who, upload_id,
             json.dumps(files), fingerprint(self.warehouse)))
        folder = self.dir / "generations" / str(gid)
        folder.mkdir()
        # the build and a restore replace the warehouse file, never write into it: a link
        # keeps this generation without a copy
        _link_or_copy(self.warehouse, folder / "warehouse.duckdb")
        return self._generation(gid)

    def _generation(self, gid: int) -> dict:
        rows = self._rows("SELECT * FROM generations WHERE id = ?", (gid,))
        if not rows or not (self.dir / "generations" / str(gid) / "warehouse.duckdb").exists():
            raise StewardError(404, f"no kept generation {gid}")
        gen = rows[0]
        gen["files"] = json.loads(gen["files"])
        return gen

    def current_generation(self) -> dict:
        """The generation the warehouse is now; a warehouse built outside this workflow
        (python -m etl build) is recorded as a new one first."""
        with locked(self.dir / "publish.lock"):
            return self._current()

    def _current(self) -> dict:
        rows = self._rows("SELECT id FROM generations WHERE fingerprint = ? ORDER BY id DESC "
                          "LIMIT 1", (fingerprint(self.warehouse),))
        if rows:
            return self._generation(rows[0]["id"])
        return self._record(None, None)

    def generations(self) -> list[dict]:
        """The kept generations, newest first, the current one marked."""
        current = self.current_generation()["id"]
        return [{**self._generation(r["id"]), "current": r["id"] == current}
                for r in self._rows("SELECT id FROM generations ORDER BY id DESC")
                if (self.dir / "generations" / str(r["id"])).exists()]

    def publish(self, upload_id: int, who: str | None) -> dict:
        """Move the upload into the raw folder and swap its candidate in; one at a time, and
        only when the warehouse is still the one the candidate was checked against."""
        with locked(self.dir / "publish.lock"):
            up = self.upload(upload_id)
            if up["status"] != "ready":
                self.audit(who, "publish", up["file"], up["sha256"],
                           f"upload {upload_id}: refused ({up['status']})")
                raise StewardError(409, f"upload {upload_id} is {up['status']}, not ready")
            current = self._current()
            if up["base_generation"] != current["id"]:
                # built on data that is no longer published: check it again on the new data
                (self.dir / "candidates" / f"{upload_id}.duckdb").unlink(missing_ok=True)
                self._run("UPDATE uploads SET status = 'queued', base_generation = NULL "
                          "WHERE id = ?", (upload_id,))
                self.audit(who, "publish", up["file"], up["sha256"],
                           f"upload {upload_id}: refused (generation {current['id']} was "
                           "published since its check; checking again)")
                raise StewardError(409, f"generation {current['id']} was published after this "
                                        "check; the upload is being checked again")
            _replace_with_copy(self.dir / "uploads" / str(upload_id) / up["file"],
                               self.raw_dir / up["file"])
            os.replace(self.dir / "candidates" / f"{upload_id}.duckdb", self.warehouse)
            gen = self._record(who, upload_id)
            self._run("UPDATE uploads SET status = 'published', generation = ? WHERE id = ?",
                      (gen["id"], upload_id))
            shutil.rmtree(self.dir / "uploads" / str(upload_id), ignore_errors=True)
            self._prune()
        self.audit(who, "publish", up["file"], up["sha256"],
                   f"upload {upload_id}: generation {gen['id']}")
        return gen

    def discard(self, upload_id: int, who: str | None) -> dict:
        """Drop an upload that is not published and not being checked."""
        with locked(self.dir / "publish.lock"):
            up = self.upload(upload_id)
            if up["status"] in ("checking", "published", "discarded"):
                raise StewardError(409, f"upload {upload_id} is {up['status']}")
            with self._db() as db:
                changed = db.execute("UPDATE uploads SET status = 'discarded' "
                                     "WHERE id = ? AND status = ?",
                                     (upload_id, up["status"])).rowcount
            if not changed:  # a check took it up meanwhile
                raise StewardError(409, f"upload {upload_id} is being checked")
            (self.dir / "candidates" / f"{upload_id}.duckdb").unlink(missing_ok=True)
            shutil.rmtree(self.dir / "uploads" / str(upload_id), ignore_errors=True)
        self.audit(who, "discard", up["file"], up["sha256"], f"upload {upload_id}: discarded")
        return self.upload(upload_id)

    def restore(self, gid: int, who: str | None) -> dict:
        """Make a kept generation current again, its raw files with it."""
        with locked(self.dir / "publish.lock"):
            gen = self._generation(gid)
            self._current()  # keep what is published now, so the restore can be undone
            wanted = {f["name"]: f["sha256"] for f in gen["files"]}
            aside = self.dir / "set_aside" / dt.datetime.now().strftime("%Y%m%dT%H%M%S%f")
            for path in raw_files(self.raw_dir):
                if path.name not in wanted:
                    aside.mkdir(parents=True, exist_ok=True)
                    shutil.move(path, aside / path.name)
            for name, sha in wanted.items():
                target = self.raw_dir / name
                if not target.exists() or sha256_of(target) != sha:
                    _replace_with_copy(self.dir / "blobs" / sha, target)
            # a link to the kept file: byte for byte the generation, and recognised as it
            tmp = self.warehouse.with_name(f".{self.warehouse.name}.restore-{os.getpid()}")
            tmp.unlink(missing_ok=True)
            os.link(self.dir / "generations" / str(gid) / "warehouse.duckdb", tmp)
            os.replace(tmp, self.warehouse)
        self.audit(who, "restore", None, None, f"generation {gid} is current again")
        return self._generation(gid)

    def _prune(self) -> None:
        """Keep the newest `keep` generations (publish lock held), and the blobs they use."""
        current = self._current()["id"]
        kept = [r["id"] for r in self._rows("SELECT id FROM generations ORDER BY id DESC")]
        for gid in kept[self.keep:]:
            if gid == current:  # a restored old generation stays while it is published
                continue
            shutil.rmtree(self.dir / "generations" / str(gid), ignore_errors=True)
            self._run("DELETE FROM generations WHERE id = ?", (gid,))
        used = {f["sha256"] for r in self._rows("SELECT files FROM generations")
                for f in json.loads(r["files"])}
        for blob in (self.dir / "blobs").iterdir():
            if blob.name not in used:
                blob.unlink()

