"""Authority checks the item views share."""

from forge_catalog import authz
from forge_catalog.exceptions import NotVisible, PermissionDenied


def require_manage_target(user, item):
    """Authority to put an item into its organization. The serializer only
    accepts organizations the caller can read (others are "does not exist"
    400s), so this is the 403 for a reader who does not administer it."""
    try:
        authz.require(user, "manage_item", item=item)
    except NotVisible:
        raise PermissionDenied(
            "Only an administrator of the item's organization may do this.", code="not_org_admin"
        ) from None
