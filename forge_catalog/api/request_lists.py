"""What the portal's request lists need besides their pages (issue 10
items 4 and 6): counts per status for the tabs, and the inbox badge with
whether the caller approves anything at all. Each answer is a fixed number of
queries (one GROUP BY; a count and an existence check), whatever the data.
"""

from django.db.models import Count
from django_filters.utils import translate_validation

from forge_catalog import _core, authz
from forge_catalog.conf import fc_settings
from forge_catalog.hosts import get_host
from forge_catalog.models import ServiceCatalogItem

# The tabs count over the same filters as the list, except the tab itself
# (status) and what only shapes a page.
NOT_COUNTED = ("status", "order_by", "page", "page_size")


def status_counts(view, queryset):
    """{"count": all, "status": {state: n for every state}} of the list's
    queryset under the request's filters (status aside)."""
    params = view.request.query_params.copy()
    for name in NOT_COUNTED:
        params.pop(name, None)
    filterset = view.filterset_class(params, queryset=queryset, request=view.request)
    if not filterset.is_valid():
        raise translate_validation(filterset.errors)
    rows = filterset.qs.order_by().values("status").annotate(n=Count("id"))
    by_status = dict.fromkeys(_core.STATES, 0)
    for row in rows:
        by_status[row["status"]] = row["n"]
    return {"count": sum(by_status.values()), "status": by_status}


def can_approve(user):
    """Whether anything could ever reach the caller's inbox: a superuser, an
    organization admin (who decides their organizations' items), or a member
    of a team some item names as its approver team."""
    host = get_host()
    if not host.is_authenticated(user):
        return False
    if host.is_superuser(user) or host.admin_organization_ids(user).exists():
        return True
    return ServiceCatalogItem.objects.filter(approver_team__in=host.member_team_ids(user)).exists()


def inbox(user):
    """The badge: how many requests wait for the caller's decision now, exact
    up to INBOX_BADGE_CAP and ``more`` beyond (as GitHub's "99+"). The
    LIMITed count walks fc_req_pending_newest and stops at cap + 1 rows
    instead of visiting every pending request (docs/performance.md)."""
    approver = can_approve(user)
    cap = fc_settings.INBOX_BADGE_CAP
    seen = 0
    if approver:
        newest = authz.approvable_requests(user).order_by("-created", "-id").values("pk")
        seen = newest[: cap + 1].count()
    return {"count": min(seen, cap), "more": seen > cap, "can_approve": approver}
