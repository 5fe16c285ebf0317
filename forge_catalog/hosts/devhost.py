"""The devhost implements the controller contract itself, so it needs
little beyond the base adapter (models come from the FORGE_CATALOG_*_MODEL
settings, secrets from forge-catalog's Fernet helper). Its worker's jobs
are reaped on request, as AWX's dispatcher reaps its own."""

from forge_catalog.hosts.base import BaseHost


class DevhostHost(BaseHost):
    def reap_lost_jobs(self, *, dry_run=False):
        from forge_catalog.devhost.reaper import reap_lost_jobs

        return reap_lost_jobs(dry_run=dry_run)
