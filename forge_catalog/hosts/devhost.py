"""The devhost implements the controller contract itself, so it needs
nothing beyond the base adapter (models come from the FORGE_CATALOG_*_MODEL
settings, secrets from forge-catalog's Fernet helper)."""

from forge_catalog.hosts.base import BaseHost


class DevhostHost(BaseHost):
    pass
