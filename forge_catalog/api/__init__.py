"""forge-catalog's REST API (DRF), mounted by the host under its /api/v2/.

Views decide nothing: authority comes from ``forge_catalog.authz``, validation
and state changes from the core through ``forge_catalog.lifecycle``.
"""
