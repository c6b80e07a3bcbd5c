"""The embedded SQLite store: every ingested document, kept whole and queryable.

Each document is kept twice over in one database file:

* ``documents.json`` holds the full :meth:`Document.to_json` output. It is the source of truth:
  documents are always rebuilt from it with :func:`records.document_from_json`, so what the store
  gives back is exactly what ``ingest --format json`` writes.
* normalised tables (``blocks``, ``figures``, ``targets``, ``focus_technologies``, ``missions``,
  ``ecosystem``, ``key_points``, ``contacts``, ``tables``, ``table_cells``, ``warnings``) repeat
  the records row by row so that they can be queried with SQL, and views (``targets_by_field``,
  ``figures_with_context``, ``documents_latest``) answer the common questions directly.
  They are derived data, written in the same transaction as the JSON and removed with it
  (``ON DELETE CASCADE``); a store made by an older schema has them rebuilt from the JSON.

Next to the store, ``<store>.datasette.yml`` describes its tables and columns for Datasette
(``datasette roadmap.db -m roadmap.datasette.yml``); ``docs/store.md`` describes them for people.
It is JSON text (which YAML readers read too) under a name that is not ``*.json``: a folder of
``<stem>.json`` documents may hold the store, and must hold nothing else that looks like one.

A document is identified by the first 12 hex digits of its file's sha256 (``DocumentInfo.id``).
One :class:`Store` object wraps one connection and must stay in the thread that made it; several
Store objects (threads or processes) may share one file: WAL lets readers run beside the writer,
and the busy timeout makes writers queue instead of failing.
"""
from __future__ import annotations

import csv
import json
import re
import sqlite3
import time
import tomllib
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Iterator, NamedTuple

from pipeline import errors
from pipeline.markup import csv_row
from pipeline.records import Document, DocumentInfo, KeyPoint, document_from_json, json_text
from pipeline.resources import DATA

# 2: figures.value numeric with dates in figures.date; key_points, contacts, tables, table_cells; views.
# 3: targets.baseline, baseline_year, plan_item; plan_items, milestones.
SCHEMA_VERSION = 3
BUSY_TIMEOUT_S = 30
MIN_PREFIX = 4

_HEX = re.compile(r"[0-9a-f]+")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id               TEXT PRIMARY KEY,
    sha256           TEXT NOT NULL UNIQUE,
    source           TEXT NOT NULL,
    pages            INTEGER NOT NULL,
    producer         TEXT,
    language         TEXT,
    ministry         TEXT,
    kind             TEXT,
    title            TEXT,
    release_at       TEXT,
    distributed_at   TEXT,
    series           TEXT,
    pipeline_version TEXT NOT NULL,
    ingested_at      TEXT NOT NULL,
    json             TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_release ON documents(release_at, id);
CREATE INDEX IF NOT EXISTS documents_series ON documents(series);

