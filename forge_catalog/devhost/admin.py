from django.contrib import admin

from . import models

for model in (
    models.Organization,
    models.Team,
    models.JobTemplate,
    models.WorkflowJobTemplate,
    models.WorkflowJobTemplateNode,
    models.Job,
    models.WorkflowJob,
    models.WorkflowJobNode,
    models.Inventory,
    models.Group,
    models.Host,
    models.NotificationTemplate,
    models.Notification,
):
    admin.site.register(model)
