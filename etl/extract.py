"""Extraction: find a source's files and land them, tagged with file and row.

CSV goes through DuckDB's own reader (fast, streamed) and is typed on the way in by the
fast tier of `etl.validate`; the rows it does not accept outright, and every XLSX row
(read with calamine), land as text (NULL when empty) in a landing table, so that
`etl.validate` can parse them in SQL and name file, row and column in every error.
"""

from __future__ import annotations

import csv
import datetime as dt
import fnmatch
import hashlib
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from etl.sources import CORRECTION_WORDS, SOURCES, Source

CHUNK = 1 << 20


class InputError(Exception):
    """A file that cannot be loaded at all; the build stops and the old warehouse stays."""

    def __init__(self, path: Path | str, problem: str):
        super().__init__(f"{Path(path).name}: {problem}")
        self.path = Path(path)
        self.problem = problem


@dataclass(frozen=True)
class FastPart:
    """One CSV file's rows as typed by the fast tier (etl.validate.fast_select), in file
    order, so that a row's line number follows from its rowid."""

    table: str
    file: str
    row_expr: str  # the row's line number, as SQL over `f.rowid`
    correction: bool


@dataclass
class Landed:
    """What landing one file produced."""

    path: Path
    sha256: str
    rows_read: int
    structural_rejects: list[tuple[int, str, str]]  # (row, value, reason)
    extra_columns: list[str]
    fast: FastPart | None = None


def discover(raw_dir: Path, source: Source) -> list[Path]:
    """The source's files in raw_dir, base files first, then corrections, each by name."""
    found = {
        p
        for p in raw_dir.iterdir()
        if p.is_file()
        and not p.name.startswith((".", "~$"))
        and any(fnmatch.fnmatch(p.name.lower(), pat) for pat in source.patterns)
    }
    return sorted(found, key=lambda p: (is_correction(p), p.name))


def is_correction(path: Path) -> bool:
    """Whether the file is marked as a correction of earlier files."""
    return any(word in path.stem.lower() for word in CORRECTION_WORDS)


def header_key(name: str) -> str:
    """Header names match case-insensitively, ignoring spaces around them and accents."""
    name = unicodedata.normalize("NFKD", name.replace("\ufeff", "").strip().lower())
    return " ".join("".join(ch for ch in name if not unicodedata.combining(ch)).split())


def match_header(path: Path, source: Source, header: list[str]) -> tuple[dict[str, int], list[str]]:
    """Map each contract column to its position in `header`; fail on missing or doubled ones."""
    keys = [header_key(h) for h in header]
    wanted = {header_key(c.name): c for c in source.columns}
    seen: dict[str, int] = {}
    for i, k in enumerate(keys):
        if k in wanted:
            if k in seen:
                raise InputError(path, f"column '{wanted[k].name}' appears twice in the header "
                                       f"(positions {seen[k] + 1} and {i + 1})")
            seen[k] = i
    missing = [c.name for c in source.columns if c.header and header_key(c.name) not in seen]
    if missing:
        hint = ""
        if len(header) == 1 and any(sep in header[0] for sep in (",", "\t", "|")):
            hint = " — the separator must be ';'"
        raise InputError(path, f"missing column(s) {', '.join(missing)}; found "
                               f"{', '.join(repr(h) for h in header) or 'no header'}{hint}")
    positions = {wanted[k].slug: i for k, i in seen.items()}
    extra = [h for h, k in zip(header, keys, strict=True) if k not in wanted and k]
    return positions, extra


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")  # encrypted .xlsx and old .xls files


@dataclass
class Scan:
    """What one streamed pass over a file found."""

    sha256: str
    mixed_newlines: bool  # both CRLF and bare LF line ends, as in hand-joined exports


def scan(path: Path) -> Scan:
    """One streamed pass: the SHA-256 and whether the line ends are mixed. (Whether the text
    is UTF-8 is left to DuckDB's reader, which reports it while it reads.)"""
    digest = hashlib.sha256()
    crlf, bare_lf, prev = False, False, b""
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            # counted, not copied: a CRLF may straddle two chunks
            pairs = chunk.count(b"\r\n") + (prev == b"\r" and chunk[:1] == b"\n")
            crlf = crlf or pairs > 0
            bare_lf = bare_lf or chunk.count(b"\n") > pairs
            prev = chunk[-1:]
    return Scan(digest.hexdigest(), crlf and bare_lf)


def sniff_binary(path: Path) -> bytes:
    """Reject files that are plainly not CSV text before DuckDB sees them; return the head."""
    with path.open("rb") as fh:
        head = fh.read(8192)
    if head.startswith(UTF16_BOMS):
        return head  # Excel's "Unicode" export: rewritten as UTF-8 below
    if not head.strip(b"\xef\xbb\xbf \r\n\t"):
        raise InputError(path, "file is empty")
    if head.startswith(b"PK\x03\x04"):
        raise InputError(path, "this is a zip/XLSX workbook, not a CSV text file")
    if head.startswith(OLE_MAGIC):
        raise InputError(path, "this is an old .xls or a password-protected workbook, not a "
                               "CSV text file")
    if b"\x00" in head:
        raise InputError(path, "binary content (NUL bytes): not a CSV text file")
    return head


