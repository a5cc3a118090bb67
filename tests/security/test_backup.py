"""Backup and restore, for real: the demo province is loaded into its own
PostgreSQL database with its images, scripts/backup.sh dumps it with the
media, scripts/restore.sh restores both into a fresh database and folder, and
page, revision and image counts and every image file's hash must match.

Runs in the PostgreSQL run (DATABASE_URL naming PostgreSQL, as in CI);
skipped on SQLite runs, saying so.
"""

import hashlib
import os
import subprocess
import tempfile
from pathlib import Path

from django.db import connection
from django.test import SimpleTestCase

import psycopg

from tests.security.test_faults import PG, ROOT, AppServer, admin_sql, reachable

COUNTED = {
    "pages": "SELECT count(*) FROM wagtailcore_page",
    "revisions": "SELECT count(*) FROM wagtailcore_revision",
    "images": "SELECT count(*) FROM wagtailimages_image",
    "renditions": "SELECT count(*) FROM wagtailimages_rendition",
    "events": "SELECT count(*) FROM events_eventpage",
    "users": "SELECT count(*) FROM auth_user",
}


def facts(database_url: str) -> dict:
    with psycopg.connect(database_url, connect_timeout=3) as conn:
        counts = {
            name: conn.execute(sql).fetchone()[0] for name, sql in COUNTED.items()
        }
        files = [row[0] for row in conn.execute("SELECT file FROM wagtailimages_image")]
    return {"counts": counts, "files": sorted(files)}


def hashes(media: Path, files) -> dict:
    return {
        name: hashlib.sha256((media / name).read_bytes()).hexdigest() for name in files
    }


class BackupRestoreTests(SimpleTestCase):
    def setUp(self):
        if connection.vendor != "postgresql":
            self.skipTest(
                "backup/restore needs PostgreSQL: it runs in the PostgreSQL run "
                "(DATABASE_URL=postgres://...), as CI does"
            )
        if not reachable("127.0.0.1", 5432):
            self.skipTest("PostgreSQL is not reachable at 127.0.0.1:5432")
        self.source = f"agenda_backup_{os.getpid()}"
        self.target = f"agenda_restore_{os.getpid()}"
        admin_sql(
            *(
                f'DROP DATABASE IF EXISTS "{name}"'
                for name in (self.source, self.target)
            ),
            f'CREATE DATABASE "{self.source}"',
            f'CREATE DATABASE "{self.target}"',
        )
        self.addCleanup(
            admin_sql,
            *(
                f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
                for name in (self.source, self.target)
            ),
        )
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.folder = Path(folder.name)

    def run_script(self, script, *args, database_url, media):
        env = {**os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": str(media)}
        return subprocess.run(  # noqa: S603 - our own scripts
            [str(ROOT / "scripts" / script), *args],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=600,
        )

    def test_backup_restores_pages_revisions_and_identical_images(self):
        """Counts of pages, revisions, images, renditions, events and users,
        and the SHA-256 of every original image file, are the same after a
        restore into a fresh database and media folder."""
        source_url = f"{PG}/{self.source}"
        target_url = f"{PG}/{self.target}"
        media = self.folder / "media"
        restored_media = self.folder / "restored-media"
        app = AppServer(source_url, "redis://127.0.0.1:1/0")
        app.env["MEDIA_ROOT"] = str(media)
        app.manage("migrate", "--noinput")
        app.manage("load_demo")
        before = facts(source_url)
        self.assertGreater(before["counts"]["images"], 10)
        self.assertGreater(before["counts"]["revisions"], before["counts"]["pages"] / 2)

        backup = self.folder / "backup"
        self.run_script("backup.sh", str(backup), database_url=source_url, media=media)
        self.assertIs((backup / "database.dump").exists(), True)
        self.run_script(
            "restore.sh", str(backup), database_url=target_url, media=restored_media
        )

        after = facts(target_url)
        self.assertEqual(after, before)
        self.assertEqual(
            hashes(restored_media, after["files"]), hashes(media, before["files"])
        )

    def test_restore_refuses_a_database_with_data(self):
        """Restoring over a database that has tables is refused, untouched."""
        admin_sql(f'DROP DATABASE IF EXISTS "{self.target}"')
        admin_sql(f'CREATE DATABASE "{self.target}"')
        target_url = f"{PG}/{self.target}"
        with psycopg.connect(target_url, autocommit=True) as conn:
            conn.execute("CREATE TABLE keep_me (id int)")
        media = self.folder / "media"
        media.mkdir()
        backup = self.folder / "empty-backup"
        self.run_script(
            "backup.sh",
            str(backup),
            database_url=f"{PG}/{self.source}",
            media=media,
        )
        with self.assertRaises(subprocess.CalledProcessError) as raised:
            self.run_script(
                "restore.sh", str(backup), database_url=target_url, media=media
            )
        self.assertIn("already has 1 tables", raised.exception.stderr)

    def test_backup_refuses_a_destination_inside_the_media_folder(self):
        """An archive written into the folder it archives would change while
        tar reads it (CI saw that as an intermittent failure): refused before
        anything is written, saying why."""
        with self.assertRaises(subprocess.CalledProcessError) as raised:
            self.run_script(
                "backup.sh",
                str(self.folder / "backups" / "today"),
                database_url=f"{PG}/{self.source}",
                media=self.folder,
            )
        self.assertEqual(raised.exception.returncode, 2)
        self.assertIn("inside MEDIA_ROOT", raised.exception.stderr)
        self.assertFalse((self.folder / "backups" / "today" / "database.dump").exists())
