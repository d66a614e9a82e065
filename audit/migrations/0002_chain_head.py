from django.db import migrations

GENESIS_HASH = "0" * 64


def create_head(apps, schema_editor):
    """Create the chain's single head row, so appending never races to create it."""
    apps.get_model("audit", "ChainHead").objects.get_or_create(singleton=1, defaults={"position": 0, "hash": GENESIS_HASH})


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(create_head, migrations.RunPython.noop)]
