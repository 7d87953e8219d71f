from django.db import migrations, models


class Migration(migrations.Migration):
    """The pickers' first matches, shallowest first, read by walking (depth, sort_key, id) (issue 17)."""

    dependencies = [
        ("organizations", "0004_term_state"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="organization",
            index=models.Index(fields=["depth", "sort_key", "id"], name="org_depth_sort_idx"),
        ),
    ]
