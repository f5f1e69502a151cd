-- The stewards' state (SQLite, next to the warehouse): uploads and their checks, the kept
-- warehouse generations, and the audit trail. It outlives every generation.
CREATE TABLE IF NOT EXISTS uploads (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    file TEXT NOT NULL,
    source TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    uploaded_by TEXT,
    uploaded_at TEXT NOT NULL,
    -- queued | checking | ready | failed | published | discarded
    status TEXT NOT NULL,
    progress TEXT,
    message TEXT,
    errors TEXT NOT NULL DEFAULT '[]',  -- JSON [{file, row, column, reason}]
    quarantined INTEGER NOT NULL DEFAULT 0,
    base_generation INTEGER,  -- the generation the candidate was built on
    generation INTEGER,  -- the generation its publish made
    seconds REAL
);
CREATE TABLE IF NOT EXISTS generations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    built_at TEXT,
    recorded_at TEXT NOT NULL,
    published_by TEXT,  -- NULL: built outside the page (python -m etl build)
    upload_id INTEGER,
    files TEXT NOT NULL,  -- JSON [{name, sha256, bytes}] of the raw folder it was built from
    fingerprint TEXT NOT NULL  -- inode, size and mtime of its warehouse file
);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    who TEXT,
    action TEXT NOT NULL,  -- upload | check | publish | discard | restore
    file TEXT,
    sha256 TEXT,
    outcome TEXT NOT NULL
);
