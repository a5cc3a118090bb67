"""The live pages' text in an FTS5 table of the site's own, on SQLite only
(core.search): matched by kind and words in one query, keyed by page id."""

from django.db import migrations

from core import search


def sqlite_table(connection) -> bool:
    return connection.vendor == "sqlite" and search.own_table()


def create(apps, schema_editor):
    if not sqlite_table(schema_editor.connection):
        return
    schema_editor.execute(
        "CREATE VIRTUAL TABLE search_text USING fts5(title, body, kind)"
    )
    search.rebuild_text()


def drop(apps, schema_editor):
    if sqlite_table(schema_editor.connection):
        schema_editor.execute("DROP TABLE IF EXISTS search_text")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_jobs_and_outbox"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop)]
