"""PostgreSQL: the live pages' text as one tsvector per page under a GIN
index (core.search), as SQLite keeps it in `search_text`."""

from django.contrib.postgres.search import SearchVectorField
from django.db import migrations, models

from core import search


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE TABLE search_vector (page_id integer PRIMARY KEY, "
        "kind integer NOT NULL, text tsvector NOT NULL)"
    )
    schema_editor.execute(
        "CREATE INDEX search_vector_text ON search_vector USING gin (text)"
    )
    # Site search asks for the few pages that are not events: found by their
    # kind first, not among every event that has the word.
    schema_editor.execute("CREATE INDEX search_vector_kind ON search_vector (kind)")
    search.rebuild_text()


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TABLE IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [("core", "0004_search_text")]

    operations = [
        migrations.CreateModel(
            name="PageText",
            fields=[
                ("page_id", models.IntegerField(primary_key=True, serialize=False)),
                ("kind", models.IntegerField()),
                ("text", SearchVectorField()),
            ],
            options={"db_table": "search_vector", "managed": False},
        ),
        migrations.RunPython(create, drop),
    ]
