from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("reviews", "0003_rebuild_quota_rolls")]

    operations = [
        migrations.AddField(
            model_name="reviewcycle",
            name="historical",
            field=models.BooleanField(default=False, verbose_name="Kết quả ghi lại từ hồ sơ"),
        ),
    ]
