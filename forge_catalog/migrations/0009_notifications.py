# Notification templates per item and organization, and the delivery outbox
# (issue 12 item 5); controller models swappable as in 0001.

import django.db.models.deletion
import uuid
from django.db import migrations, models

from forge_catalog.conf import host_model_label


class Migration(migrations.Migration):

    dependencies = [
        migrations.swappable_dependency(host_model_label("ORGANIZATION")),
        ('forge_catalog', '0008_approval_expiry'),
    ]

    operations = [
        migrations.AddField(
            model_name='servicecatalogitem',
            name='notification_templates',
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.CreateModel(
            name='OrganizationNotificationDefaults',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('notification_templates', models.JSONField(blank=True, default=dict)),
                ('modified', models.DateTimeField(auto_now=True)),
                ('organization', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=host_model_label("ORGANIZATION"))),
            ],
        ),
        migrations.CreateModel(
            name='ServiceRequestNotification',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('request_id_value', models.BigIntegerField(db_index=True)),
                ('kind', models.CharField(max_length=32)),
                ('delivery_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('notification_template_id_value', models.BigIntegerField()),
                ('notification_template_name', models.CharField(blank=True, default='', max_length=512)),
                ('notification_type', models.CharField(blank=True, default='', max_length=32)),
                ('notification_id_value', models.BigIntegerField(blank=True, null=True)),
                ('state', models.CharField(choices=[('pending', 'Pending'), ('sending', 'Sending'), ('sent', 'Sent'), ('failed', 'Failed')], default='pending', max_length=16)),
                ('attempts', models.PositiveIntegerField(default=0)),
                ('next_attempt_at', models.DateTimeField(blank=True, null=True)),
                ('lease_expires', models.DateTimeField(blank=True, null=True)),
                ('sender', models.CharField(blank=True, default='', max_length=128)),
                ('last_error', models.TextField(blank=True, default='')),
                ('sent_at', models.DateTimeField(blank=True, null=True)),
                ('created', models.DateTimeField(auto_now_add=True)),
                ('modified', models.DateTimeField(auto_now=True)),
                ('request', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='notifications', to='forge_catalog.servicerequest')),
            ],
            options={
                'ordering': ('created', 'pk'),
                'indexes': [models.Index(condition=models.Q(('state', 'pending')), fields=['next_attempt_at'], name='fc_notif_due'), models.Index(condition=models.Q(('state', 'sending')), fields=['lease_expires'], name='fc_notif_sending')],
            },
        ),
    ]