-- Child tables: (document_id, seq) is the primary key, so its index (led by document_id) serves
-- both per-document lookups and the cascade on delete.
CREATE TABLE IF NOT EXISTS blocks (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    text        TEXT NOT NULL,
    marker      TEXT,
    level       INTEGER,
    section     TEXT,
    items       TEXT,          -- JSON list
    page        INTEGER,
    bbox        TEXT,          -- JSON [x0, top, x1, bottom]
    PRIMARY KEY (document_id, seq)
);
CREATE TABLE IF NOT EXISTS figures (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    value       NUMERIC,       -- the number; NULL for a date or time (see date)
    date        TEXT,          -- ISO date, datetime or time, for figures of those kinds
    unit        TEXT,
    op          TEXT,
    kind        TEXT,
    sentence    TEXT,
    page        INTEGER,
    bbox        TEXT,
    block       INTEGER,
    PRIMARY KEY (document_id, seq)
);
CREATE TABLE IF NOT EXISTS targets (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    field       TEXT,
    focus       TEXT,
    metric      TEXT,
    value,
    unit        TEXT,
    op          TEXT,
    direction   TEXT,
    deadline    INTEGER,
    text        TEXT,
    page        INTEGER,
    mission     TEXT,
    baseline,                  -- the stated starting value, in the target's unit
    baseline_year INTEGER,
    plan_item   INTEGER,       -- plan_items.seq of the strategy or task it sits under
    PRIMARY KEY (document_id, seq)
);
CREATE TABLE IF NOT EXISTS plan_items (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    kind        TEXT NOT NULL,  -- vision | goal | strategy | task | subtask
    number      TEXT,
    title       TEXT NOT NULL,
    parent      INTEGER,        -- plan_items.seq of the item it belongs to
    page        INTEGER,
    block       INTEGER,
    PRIMARY KEY (document_id, seq)
);
CREATE TABLE IF NOT EXISTS milestones (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    year        INTEGER NOT NULL,
    text        TEXT NOT NULL,
    subject     TEXT,
    sentence    TEXT,
    page        INTEGER,
    plan_item   INTEGER,        -- plan_items.seq of the strategy or task it sits under
    PRIMARY KEY (document_id, seq)
);
CREATE TABLE IF NOT EXISTS focus_technologies (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    field       TEXT,
    name        TEXT NOT NULL,
    number      INTEGER,
    rationale   TEXT,          -- JSON list
    page        INTEGER,
    PRIMARY KEY (document_id, seq)
);
CREATE TABLE IF NOT EXISTS missions (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    focus_seq   INTEGER NOT NULL,   -- focus_technologies.seq of the same document
    seq         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    items       TEXT,          -- JSON list
    page        INTEGER,
    PRIMARY KEY (document_id, focus_seq, seq)
);
CREATE TABLE IF NOT EXISTS ecosystem (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    field       TEXT,
    label       TEXT NOT NULL,
    items       TEXT,          -- JSON list
    page        INTEGER,
    PRIMARY KEY (document_id, seq)
);
CREATE TABLE IF NOT EXISTS contacts (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    department  TEXT,
    role        TEXT,
    title       TEXT,
    name        TEXT,
    phone       TEXT,
    PRIMARY KEY (document_id, seq)
);
CREATE TABLE IF NOT EXISTS tables (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    kind        TEXT,
    caption     TEXT,
    section     TEXT,
    n_rows      INTEGER,
    n_cols      INTEGER,
    page        INTEGER,
    bbox        TEXT,
    PRIMARY KEY (document_id, seq)
);
CREATE TABLE IF NOT EXISTS table_cells (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    table_seq   INTEGER NOT NULL,   -- tables.seq of the same document
    row         INTEGER NOT NULL,
    col         INTEGER NOT NULL,
    rowspan     INTEGER,
    colspan     INTEGER,
    text        TEXT,
    items       TEXT,          -- JSON list
    PRIMARY KEY (document_id, table_seq, row, col)
);
CREATE TABLE IF NOT EXISTS key_points (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    kind        TEXT NOT NULL,  -- lead | headline
    text        TEXT NOT NULL,
    marker      TEXT,
    page        INTEGER,
    bbox        TEXT,
    block       INTEGER,
    PRIMARY KEY (document_id, seq)
);
CREATE TABLE IF NOT EXISTS warnings (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    code        TEXT NOT NULL,
    message     TEXT,
    page        INTEGER,
    PRIMARY KEY (document_id, seq)
);

CREATE VIEW IF NOT EXISTS targets_by_field AS
SELECT t.field, t.focus, t.metric, t.op, t.value, t.unit, t.direction, t.deadline, d.title,
       d.ministry, d.release_at, t.page, t.text, t.document_id
FROM targets t JOIN documents d ON d.id = t.document_id
ORDER BY t.field, t.focus, d.release_at, t.seq;

CREATE VIEW IF NOT EXISTS figures_with_context AS
SELECT f.text AS figure, f.value, f.date, f.unit, f.op, f.kind, f.sentence, f.page, d.title,
       d.ministry, d.release_at, f.document_id
FROM figures f JOIN documents d ON d.id = f.document_id
ORDER BY d.release_at, f.document_id, f.seq;

-- The newest release of each series (a document in no series is its own).
CREATE VIEW IF NOT EXISTS documents_latest AS
SELECT id, ministry, kind, title, release_at, series, pages, source FROM documents d
WHERE NOT EXISTS (SELECT 1 FROM documents n WHERE n.series != '' AND n.series = d.series
                  AND coalesce(n.release_at, '') > coalesce(d.release_at, ''))
