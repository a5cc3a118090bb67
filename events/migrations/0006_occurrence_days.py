"""Occurrence.start_day and end_day: the local days an occurrence touches,
stored so the month grid can group by day in the database."""

from datetime import timedelta

from django.db import migrations, models
from django.utils import timezone


def local_days(start, end):
    first = timezone.localtime(start).date()
    if end <= start:
        return first, first
    return first, (timezone.localtime(end) - timedelta(microseconds=1)).date()


def fill_days(apps, schema_editor):
    Occurrence = apps.get_model("events", "Occurrence")
    batch = []
    for row in Occurrence.objects.only("pk", "start", "end").iterator(chunk_size=2000):
        row.start_day, row.end_day = local_days(row.start, row.end)
        batch.append(row)
        if len(batch) == 2000:
            Occurrence.objects.bulk_update(batch, ["start_day", "end_day"])
            batch = []
    Occurrence.objects.bulk_update(batch, ["start_day", "end_day"])


class Migration(migrations.Migration):
    dependencies = [("events", "0005_occurrence_end_start_index")]

    operations = [
        migrations.AddField("occurrence", "start_day", models.DateField(null=True)),
        migrations.AddField("occurrence", "end_day", models.DateField(null=True)),
        migrations.RunPython(fill_days, migrations.RunPython.noop),
        migrations.AlterField("occurrence", "start_day", models.DateField()),
        migrations.AlterField("occurrence", "end_day", models.DateField()),
    ]
