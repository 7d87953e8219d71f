from django.db import migrations, models


class Migration(migrations.Migration):
    """Walks instead of sorts (issue 17): the pickers' first matches, shallowest first (depth, sort_key, id); the
    first chi bộ of a sub-tree and a page of its chi bộ in name order (sort_key, id); the organisations of a
    sub-tree that are not active (path, partial)."""

    dependencies = [
        ("organizations", "0004_term_state"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="organization",
            index=models.Index(fields=["depth", "sort_key", "id"], name="org_depth_sort_idx"),
        ),
        migrations.AddIndex(
            model_name="organization",
            index=models.Index(fields=["sort_key", "id"], name="org_sort_idx"),
        ),
        migrations.AddIndex(
            model_name="organization",
            index=models.Index(fields=["path"], name="org_inactive_path_idx", opclasses=["varchar_pattern_ops"],
                               condition=~models.Q(status="active")),
        ),
    ]
