from django.db import migrations

from measures.indicators import load_indicators


def load(apps, schema_editor):
    load_indicators(apps.get_model("measures", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [("measures", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