def transcode_to_utf8(path: Path, workdir: Path, encoding: str) -> Path:
    """Rewrite a file as UTF-8 with LF line ends (streamed), so DuckDB reads it exactly.
    Raises UnicodeDecodeError when a file taken for UTF-8 is not."""
    out = workdir / f"{path.stem}.utf8.csv"
    errors = "strict" if encoding == "utf-8-sig" else "replace"
    with path.open("r", encoding=encoding, errors=errors, newline=None) as src, \
            out.open("w", encoding="utf-8", newline="\n") as dst:
        while chunk := src.read(CHUNK):
            dst.write(chunk)
    return out


def read_csv_header(path: Path) -> tuple[list[str], int]:
    """The header fields and the 0-based line they are on (the first non-empty line)."""
    with path.open("r", encoding="utf-8-sig", newline="") as fh:
        for lineno, line in enumerate(fh):
            if line.strip().strip(";"):
                return next(csv.reader(io.StringIO(line), delimiter=";")), lineno
    raise InputError(path, "file is empty")


def land_csv(con: duckdb.DuckDBPyConnection, source: Source, path: Path, table: str,
             workdir: Path, fast_sql: str, index: int) -> Landed:
    """Land one ';'-separated CSV file through DuckDB's reader: typed by the fast tier in
    one pass, with the rows it does not accept outright landed as text in `table`."""
    head = sniff_binary(path)
    found = scan(path)
    fast_table = f"fast_{source.name}_{index}"
    try:
        readable = path
        if head.startswith(UTF16_BOMS):
            readable = transcode_to_utf8(path, workdir, "utf-16")
        elif found.mixed_newlines:
            readable = transcode_to_utf8(path, workdir, "utf-8-sig")
        header_line, positions, extra, rejects = read_fast(con, source, path, readable,
                                                           fast_table, fast_sql)
        if any(kind == "INVALID ENCODING" for _line, _value, kind, _msg in rejects):
            raise UnicodeDecodeError("utf-8", b"", 0, 1, "reported by DuckDB's reader")
    except UnicodeDecodeError:  # not UTF-8: what Excel writes on Windows
        readable = transcode_to_utf8(path, workdir, "cp1252")
        header_line, positions, extra, rejects = read_fast(con, source, path, readable,
                                                           fast_table, fast_sql)
    first_data_line = header_line + 2  # 1-based line of the first record
    structural = [(line, value, f"{kind.lower()}: {msg}") for line, value, kind, msg in rejects]
    # DuckDB drops rejected lines, so a kept record's line is its position plus the rejects
    # before it; blank lines inside a file are not counted.
    good_before = [line - first_data_line - j for j, (line, *_rest) in enumerate(rejects)]
    row_expr = f"f.rowid + {first_data_line}"
    if good_before:
        positions_table = f"rejpos_{source.name}_{index}"
        con.execute(f"CREATE OR REPLACE TEMP TABLE {positions_table} AS "
                    "SELECT unnest(?) AS good_before", [good_before])
        row_expr += (f" + (SELECT count(*) FROM {positions_table} r "
                     "WHERE r.good_before <= f.rowid)")
    raw = ", ".join(f"_raw[{i}] AS {c.slug}" for i, c in enumerate(source.columns, start=1))
    con.execute(
        f"INSERT INTO {table} SELECT {raw}, ? AS _file, {row_expr} AS _row, ? AS _correction "
        f"FROM {fast_table} f WHERE NOT _ok",
        [path.name, is_correction(path)],
    )
    # read to the end: a result left open (fetchone) makes DuckDB 2 refuse to register the
    # rows of a workbook that follows this file in the same source
    [(fast_rows,)] = con.execute(f"SELECT count(*) FROM {fast_table}").fetchall()
    rows = fast_rows + len(structural)
    return Landed(path, found.sha256, rows, structural, extra,
                  FastPart(fast_table, path.name, row_expr, is_correction(path)))


