"""forge-catalog: a self-service automation catalog for AWX-derived controllers."""
