"""What a notification says (docs/notifications.md "Messages"): the item,
the requester, the step, the reason and a deep link to the request in the
portal. Never a secret: no answers at all, and any free text (a reason, a
question) has the request's secret answers masked as ``$encrypted$``.

Email and other text channels get ``subject`` and a text body; a webhook
gets the JSON object AWX's webhook backend expects (a string holding it).
"""

import json

from django.urls import NoReverseMatch, reverse

from forge_catalog import surveys
from forge_catalog.conf import fc_settings
from forge_catalog.secrets import SecretError

TITLES = {
    "approval_needed": "Approval needed",
    "reminder": "Reminder: approval still needed",
    "needs_info": "More information needed",
    "approved": "Request approved",
    "rejected": "Request rejected",
    "expired": "Request expired",
    "launched": "Request launched",
    "succeeded": "Request succeeded",
    "failed": "Request failed",
    "canceled": "Request canceled",
}


def request_link(request_pk):
    """The request's own portal page (``/portal/requests/<id>/``, which the
    portal opens on load): under PORTAL_BASE_URL (the portal's absolute URL)
    or, when unset, the portal's path on this host."""
    base = fc_settings.PORTAL_BASE_URL
    if not base:
        from forge_catalog import urlmount

        try:
            # Outside a request (a sender, the tick): the urlconf the portal is mounted in.
            base = reverse("forge_catalog_portal:portal", urlconf=urlmount.mounted_urlconf())
        except (NoReverseMatch, KeyError):
            base = "/portal/"
    return f"{base.rstrip('/')}/requests/{request_pk}/"


def step_label(step):
    """A step as people read it: its title, else "step N" (steps count from 1)."""
    if step is None:
        return ""
    if isinstance(step, str):
        return step
    if isinstance(step, int):
        return f"step {step + 1}"
    get = step.get if isinstance(step, dict) else lambda name, default=None: getattr(step, name, default)
    title = get("title", None) or get("approver_team_name", None) or ""
    index = get("index", None)
    if index is None:
        index = get("position", None)
    number = f"step {index + 1}" if isinstance(index, int) else ""
    if title and number:
        return f"{number}: {title}"
    return title or number


def _secrets(request):
    try:
        plain = surveys.reveal(request.extra_vars, request.node_survey_data, request.encrypted_variables)
    except SecretError:
        return None
    return surveys.secret_values(request.encrypted_variables, *plain)


def _masked(text, secrets_):
    text = text or ""
    if secrets_ is None:
        # The request's secrets cannot be read to mask them: say nothing typed.
        return "(not shown)" if text else ""
    return surveys.mask_text(text, secrets_)


def compose(request, kind, *, step=None, actor=None, reason="", delivery_id=""):
    """(subject, text body, webhook payload dict) of one message."""
    secrets_ = _secrets(request)
    item_name = request.catalog_item.name if request.catalog_item_id else request.catalog_item_name
    requester = request.requested_by.get_username() if request.requested_by_id else ""
    actor_name = actor.get_username() if getattr(actor, "is_authenticated", False) else ""
    title = TITLES[kind]
    link = request_link(request.pk)
    step_text = step_label(step)
    reason_text = _masked(reason, secrets_)
    subject = f"{title}: {item_name} (request #{request.pk} by {requester or 'unknown'})"
    lines = [f'{title}: request #{request.pk} for "{item_name}"', f"Requested by: {requester or 'unknown'}"]
    if request.organization_name:
        lines.append(f"Organization: {request.organization_name}")
    if step_text:
        lines.append(f"Step: {step_text}")
    if actor_name:
        lines.append(f"By: {actor_name}")
    if reason_text:
        lines.append(f"Reason: {reason_text}")
    lines += [f"Status: {request.status}", "", f"Open the request: {link}", "", f"Delivery: {delivery_id}"]
    payload = {
        "event": kind,
        "title": title,
        "subject": subject,
        "text": "\n".join(lines),
        "url": link,
        "request": {"id": request.pk, "status": request.status},
        "item": {"id": request.catalog_item_id, "name": item_name},
        "organization": {"id": request.organization_id, "name": request.organization_name},
        "requester": requester,
        "step": step_text,
        "actor": actor_name,
        "reason": reason_text,
        "delivery_id": str(delivery_id),
    }
    return subject, "\n".join(lines) + "\n", payload


def body_for(notification_type, text, payload):
    """A webhook's body is the JSON object as a string (AWX's
    WebhookBackend.format_body parses it); every other channel takes text."""
    if notification_type == "webhook":
        return json.dumps(payload, ensure_ascii=False)
    return text