def read_fast(con: duckdb.DuckDBPyConnection, source: Source, path: Path, readable: Path,
              fast_table: str, fast_sql: str) -> tuple[int, dict[str, int], list[str], list]:
    """Read `readable` (the text of `path`) into `fast_table`; return the header's line,
    the contract columns' positions, the extra columns and the reader's rejected lines."""
    header, header_line = read_csv_header(readable)
    positions, extra = match_header(path, source, header)
    columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(header)))
    texts = ", ".join(f"nullif(trim(c{positions[c.slug]}), '') AS {c.slug}"
                      if c.slug in positions else f"CAST(NULL AS VARCHAR) AS {c.slug}"
                      for c in source.columns)
    con.execute("DROP TABLE IF EXISTS _rejects; DROP TABLE IF EXISTS _rejects_scan")
    try:
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE {fast_table} AS
                WITH l AS (SELECT {texts} FROM read_csv(?, delim=';', quote='"', escape='"',
                           header=false, skip={header_line + 1}, auto_detect=false,
                           columns={{{columns}}}, store_rejects=true, rejects_table='_rejects',
                           rejects_scan='_rejects_scan'))
                {fast_sql}""",
            [str(readable)],
        )
    except duckdb.Error as exc:
        raise InputError(path, f"cannot be read as a ';'-separated CSV: {first_line(exc)}") from exc
    # DuckDB reports a short line once per missing column: one reason per line is enough
    rejects = con.execute(
        "SELECT line, coalesce(csv_line, ''), error_type, error_message FROM _rejects "
        "QUALIFY row_number() OVER (PARTITION BY line ORDER BY column_idx) = 1 ORDER BY line"
    ).fetchall()
    return header_line, positions, extra, rejects


def cell_text(value: object) -> str | None:
    """An XLSX cell as the text a Dutch CSV export would hold (decimal comma)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        text = format(value, ".15g")
        if "e" in text:
            text = format(value, "f")
        return text.replace(".", ",")
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def pick_sheet(path: Path, source: Source, names: list[str]) -> str:
    """The sheet named in the contract, else the first sheet no other source claims."""
    lowered = {n.lower(): n for n in names}
    if source.sheet and source.sheet.lower() in lowered:
        return lowered[source.sheet.lower()]
    claimed = {s.sheet.lower() for s in SOURCES if s.sheet and s is not source}
    free = [n for n in names if n.lower() not in claimed]
    if not free:
        raise InputError(path, f"no sheet named '{source.sheet}' (sheets: {', '.join(names)})")
    return free[0]


def land_xlsx(con: duckdb.DuckDBPyConnection, source: Source, path: Path, table: str) -> Landed:
    """Land one sheet of an XLSX workbook; the header is its first non-empty row."""
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        sheet_name = pick_sheet(path, source, book.sheet_names)
        rows = book.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
    except InputError:
        raise
    except Exception as exc:  # calamine raises its own types for corrupt/encrypted workbooks
        with path.open("rb") as fh:
            if fh.read(8) == OLE_MAGIC:
                raise InputError(path, "the workbook is password-protected (or an old .xls); "
                                       "save it as .xlsx without a password") from exc
        raise InputError(path, f"cannot be read as an XLSX workbook ({first_line(exc)}); "
                               "is it damaged or cut short?") from exc
    texts = [[cell_text(v) for v in row] for row in rows]
    start = next((i for i, row in enumerate(texts) if any(row)), None)
    if start is None:
        raise InputError(path, f"sheet '{sheet_name}' is empty")
    header = [t or "" for t in texts[start]]
    positions, extra = match_header(path, source, header)
    data = {c.slug: [] for c in source.columns}
    line_numbers = []
    for offset, row in enumerate(texts[start + 1:], start=start + 2):
        if not any(row):
            continue
        line_numbers.append(offset)
        for c in source.columns:
            pos = positions.get(c.slug)
            data[c.slug].append(row[pos] if pos is not None and pos < len(row) else None)
    arrow = pa.table({**{k: pa.array(v, pa.string()) for k, v in data.items()},
                      "_file": pa.array([f"{path.name}#{sheet_name}"] * len(line_numbers)),
                      "_row": pa.array(line_numbers, pa.int64()),
                      "_correction": pa.array([is_correction(path)] * len(line_numbers))})
    con.register("_sheet", arrow)
    con.execute(f"INSERT INTO {table} SELECT * FROM _sheet")
    con.unregister("_sheet")
    return Landed(path, scan(path).sha256, len(line_numbers), [], extra)


def land(con: duckdb.DuckDBPyConnection, source: Source, path: Path, table: str,
         workdir: Path, fast_sql: str, index: int) -> Landed:
    """Land one file of `source`, whatever its format: a CSV file through the fast tier
    (`fast_sql`, see etl.validate.fast_select), a workbook as text into `table`."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return land_csv(con, source, path, table, workdir, fast_sql, index)
    if suffix == ".xlsx":
        return land_xlsx(con, source, path, table)
    raise InputError(path, "unsupported file type (use .csv or .xlsx)")


def create_landing(con: duckdb.DuckDBPyConnection, source: Source) -> str:
    """An empty landing table for `source`: one text column per contract column."""
    table = f"land_{source.name}"
    cols = ", ".join(f"{c.slug} VARCHAR" for c in source.columns)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {table} ({cols}, _file VARCHAR, _row BIGINT, "
                "_correction BOOLEAN)")
    return table


def first_line(exc: BaseException) -> str:
    """The first line of an exception message: enough to name the problem."""
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
