from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="importbatch",
            name="checked_with",
            field=models.CharField(blank=True, default="", max_length=80),
        ),
    ]
