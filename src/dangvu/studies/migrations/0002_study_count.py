"""The maintained study counts per organisation, ancestor, day and (resolution, title)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('organizations', '0003_organizationstats_any_gender'),
        ('studies', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='StudyCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('held_on', models.DateField()),
                ('group', models.CharField(max_length=320)),
                ('title', models.CharField(blank=True, max_length=300)),
                ('sessions', models.IntegerField(default=0)),
                ('catch_up_sessions', models.IntegerField(default=0)),
                ('present', models.IntegerField(default=0)),
                ('absent', models.IntegerField(default=0)),
                ('caught_up', models.IntegerField(default=0)),
                ('reports_due', models.IntegerField(default=0)),
                ('reports_done', models.IntegerField(default=0)),
                ('commitments_due', models.IntegerField(default=0)),
                ('commitments_done', models.IntegerField(default=0)),
                ('organization', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organizations.organization')),
                ('resolution', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='studies.resolution')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('organization', 'held_on', 'group'), name='study_count_once')],
            },
        ),
    ]
