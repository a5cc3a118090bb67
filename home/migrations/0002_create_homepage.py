import uuid

from django.db import migrations


def create_homepage(apps, schema_editor):
    """Replace Wagtail's welcome page with the province home page."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("home.HomePage")

    page_type = ContentType.objects.get(model="page", app_label="wagtailcore")
    Page.objects.filter(content_type=page_type, slug="home", depth=2).delete()
    home_type, _created = ContentType.objects.get_or_create(
        model="homepage", app_label="home"
    )
    locale, _created = Locale.objects.get_or_create(language_code="id")
    home = HomePage.objects.create(
        title="Agenda Lampung",
        draft_title="Agenda Lampung",
        slug="beranda",
        content_type=home_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/beranda/",
        locale=locale,
        translation_key=uuid.uuid4(),
        live=True,
        tagline="Lampung The Treasure of Sumatera",
    )
    Site.objects.filter(is_default_site=True).delete()
    Site.objects.create(
        hostname="localhost",
        root_page=home,
        is_default_site=True,
        site_name="Agenda Lampung",
    )


def remove_homepage(apps, schema_editor):
    apps.get_model("home.HomePage").objects.filter(depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
