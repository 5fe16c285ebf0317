"""A devhost job's output, the page the portal's "job output" link opens.

Who may read it: superusers, the job's creator, and whoever may see a service
request that launched it (or launched the workflow it ran in): the same
visibility as the request itself (forge_catalog.authz.visible_requests).
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from forge_catalog.authz import visible_requests

from .models import COMPLETED_STATUSES, UnifiedJob


def _may_read(user, job):
    if user.is_superuser or job.created_by_id == user.pk:
        return True
    job_ids = [job.pk]
    node = getattr(job, "unified_job_node", None) if hasattr(job, "job_template") else None
    if node is not None:
        job_ids.append(node.workflow_job_id)
    return visible_requests(user).filter(job_id__in=job_ids).exists()


@login_required
def job_stdout(request, pk):
    uj = UnifiedJob.objects.filter(pk=pk).first()
    job = uj.get_real_instance() if uj is not None else None
    if job is None or not _may_read(request.user, job):
        raise Http404("No such job.")  # 404, not 403: do not reveal that it exists
    if request.GET.get("format") == "txt":
        return HttpResponse(job.result_stdout, content_type="text/plain; charset=utf-8")
    nodes = []
    if hasattr(job, "workflow_job_nodes"):
        nodes = list(job.workflow_job_nodes.select_related("job").order_by("pk"))
    return render(
        request,
        "devhost/job_stdout.html",
        {"job": job, "nodes": nodes, "finished": job.status in COMPLETED_STATUSES},
    )
