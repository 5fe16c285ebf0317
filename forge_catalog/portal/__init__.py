"""The portal page: one Django view serving the built front-end (sources in ui/)."""
