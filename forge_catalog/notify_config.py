"""Which controller notification templates an item (or an organization's
defaults) names per kind: ``{kind: [template id, ...]}``.

The same-organization rule of DESIGN.md binds them as it binds the item's
template and teams: a template must belong to the item's organization (else
an org admin could make another organization's channels carry their
messages). A template the caller cannot use reads exactly like one that does
not exist (no existence leak). The core decides that rule
(``_core.check_notification_templates``); this module checks the value's
shape and looks the templates up. Problems come back as the core's
``{path, code, message}`` list, path ``notification_templates.<kind>[i]``.
"""

from forge_catalog import _core
from forge_catalog.hosts import get_host
from forge_catalog.notify_models import NOTIFICATION_KINDS

FIELD = "notification_templates"
MAX_PER_KIND = 20


def problems(value, organization_id, *, field=FIELD):
    """Every problem of ``value`` for an item of ``organization_id``."""
    if not isinstance(value, dict):
        return [_error(field, "type", "must be an object of kind: [notification template id, ...]")]
    errors, wanted = [], {}
    for kind, ids in value.items():
        path = f"{field}.{kind}"
        if kind not in NOTIFICATION_KINDS:
            errors.append(
                _error(path, "unknown_kind", f"unknown kind; one of {', '.join(NOTIFICATION_KINDS)}")
            )
            continue
        if not isinstance(ids, list):
            errors.append(_error(path, "type", "must be a list of notification template ids"))
            continue
        if len(ids) > MAX_PER_KIND:
            errors.append(_error(path, "too_long", f"at most {MAX_PER_KIND} templates per kind"))
            continue
        for index, template_id in enumerate(ids):
            if not isinstance(template_id, int) or isinstance(template_id, bool) or template_id < 1:
                errors.append(_error(f"{path}[{index}]", "type", "must be a notification template id"))
            else:
                wanted.setdefault(template_id, []).append(f"{path}[{index}]")
        if len(set(i for i in ids if isinstance(i, int))) != len(ids) and not any(
            e["path"].startswith(f"{path}[") for e in errors
        ):
            errors.append(_error(path, "duplicate", "names a template twice"))
    if wanted:
        # The core decides (fc_notify.h); a template the controller does not
        # have goes with organization None, exactly like another's.
        found = {t.pk: t.organization_id for t in get_host().notification_templates(wanted)}
        facts = {
            "organization": organization_id,
            "templates": [
                {"path": path, "id": template_id, "organization": found.get(template_id)}
                for template_id, paths in wanted.items()
                for path in paths
            ],
        }
        try:
            _core.check_notification_templates(facts)
        except _core.ValidationError as exc:
            errors.extend(exc.errors)
    return errors


def _error(path, code, message):
    return {"path": path, "code": code, "message": message}


def templates_summary(value):
    """``{kind: [{id, name, notification_type}]}`` for display; ids the
    controller no longer has show with ``name`` null."""
    ids = {i for v in (value or {}).values() if isinstance(v, list) for i in v if isinstance(i, int)}
    found = {t.pk: t for t in get_host().notification_templates(ids)} if ids else {}
    out = {}
    for kind, v in (value or {}).items():
        if not isinstance(v, list):
            continue
        out[kind] = [
            {
                "id": i,
                "name": found[i].name if i in found else None,
                "notification_type": found[i].notification_type if i in found else None,
            }
            for i in v
        ]
    return out