ORDER BY release_at IS NULL, release_at DESC, id;
-- Where a block, figure or table of an HWP/HWPX document sits (section/paragraph ref), and how
-- sure OCR was of one read from an image; only records that have either get a row.
CREATE TABLE IF NOT EXISTS provenance (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    record      TEXT NOT NULL,          -- block | figure | table
    seq         INTEGER NOT NULL,       -- the record's seq in its own table
    ref         TEXT,
    ocr         REAL,                   -- OCR confidence 0-100
    PRIMARY KEY (document_id, record, seq)
);
"""

#: The tables :meth:`Store._insert_records` fills from a document's records; dropped and filled
#: again from the stored JSON when the store was made by an older schema.
DERIVED_TABLES = ("blocks", "figures", "targets", "plan_items", "milestones", "focus_technologies", "missions",
                  "ecosystem",
                  "key_points", "contacts", "tables", "table_cells", "provenance", "warnings")
VIEWS = ("targets_by_field", "figures_with_context", "documents_latest")



class StoredText(NamedTuple):
    """A stored document's JSON text, by id, with its page count."""
    id: str
    pages: int
    text: str


class TitleRow(NamedTuple):
    """A stored document's title and series (see :meth:`Store.titles`)."""
    sha256: str
    id: str
    title: str
    series: str


