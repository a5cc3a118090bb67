"""The demo province, for the test classes that need it.

Building it (pages with revisions, translations, generated pictures, events
with their occurrences) takes about ten seconds, and some twenty test classes
ask for it. So the first class that asks for a given (with_users, today) has it
built for real by the demo loader, and what the loader wrote is kept: the
rows of every table it changed, its picture files and its report. A later
class that asks for the same province, from the same starting database, gets
those rows written back in one go (a fraction of a second): the same database
as the loader would leave. The caches are cleared, as the loader's own
invalidations would (feeds' calendar version). From any
other starting point the loader runs again.

With workers (pytest-xdist), a province built by one worker is left in the
run's temporary folder for the others: each is built once per run.

Every import from the application's demo module goes through this file.
"""

import copy
import fcntl
import hashlib
import pickle
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.apps import apps
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.db import connection, models, transaction

from core.search import rebuild_text
from home.demo import DATA_FILE, DemoLoader, read_data
from home.synthetic import generate_events

__all__ = [
    "DATA_FILE",
    "TODAY",
    "DemoLoader",
    "generate_events",
    "load_demo_province",
    "read_data",
]

TODAY = date(2026, 11, 27)


def load_demo_province(with_users=True, today=TODAY):
    """The demo province in the default database, as the loader makes it;
    returns the loader's report."""
    tables = _Tables.for_connection()
    before = tables.dump()
    key = (connection.vendor, with_users, today, _fingerprint(before))
    snapshot = _SNAPSHOTS.get(key)
    if snapshot is None:
        with _shared(key) as shared:
            snapshot = shared.read()
            if snapshot is None:
                report = DemoLoader(read_data(), today).load(with_users=with_users)
                _SNAPSHOTS[key] = snapshot = _Snapshot.take(tables, before, report)
                shared.write(snapshot)
                return report
        _SNAPSHOTS[key] = snapshot
    snapshot.restore(tables)
    return copy.deepcopy(snapshot.report)


# Where the workers of one run (pytest-xdist) leave the provinces they built
# for each other; tests/conftest.py sets it. None in a single-process run.
SHARED_FOLDER: Path | None = None


@contextmanager
def _shared(key):
    """The snapshot for `key` in SHARED_FOLDER, locked: a worker that needs
    a province another is building waits for it instead of building it too."""
    if SHARED_FOLDER is None:
        yield _SharedSnapshot(None)
        return
    SHARED_FOLDER.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha256(repr(key).encode()).hexdigest()[:24]
    with open(SHARED_FOLDER / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield _SharedSnapshot(SHARED_FOLDER / f"{name}.pickle")
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@dataclass
class _SharedSnapshot:
    path: Path | None

    def read(self):
        if self.path is None or not self.path.exists():
            return None
        return pickle.loads(self.path.read_bytes())  # noqa: S301 - written by this run

    def write(self, snapshot):
        if self.path is not None:
            partial = self.path.with_suffix(".partial")
            partial.write_bytes(pickle.dumps(snapshot, pickle.HIGHEST_PROTOCOL))
            partial.replace(self.path)


def _fingerprint(dump):
    """What a snapshot must have started from to fit this database."""
    digest = hashlib.sha256()
    for table in sorted(dump):
        digest.update(table.encode())
        digest.update(dump[table].start_digest)
    return digest.hexdigest()


# Random in each database: Wagtail's migrations draw the translation keys of
# the pages they create, so two workers' test databases differ there. Left
# out of the fingerprint; restored rows bring the snapshot's keys, as a real
# load brings keys of its own for every page it makes.
RANDOM_COLUMNS = {"translation_key"}


@dataclass
class _Table:
    """One table's rows, in the form the backend writes them back from, and
    digests of their values (all, and all but RANDOM_COLUMNS)."""

    rows: object
    digest: bytes
    start_digest: bytes

    @classmethod
    def of(cls, stored, columns, values):
        return cls(
            rows=stored,
            digest=_digest(columns, values),
            start_digest=_digest(columns, values, skip=RANDOM_COLUMNS),
        )


def _digest(columns, rows, skip=()):
    keep = [i for i, column in enumerate(columns) if column not in skip]
    digest = hashlib.sha256(repr([columns[i] for i in keep]).encode())
    for line in sorted(repr([row[i] for i in keep]) for row in rows):
        digest.update(line.encode())
    return digest.digest()


@dataclass
class _Snapshot:
    changed: dict  # table name -> _Table after the load
    sequences: dict  # table name -> the backend's sequence state after the load
    files: dict  # (model, field name, file name) -> bytes
    report: object

    @classmethod
    def take(cls, tables, before, report):
        after = tables.dump()
        changed = {
            name: table
            for name, table in after.items()
            if name not in before or before[name].digest != table.digest
        }
        return cls(
            changed=changed,
            sequences=tables.sequences(changed),
            files=_files_in(changed),
            report=copy.deepcopy(report),
        )

    def restore(self, tables):
        with transaction.atomic():
            tables.replace(self.changed, self.sequences)
            # The site's own FTS5 table (SQLite) is left out with the other
            # virtual tables; publishing fills it, so write it as publishing
            # would have.
            rebuild_text()
        for (model, field, name), content in self.files.items():
            storage = model._meta.get_field(field).storage
            if not storage.exists(name):
                saved = storage.save(name, ContentFile(content))
                assert saved == name, (saved, name)
        for cache in caches.all():
            cache.clear()


_SNAPSHOTS: dict = {}


def _files_in(changed):
    """The files named by the rows of the changed tables (the demo's
    pictures), read from their storage."""
    files = {}
    for model in apps.get_models():
        if model._meta.db_table not in changed:
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.FileField):
                continue
            names = (
                model._base_manager.exclude(**{field.attname: ""})
                .exclude(**{f"{field.attname}__isnull": True})
                .values_list(field.attname, flat=True)
            )
            for name in names:
                with field.storage.open(name, "rb") as file:
                    files[(model, field.name, name)] = file.read()
    return files


