"""Serial approval steps, needs_info and expired (issue 12 items 1, 3, 4;
docs/approvals.md). Items keep their rows unchanged: the seed's
requires_approval / approver_team / approvals_required stay the one-step
shorthand, so no item step rows are made here. Requests already made get
their plan copied from that shorthand (one step), so a pending request waits
at step 1 with the votes it already has; controller model swappable as in
0001."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Q

from forge_catalog.conf import host_model_label
from forge_catalog.models import check_constraint

BATCH = 1000
APPROVED_STATES = ("approved", "running", "successful", "failed", "canceled")


def copy_plans(apps, schema_editor):
    """One step per request that was ever in approval: pending ones wait at
    it, decided ones show how it ended; their votes belong to it."""
    ServiceRequest = apps.get_model("forge_catalog", "ServiceRequest")
    Step = apps.get_model("forge_catalog", "ServiceRequestStep")
    Approval = apps.get_model("forge_catalog", "ServiceRequestApproval")
    with_votes = Approval.objects.values("request_id")
    rows = (
        ServiceRequest.objects.filter(Q(status="pending_approval") | Q(pk__in=with_votes) | Q(status="rejected"))
        .select_related("catalog_item__approver_team")
        .order_by("pk")
    )
    for sr in rows.iterator(chunk_size=BATCH):
        item = sr.catalog_item
        team = item.approver_team if item is not None else None
        if sr.status == "pending_approval":
            state, decided = "pending", None
        elif sr.status == "rejected":
            state, decided = "rejected", sr.decided_at
        elif sr.status in APPROVED_STATES and sr.decided_at is not None:
            state, decided = "approved", sr.decided_at
        else:
            state, decided = "canceled", None
        step = Step.objects.create(
            request=sr,
            position=0,
            approver_team=team,
            approver_team_name=str(team.name)[:512] if team is not None else "",
            quorum=max(1, item.approvals_required if item is not None else 1),
            state=state,
            entered_at=sr.created,
            decided_at=decided,
        )
        Approval.objects.filter(request=sr).update(step=step)
        if state == "pending":
            ServiceRequest.objects.filter(pk=sr.pk).update(current_step=step, step_entered_at=sr.created)


class Migration(migrations.Migration):

    dependencies = [
        migrations.swappable_dependency(host_model_label('TEAM')),
        ('forge_catalog', '0005_requests_outlive_items'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ServiceCatalogItemApprovalStep',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveIntegerField()),
                ('title', models.CharField(blank=True, default='', max_length=512)),
                ('quorum', models.PositiveIntegerField(default=1)),
            ],
            options={
                'ordering': ('catalog_item', 'position'),
            },
        ),
        migrations.CreateModel(
            name='ServiceRequestStep',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveIntegerField()),
                ('title', models.CharField(blank=True, default='', max_length=512)),
                ('approver_team_name', models.CharField(blank=True, default='', max_length=512)),
                ('quorum', models.PositiveIntegerField(default=1)),
                ('state', models.CharField(choices=[('waiting', 'waiting'), ('pending', 'pending'), ('approved', 'approved'), ('rejected', 'rejected'), ('expired', 'expired'), ('canceled', 'canceled')], default='waiting', max_length=16)),
                ('entered_at', models.DateTimeField(blank=True, null=True)),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('expires_at', models.DateTimeField(blank=True, null=True)),
                ('escalated', models.BooleanField(default=False)),
            ],
            options={
                'ordering': ('request', 'position'),
            },
        ),
        migrations.RemoveConstraint(
            model_name='servicerequestapproval',
            name='fc_approval_once_per_user',
        ),
        migrations.AddField(
            model_name='servicerequest',
            name='step_entered_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='servicerequestapproval',
            name='withdrawn_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='servicerequestevent',
            name='step_position',
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name='servicerequest',
            name='status',
            field=models.CharField(choices=[('created', 'Created'), ('pending_approval', 'Pending approval'), ('approved', 'Approved'), ('running', 'Running'), ('successful', 'Successful'), ('failed', 'Failed'), ('canceled', 'Canceled'), ('rejected', 'Rejected'), ('needs_info', 'Needs info'), ('expired', 'Expired')], db_index=True, default='created', max_length=32),
        ),
        migrations.AddField(
            model_name='servicecatalogitemapprovalstep',
            name='approver_team',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=host_model_label('TEAM')),
        ),
        migrations.AddField(
            model_name='servicecatalogitemapprovalstep',
            name='catalog_item',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='approval_steps', to='forge_catalog.servicecatalogitem'),
        ),
        migrations.AddField(
            model_name='servicerequeststep',
            name='approver_team',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=host_model_label('TEAM')),
        ),
        migrations.AddField(
            model_name='servicerequeststep',
            name='request',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='steps', to='forge_catalog.servicerequest'),
        ),
        migrations.AddField(
            model_name='servicerequest',
            name='current_step',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='forge_catalog.servicerequeststep'),
        ),
        migrations.AddField(
            model_name='servicerequestapproval',
            name='step',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='approvals', to='forge_catalog.servicerequeststep'),
        ),
        migrations.AddConstraint(
            model_name='servicerequestapproval',
            constraint=models.UniqueConstraint(condition=models.Q(('withdrawn_at__isnull', True)), fields=('request', 'user'), name='fc_approval_once_per_user'),
        ),
        migrations.AddConstraint(
            model_name='servicecatalogitemapprovalstep',
            constraint=models.UniqueConstraint(fields=('catalog_item', 'position'), name='fc_item_step_position_unique'),
        ),
        migrations.AddConstraint(
            model_name='servicecatalogitemapprovalstep',
            constraint=check_constraint(models.Q(('quorum__gte', 1)), 'fc_item_step_quorum_min_1'),
        ),
        migrations.AddIndex(
            model_name='servicerequeststep',
            index=models.Index(condition=models.Q(('state', 'pending')), fields=['approver_team', 'request'], name='fc_step_pending_team'),
        ),
        migrations.AddIndex(
            model_name='servicerequeststep',
            index=models.Index(condition=models.Q(('state', 'pending')), fields=['expires_at'], name='fc_step_pending_expiry'),
        ),
        migrations.AddConstraint(
            model_name='servicerequeststep',
            constraint=models.UniqueConstraint(fields=('request', 'position'), name='fc_request_step_position_unique'),
        ),
        migrations.AddConstraint(
            model_name='servicerequeststep',
            constraint=check_constraint(models.Q(('quorum__gte', 1)), 'fc_request_step_quorum_min_1'),
        ),
        migrations.RunPython(copy_plans, migrations.RunPython.noop),
    ]
