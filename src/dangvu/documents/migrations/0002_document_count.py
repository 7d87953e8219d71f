"""The maintained document counts per organisation, ancestor, side and day."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0001_initial'),
        ('organizations', '0003_organizationstats_any_gender'),
    ]

    operations = [
        migrations.CreateModel(
            name='DocumentCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('side', models.CharField(choices=[('sent', 'Tổ chức ban hành, gửi'), ('received', 'Tổ chức nhận')], max_length=10)),
                ('measure', models.CharField(max_length=20)),
                ('day', models.DateField()),
                ('key', models.CharField(blank=True, default='', max_length=80)),
                ('due_on', models.DateField(blank=True, null=True)),
                ('document_id', models.BigIntegerField(blank=True, null=True)),
                ('count', models.IntegerField(default=0)),
                ('organization', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organizations.organization')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('organization', 'side', 'measure', 'day', 'key'), name='doc_count_once')],
            },
        ),
    ]