class _Tables:
    """Reads and writes whole tables of the default database."""

    # The loader never writes it, and its times of migrating differ between
    # the test databases of two workers (tests/conftest.py).
    UNTRACKED = {"django_migrations"}

    def tables(self):
        return [name for name in self.names() if name not in self.UNTRACKED]

    @staticmethod
    def for_connection():
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            return _SQLiteTables()
        if connection.vendor == "postgresql":
            return _PostgreSQLTables()
        raise NotImplementedError(connection.vendor)


class _SQLiteTables(_Tables):
    """Rows as Python values. Full-text search tables are left out: triggers
    on the search index table keep Wagtail's up to date, as during the load,
    and the site's own is written again after the restore."""

    def names(self):
        raw = connection.connection
        rows = raw.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table'"
        ).fetchall()
        virtual = [n for n, sql in rows if sql.upper().startswith("CREATE VIRTUAL")]
        return [
            name
            for name, _ in rows
            if not name.startswith("sqlite_")
            and name not in virtual
            and not any(name.startswith(f"{v}_") for v in virtual)
        ]

    def dump(self):
        raw = connection.connection
        dump = {}
        for name in self.tables():
            columns = [c[1] for c in raw.execute(f'PRAGMA table_info("{name}")')]
            # "+column": the stored value, which Django's converters (chosen
            # by the column's declared type) would turn into Python objects.
            values = ", ".join(f'+"{c}"' for c in columns)
            rows = raw.execute(f'SELECT {values} FROM "{name}"').fetchall()  # noqa: S608
            dump[name] = _Table.of((columns, rows), columns, rows)
        return dump

    def sequences(self, changed):
        raw = connection.connection
        return dict(
            raw.execute("SELECT name, seq FROM sqlite_sequence").fetchall()
            if raw.execute(
                "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'"
            ).fetchone()
            else []
        )

    def replace(self, changed, sequences):
        raw = connection.connection
        for name, table in changed.items():
            columns, rows = table.rows
            raw.execute(f'DELETE FROM "{name}"')  # noqa: S608
            if rows:
                quoted = ", ".join(f'"{c}"' for c in columns)
                marks = ", ".join("?" for _ in columns)
                raw.executemany(
                    f'INSERT INTO "{name}" ({quoted}) VALUES ({marks})',  # noqa: S608
                    rows,
                )
        # The next ids, as after the load (inserting the rows only raised
        # them to the highest id present).
        for name, seq in sequences.items():
            if name in changed:
                raw.execute(
                    "UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = ?",
                    (seq, name),
                )


class _PostgreSQLTables(_Tables):
    """Rows in COPY's text format, which carries every column type as it is."""

    def names(self):
        with connection.cursor() as cursor:
            return connection.introspection.table_names(cursor)

    def dump(self):
        from psycopg import sql

        dump = {}
        with connection.cursor() as cursor:
            raw = cursor.cursor
            for name in self.tables():
                table = sql.Identifier(name)
                raw.execute(sql.SQL("SELECT * FROM {} LIMIT 0").format(table))
                columns = [column.name for column in raw.description]
                query = sql.SQL("COPY {} TO STDOUT").format(table)
                with raw.copy(query) as copy_out:
                    data = b"".join(bytes(chunk) for chunk in copy_out)
                # One line a row, tab between columns (COPY escapes both
                # inside values).
                values = [line.split(b"\t") for line in data.splitlines()]
                dump[name] = _Table.of(data, columns, values)
        return dump

    def sequences(self, changed):
        """The next value of each sequence the changed tables use."""
        from psycopg import sql

        state = {}
        with connection.cursor() as cursor:
            for name in changed:
                for sequence in connection.introspection.get_sequences(cursor, name):
                    cursor.cursor.execute(
                        sql.SQL("SELECT last_value FROM {}").format(
                            sql.Identifier(sequence["name"])
                        )
                    )
                    state[sequence["name"]] = cursor.cursor.fetchone()[0]
        return state

    def replace(self, changed, sequences):
        from psycopg import sql

        with connection.cursor() as cursor:
            raw = cursor.cursor
            for name, table in changed.items():
                raw.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(name)))
                query = sql.SQL("COPY {} FROM STDIN").format(sql.Identifier(name))
                with raw.copy(query) as copy_in:
                    copy_in.write(table.rows)
            # Sequences are not rolled back with the test's transaction:
            # only ever move them forward, past the restored ids.
            for sequence, value in sequences.items():
                raw.execute(
                    sql.SQL(
                        "SELECT setval({0}, GREATEST(%s, last_value)) FROM {1}"
                    ).format(sql.Literal(sequence), sql.Identifier(sequence)),
                    [value],
                )