class Store:
    """A SQLite database of ingested documents.

    ``Store(path)`` opens the database at *path*, creating it (and its parent directories) when
    missing; ``Store(path, create=False)`` opens only an existing store (commands that read it:
    a mistyped path must not become an empty store) and raises :class:`errors.NoStoreError`
    when there is none. A path that is no store (a directory, another kind of file, another
    program's SQLite database) raises :class:`errors.NotAStoreError`. Use it as a context
    manager, or call :meth:`close`.
    """

    def __init__(self, path: str | Path, create: bool = True):
        self.path = Path(path)
        if self.path.is_dir():
            raise errors.NotAStoreError.directory(path)
        if create:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        elif not self.path.exists():
            raise errors.NoStoreError(path)
        # isolation_level=None: the sqlite3 module must not open transactions behind our back;
        # every write goes through _transaction(). mode=rw: open, never create.
        target, uri = (str(self.path), False) if create else (f"{self.path.resolve().as_uri()}?mode=rw", True)
        self._conn = sqlite3.connect(target, timeout=BUSY_TIMEOUT_S, isolation_level=None, uri=uri)
        try:
            self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
            self._check_is_a_store(empty_ok=create)
            self._enable_wal()
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._ensure_schema()
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            if isinstance(exc, errors.NotAStoreError) or "not a database" not in str(exc):
                raise
            raise errors.NotAStoreError(path, "not an SQLite database") from None
        except BaseException:
            self._conn.close()
            raise

    def _check_is_a_store(self, empty_ok: bool) -> None:
        """Refuse an SQLite database this pipeline did not make (rather than add tables to it);
        an empty one becomes a store when ``empty_ok``."""
        tables = {row[0] for row in self._conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "schema_version" in tables or (empty_ok and not tables):
            return
        what = "an SQLite database of another program" if tables else "an empty file"
        raise errors.NotAStoreError(self.path, f"{what}, not a roadmap store")

    # --- lifecycle ---------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection; the Store cannot be used afterwards."""
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed whole, or rolled back whole on any exception."""
        # IMMEDIATE takes the write lock up front, so a concurrent writer waits (busy timeout)
        # at BEGIN rather than failing halfway through when upgrading a read lock.
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
            self._conn.execute("COMMIT")
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise

    def _enable_wal(self) -> None:
        """Switch the file to WAL, waiting out other connections doing the same."""
        # Changing the journal mode can fail with "database is locked" without going through the
        # busy handler (e.g. while another connection is creating the file or switching it to WAL),
        # so wait for it here, as long as the busy timeout would. The mode sticks to the file:
        # once one connection has set it, the others find it set.
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        delay = 0.005
        while True:
            try:
                self._conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() + delay > deadline:
                    raise
            time.sleep(delay)
            delay = min(delay * 2, 0.2)

    def _ensure_schema(self) -> None:
        with self._transaction() as conn:
            conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
            version = row[0]
            if version is not None and version > SCHEMA_VERSION:
                raise RuntimeError(f"{self.path}: schema version {version} is newer than this "
                                   f"pipeline understands ({SCHEMA_VERSION}); upgrade the pipeline")
            if version is not None and version < SCHEMA_VERSION:
                self._drop_derived(conn)
            # executescript() would COMMIT our transaction; run the statements one by one instead.
            for statement in _statements(_SCHEMA):
                conn.execute(statement)
            if version is not None and version < SCHEMA_VERSION:
                self._rebuild_derived(conn)
            if version != SCHEMA_VERSION:
                conn.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,))
                self.write_metadata()

    def write_metadata(self) -> Path:
        """Write Datasette's metadata (:func:`datasette_metadata`) next to the store (:func:`metadata_path`)."""
        path = metadata_path(self.path)
        path.write_text(json.dumps(datasette_metadata(self.path.stem), ensure_ascii=False, indent=1) + "\n",
                        encoding="utf-8")
        return path

    @staticmethod
    def _drop_derived(conn: sqlite3.Connection) -> None:
        for view in VIEWS:
            conn.execute(f"DROP VIEW IF EXISTS {view}")
        for table in DERIVED_TABLES:
            conn.execute(f"DROP TABLE IF EXISTS {table}")

    def _rebuild_derived(self, conn: sqlite3.Connection) -> None:
        """Fill the derived tables again from each stored document's JSON (the source of truth)."""
        for (text,) in conn.execute("SELECT json FROM documents").fetchall():
            self._insert_records(conn, document_from_json(json.loads(text)))

    @property
    def schema_version(self) -> int:
        """The schema version recorded in the database."""
        return self._conn.execute("SELECT max(version) FROM schema_version").fetchone()[0]

    # --- writing -----------------------------------------------------------------------------

    def save(self, doc: Document, text: str | None = None) -> bool:
        """Store *doc*; return whether anything changed.

        A document already stored with the same sha256 and the same pipeline version is left as
        it is (``False``). One stored by another pipeline version is replaced (``True``). Either
        the whole document is written or, on any error, nothing at all. *text* is
        ``json_text(doc.to_json())`` when the caller has it already (a batch writes it to a file too).
        """
        info = doc.info
        if info.id != info.sha256[:12]:
            # get() finds documents by id prefix, which only works if the id is the sha's prefix.
            raise ValueError(f"document id {info.id!r} is not the first 12 hex digits of its "
                             f"sha256 {info.sha256!r}")
        with self._transaction() as conn:
            row = conn.execute("SELECT pipeline_version FROM documents WHERE sha256 = ?",
                               (info.sha256,)).fetchone()
            if row is not None and row[0] == info.pipeline_version:
                return False
            if row is not None:
                conn.execute("DELETE FROM documents WHERE sha256 = ?", (info.sha256,))
            self._insert_document(conn, doc, text or json_text(doc.to_json()))
            self._insert_records(conn, doc)
        return True

    def delete(self, ref: str) -> str:
        """Remove the document *ref* names (see :meth:`get`) with all its rows; return its id."""
        with self._transaction() as conn:
            doc_id = self._resolve(ref)
            conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
        return doc_id

    def _insert_document(self, conn: sqlite3.Connection, doc: Document, text: str) -> None:
        info = doc.info
        conn.execute(
            "INSERT INTO documents (id, sha256, source, pages, producer, language, ministry, kind,"
            " title, release_at, distributed_at, series, pipeline_version, ingested_at, json)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (info.id, info.sha256, info.source, info.pages, info.producer, info.language,
             info.ministry, info.kind, info.title, info.release_at, info.distributed_at,
             info.series, info.pipeline_version, _now(),
             text))

    def _insert_records(self, conn: sqlite3.Connection, doc: Document) -> None:
        """Fill the normalised tables from *doc* (its documents row must exist already)."""
        doc_id = doc.info.id
        conn.executemany(
            "INSERT INTO blocks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(doc_id, i, b.kind, b.text, b.marker, b.level, b.section, _json(b.items), b.page,
              _json(b.bbox)) for i, b in enumerate(doc.blocks)])
        conn.executemany(
            "INSERT INTO figures VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(doc_id, i, f.text, *_number_or_date(f), f.unit, f.op, f.kind, f.sentence, f.page,
              _json(f.bbox), f.block) for i, f in enumerate(doc.figures)])
        conn.executemany(
            "INSERT INTO targets VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(doc_id, i, t.field, t.focus, t.metric, t.value, t.unit, t.op, t.direction,
              t.deadline, t.text, t.page, t.mission, t.baseline, t.baseline_year, t.plan_item)
             for i, t in enumerate(doc.targets)])
        conn.executemany(
            "INSERT INTO plan_items VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(doc_id, i, p.kind, p.number, p.title, p.parent, p.page, p.block)
             for i, p in enumerate(doc.plan)])
        conn.executemany(
            "INSERT INTO milestones VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(doc_id, i, m.year, m.text, m.subject, m.sentence, m.page, m.plan_item)
             for i, m in enumerate(doc.milestones)])
        conn.executemany(
            "INSERT INTO focus_technologies VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(doc_id, i, f.field, f.name, f.number, _json(f.rationale), f.page)
             for i, f in enumerate(doc.focus_technologies)])
        conn.executemany(
            "INSERT INTO missions VALUES (?, ?, ?, ?, ?, ?)",
            [(doc_id, i, j, m.text, _json(m.items), m.page)
             for i, f in enumerate(doc.focus_technologies) for j, m in enumerate(f.missions)])
        conn.executemany(
            "INSERT INTO ecosystem VALUES (?, ?, ?, ?, ?, ?)",
            [(doc_id, i, e.field, e.label, _json(e.items), e.page)
             for i, e in enumerate(doc.ecosystem)])
        conn.executemany(
            "INSERT INTO contacts VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(doc_id, i, c.department, c.role, c.title, c.name, c.phone)
             for i, c in enumerate(doc.info.contacts)])
        conn.executemany(
            "INSERT INTO tables VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(doc_id, i, t.kind, t.caption, t.section, t.n_rows, t.n_cols, t.page, _json(t.bbox))
             for i, t in enumerate(doc.tables)])
        conn.executemany(
            "INSERT OR IGNORE INTO table_cells VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(doc_id, i, c.row, c.col, c.rowspan, c.colspan, c.text, _json(c.items) if c.items else None)
             for i, t in enumerate(doc.tables) for c in t.cells])
        conn.executemany(
            "INSERT INTO key_points VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(doc_id, i, k.kind, k.text, k.marker, k.page, _json(k.bbox), k.block)
             for i, k in enumerate(doc.key_points)])
        conn.executemany(
            "INSERT INTO provenance VALUES (?, ?, ?, ?, ?)",
            [(doc_id, record, i, r.ref or None, getattr(r, "ocr", None))
             for record, rows in (("block", doc.blocks), ("figure", doc.figures), ("table", doc.tables))
             for i, r in enumerate(rows) if r.ref or getattr(r, "ocr", None) is not None])
        conn.executemany(
            "INSERT INTO warnings VALUES (?, ?, ?, ?, ?)",
            [(doc_id, i, w.code, w.message, w.page) for i, w in enumerate(doc.info.warnings)])

    # --- reading -----------------------------------------------------------------------------

    def has(self, sha256: str, pipeline_version: str | None = None) -> bool:
        """Whether a document with this sha256 is stored (by *pipeline_version*, when given)."""
        sql, args = "SELECT 1 FROM documents WHERE sha256 = ?", [sha256.lower()]
        if pipeline_version is not None:
            sql, args = sql + " AND pipeline_version = ?", args + [pipeline_version]
        return self._conn.execute(sql, args).fetchone() is not None

    def get(self, ref: str) -> Document:
        """The stored document *ref* names.

        *ref* is a full id, a unique id prefix of at least 4 hex digits, or a sha256 (or a unique
        prefix of one longer than an id). Raises ``KeyError`` when no document, or more than one,
        matches.
        """
        return document_from_json(self.get_json(ref))

    def get_json(self, ref: str) -> dict:
        """The stored document *ref* names, as its :meth:`Document.to_json` output (see :meth:`get`)."""
        doc_id = self._resolve(ref)
        row = self._conn.execute("SELECT json FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return json.loads(row[0])

    def stored_text(self, sha256: str, pipeline_version: str | None = None) -> StoredText | None:
        """The JSON text of the document with this sha256 (stored by *pipeline_version*, when
        given), with its id and page count, or None: what a batch needs to write an unchanged
        file's JSON."""
        sql, args = "SELECT id, pages, json FROM documents WHERE sha256 = ?", [sha256.lower()]
        if pipeline_version is not None:
            sql, args = sql + " AND pipeline_version = ?", args + [pipeline_version]
        row = self._conn.execute(sql, args).fetchone()
        return None if row is None else StoredText(*row)

    def resolve(self, ref: str) -> str:
        """The full id of the stored document *ref* names (see :meth:`get`)."""
        return self._resolve(ref)

    def documents(self) -> list[DocumentInfo]:
        """Every stored document's info, by release time (undated last), then id."""
        return self._infos("")

    def titles(self, ministry: str) -> list[TitleRow]:
        """The sha256, id, title and series of every stored document of *ministry*, in the order
        of :meth:`documents`: what grouping a new document into a series needs, read from the
        table's columns (a store of thousands of documents parses none of their JSON for it)."""
        rows = self._conn.execute(f"SELECT sha256, id, title, series FROM documents WHERE ministry = ? "
                                  f"{_ORDER}", (ministry,)).fetchall()
        return [TitleRow(*row) for row in rows]

    def key_points(self, ref: str) -> list[KeyPoint]:
        """The key points of the stored document *ref* names (see :meth:`get`), read from the
        ``key_points`` table in reading order."""
        rows = self._conn.execute("SELECT kind, text, marker, page, bbox, block FROM key_points "
                                  "WHERE document_id = ? ORDER BY seq", (self._resolve(ref),)).fetchall()
        return [KeyPoint(kind=kind, text=text, page=page, bbox=tuple(json.loads(bbox)) if bbox else None,
                         marker=marker or "", block=block)
                for kind, text, marker, page, bbox, block in rows]

    def series_members(self, series: str) -> list[DocumentInfo]:
        """The infos of the documents in *series*, oldest release first."""
        return self._infos("WHERE series = ?", series)

    def load_all(self) -> list[Document]:
        """Every stored document, in the order of :meth:`documents`."""
        rows = self._conn.execute(f"SELECT json FROM documents {_ORDER}").fetchall()
        return [document_from_json(json.loads(r[0])) for r in rows]

    def _infos(self, where: str, *args: Any) -> list[DocumentInfo]:
        # Only the "document" part of the JSON is parsed: listing must not pay for every block.
        rows = self._conn.execute(
            "SELECT json_extract(json, '$.document'), pipeline_version FROM documents "
            f"{where} {_ORDER}", args).fetchall()
        return [document_from_json({"document": json.loads(r[0]), "pipeline_version": r[1]}).info
                for r in rows]

    def _resolve(self, ref: str) -> str:
        """Map a reference (id, id prefix, sha256 or its prefix) to one stored document id."""
        key = ref.strip().lower()
        if len(key) < MIN_PREFIX or not _HEX.fullmatch(key):
            raise KeyError(f"{ref!r} is not a document reference: give an id, an id prefix of at "
                           f"least {MIN_PREFIX} hex digits, or a sha256")
        # An id is the sha's first 12 digits, so a longer key can only be (a prefix of) a sha.
        column = "id" if len(key) <= 12 else "sha256"
        # GLOB (unlike LIKE) is case-sensitive, so it can use the column's index; the key is
        # plain hex, so it holds no GLOB wildcards.
        rows = self._conn.execute(f"SELECT id FROM documents WHERE {column} GLOB ? ORDER BY id",
                                  (key + "*",)).fetchall()
        if not rows:
            raise KeyError(f"no stored document matches {ref!r}")
        if len(rows) > 1:
            ids = ", ".join(r[0] for r in rows)
            raise KeyError(f"{ref!r} is ambiguous: it matches {len(rows)} documents ({ids}); "
                           "give more digits")
        return rows[0][0]

    # --- export ------------------------------------------------------------------------------

    @staticmethod
    def export_csv(docs: Iterable[Document], what: str = "targets",
                   out: str | Path | IO[str] | None = None, excel: bool = False) -> int:
        """Write *docs* as CSV (see :func:`export_csv`); return the number of data rows."""
        return export_csv(docs, what, out, excel)


def metadata_path(store: str | Path) -> Path:
    """Where the store's Datasette metadata goes: ``roadmap.db`` -> ``roadmap.datasette.yml``."""
    store = Path(store)
    return store.with_name(f"{store.stem}.datasette.yml")


def datasette_metadata(database: str) -> dict[str, Any]:
    """Datasette's metadata for a store whose file stem is *database*: a title and description
    for the store, and for each table and view (:file:`pipeline/data/store.toml`)."""
    with (DATA / "store.toml").open("rb") as f:
        data = tomllib.load(f)
    return {"title": data["title"], "description": data["description"],
            "databases": {database: {"tables": data["tables"]}}}


# Undated documents sort after dated ones (SQLite would put NULLs first).
_ORDER = "ORDER BY release_at IS NULL, release_at, id"


def export_csv(docs: Iterable[Document], what: str = "targets",
               out: str | Path | IO[str] | None = None, excel: bool = False) -> int:
    """Write one CSV row per record of kind *what* (a key of :data:`CSV_EXPORTS`: ``targets``,
    ``figures``, ``key_points``, ``contacts`` ...), each led by its document's id and title.

    *out* is a path (written as UTF-8) or an open text stream. The first row is the header
    (the kind's columns). ``excel`` starts the file with a byte order mark, so that Excel on a
    Korean Windows reads it as UTF-8 rather than CP949. Returns the number of data rows. Text
    cells a spreadsheet would take for a formula get a leading ``'`` (:func:`pipeline.markup.csv_cell`).
    """
    if what not in CSV_EXPORTS:
        raise ValueError(f"cannot export {what!r} as CSV: choose one of {', '.join(CSV_EXPORTS)}")
    if out is None:
        raise ValueError("export_csv needs somewhere to write: a path or a text stream")
    columns, rows = CSV_EXPORTS[what]
    lines = (row for doc in docs for row in rows(doc))
    if isinstance(out, (str, Path)):
        with open(out, "w", encoding="utf-8", newline="") as stream:
            return _write_csv(stream, columns, lines, excel)
    return _write_csv(out, columns, lines, excel)


def _write_csv(stream: IO[str], columns: tuple[str, ...], rows: Iterable[tuple], excel: bool) -> int:
    if excel:
        stream.write("\ufeff")
    writer = csv.writer(stream)
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow(csv_row(row))       # no cell a spreadsheet would run as a formula
        count += 1
    return count


def _rows(records: Callable[[Document], Iterable], cells: Callable[[Any], tuple]):
    """Rows of one record kind: the document's id and title, then the record's cells."""
    def rows(doc: Document) -> Iterator[tuple]:
        for record in records(doc):
            yield (doc.info.id, doc.info.title, *cells(record))
    return rows


def _document_cells(doc: Document) -> tuple:
    i = doc.info
    return (i.ministry, i.kind, i.release_at, i.distributed_at, i.department, i.series, i.pages, i.source)


def _mission_rows(doc: Document) -> Iterator[tuple]:
    for focus in doc.focus_technologies:
        for m in focus.missions:
            yield (doc.info.id, doc.info.title, focus.field, focus.name, m.text, _joined(m.items), m.page)


def _cell_rows(doc: Document) -> Iterator[tuple]:
    for n, table in enumerate(doc.tables):
        for c in table.cells:
            yield (doc.info.id, doc.info.title, n, table.kind, table.page, c.row, c.col, c.rowspan,
                   c.colspan, c.text)


def _target_rows(doc: Document) -> Iterator[tuple]:
    for t in doc.targets:
        yield (doc.info.id, doc.info.title, t.field, t.focus, t.metric, t.op, t.value, t.unit, t.direction,
               t.deadline, t.page, t.text, t.baseline, t.baseline_year, _plan_title(doc, t.plan_item))


def _plan_rows(doc: Document) -> Iterator[tuple]:
    for i, p in enumerate(doc.plan):
        yield (doc.info.id, doc.info.title, i, p.kind, p.number, p.title, _plan_title(doc, p.parent), p.page)


def _milestone_rows(doc: Document) -> Iterator[tuple]:
    for m in doc.milestones:
        yield (doc.info.id, doc.info.title, m.year, m.subject, m.text, _plan_title(doc, m.plan_item), m.page,
               m.sentence)


def _plan_title(doc: Document, index: int | None) -> str:
    """The strategy or task a record sits under, as the plan numbers and names it ('2. AI 인프라 확충')."""
    if index is None or not 0 <= index < len(doc.plan):
        return ""
    item = doc.plan[index]
    return f"{item.number} {item.title}".strip()


def _joined(items: Iterable[str]) -> str:
    """A list of items in one cell, one per line (a spreadsheet shows the line breaks)."""
    return "\n".join(items)


_LEAD = ("document_id", "title")

#: CSV exports by record kind: the header row, and the rows of one document.
CSV_EXPORTS: dict[str, tuple[tuple[str, ...], Callable[[Document], Iterator[tuple]]]] = {
    "documents": ((*_LEAD, "ministry", "kind", "release_at", "distributed_at", "department", "series",
                   "pages", "source"), _rows(lambda d: (d,), _document_cells)),
    "targets": ((*_LEAD, "field", "focus", "metric", "op", "value", "unit", "direction", "deadline", "page",
                 "text", "baseline", "baseline_year", "under"), _target_rows),
    "plan": ((*_LEAD, "seq", "kind", "number", "title", "parent", "page"), _plan_rows),
    "milestones": ((*_LEAD, "year", "subject", "text", "under", "page", "sentence"), _milestone_rows),
    "figures": ((*_LEAD, "page", "text", "value", "date", "unit", "op", "kind", "sentence"),
                _rows(lambda d: d.figures, lambda f: (f.page, f.text, *_number_or_date(f), f.unit, f.op,
                                                       f.kind, f.sentence))),
    "key_points": ((*_LEAD, "kind", "marker", "text", "page"),
                   _rows(lambda d: d.key_points, lambda k: (k.kind, k.marker, k.text, k.page))),
    "focus_technologies": ((*_LEAD, "field", "number", "name", "rationale", "page"),
                           _rows(lambda d: d.focus_technologies,
                                 lambda f: (f.field, f.number, f.name, _joined(f.rationale), f.page))),
    "missions": ((*_LEAD, "field", "focus", "text", "items", "page"), _mission_rows),
    "ecosystem": ((*_LEAD, "field", "label", "items", "page"),
                  _rows(lambda d: d.ecosystem, lambda e: (e.field, e.label, _joined(e.items), e.page))),
    "contacts": ((*_LEAD, "department", "role", "title", "name", "phone"),
                 _rows(lambda d: d.info.contacts, lambda c: (c.department, c.role, c.title, c.name, c.phone))),
    "blocks": ((*_LEAD, "kind", "marker", "level", "section", "text", "page"),
               _rows(lambda d: d.blocks, lambda b: (b.kind, b.marker, b.level, b.section, b.text, b.page))),
    "table_cells": ((*_LEAD, "table", "table_kind", "page", "row", "col", "rowspan", "colspan", "text"),
                    _cell_rows),
    "warnings": ((*_LEAD, "code", "message", "page"),
                 _rows(lambda d: d.info.warnings, lambda w: (w.code, w.message, w.page))),
}
TARGET_COLUMNS = CSV_EXPORTS["targets"][0]
FIGURE_COLUMNS = CSV_EXPORTS["figures"][0]


# --- helpers ---------------------------------------------------------------------------------

def _json(value) -> str | None:
    """A tuple (bbox, items) as JSON text for a normalised column; ``None`` stays NULL."""
    return None if value is None else json.dumps(list(value), ensure_ascii=False)


def _number_or_date(figure) -> tuple[float | int | None, str | None]:
    """A figure's ``(value, date)`` columns: its number, or for a date or time its ISO text."""
    value = figure.value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value, None
    return None, value if isinstance(value, str) and figure.kind in _DATED_KINDS else None


_DATED_KINDS = frozenset({"date", "datetime", "time"})


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _statements(script: str) -> list[str]:
    """Split the schema script into statements (it holds no ';' inside strings)."""
    lines = [line.split("--", 1)[0] for line in script.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
