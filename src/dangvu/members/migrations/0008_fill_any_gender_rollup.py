"""Fill the roll-up's any_gender_* columns (organizations 0003) from the members already recorded: every
record attached to a sub-tree, by gender, whatever its status. One grouped read, then the sums per
ancestor (a member counts in every organisation of its path)."""

from collections import Counter, defaultdict

from django.db import migrations


def fill(apps, schema_editor):
    Stats = apps.get_model("organizations", "OrganizationStats")
    totals: dict[int, Counter] = defaultdict(Counter)
    with schema_editor.connection.cursor() as cur:
        cur.execute("SELECT org_path, gender, COUNT(*) FROM members_member GROUP BY org_path, gender")
        for path, gender, n in cur.fetchall():
            if gender not in ("male", "female"):
                continue
            for part in (path or "").split("."):
                if part:
                    totals[int(part)][gender] += n
    for org_id, counts in totals.items():
        Stats.objects.filter(pk=org_id).update(any_gender_male=counts["male"], any_gender_female=counts["female"])


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0007_placement_verbose_name"),
        ("organizations", "0003_organizationstats_any_gender"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
