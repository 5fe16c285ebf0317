# The API against its own OpenAPI document: schemathesis (pinned in
# pyproject's dev extras) against a live devhost under gunicorn on PostgreSQL,
# as the seed's requester and as its organization administrator, bounded
# (fixed seed, fixed cases per operation) and offline. Any 5xx or any answer
# that does not match /api/v2/schema/ fails. tests/schemathesis/run.py starts
# and stops the server and creates and drops its database.

.PHONY: test-schemathesis
TEST_TARGETS += test-schemathesis
test-schemathesis: $(STAMPS)/ext
	@echo "== API contract: schemathesis against /api/v2/schema/ (live devhost under gunicorn, PostgreSQL)"
	@mkdir -p tests/artifacts
	$(PY) tests/schemathesis/run.py
	@echo "   reports: tests/artifacts/schemathesis/"
