# The front door. Every target does its own set-up (Debian packages, venv,
# extension, UI) and says what it does. Pieces live in mk/*.mk, one concern each.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

BUILD := .build
VENV := .venv
PY := $(VENV)/bin/python
STAMPS := $(BUILD)/stamps

# Suites `make test` runs, in order; each mk/*.mk appends its own.
TEST_TARGETS :=

include mk/deps.mk
include mk/c.mk
include mk/python.mk
include $(wildcard mk/fuzz.mk mk/app.mk mk/compat.mk mk/schemathesis.mk mk/ui.mk mk/e2e.mk mk/bench.mk mk/lint.mk mk/demo.mk mk/dist.mk)

.PHONY: help test
help:
	@echo "make demo   seeded devhost + portal on http://127.0.0.1:8000"
	@echo "make test   every suite: C (cmocka, ASan/UBSan, valgrind, fuzz corpus), core, app, API contract, browser"
	@echo "make bench  benchmarks (docs/performance.md)"
	@echo "make fuzz   libFuzzer harnesses, FUZZ_SECONDS each"
	@echo "make lint   clang-format, cppcheck, ruff"
	@echo "make dist   sdist + wheel (with the built portal) into dist/"

# `make test`: first the set-up every suite shares, alone (the compat venv's
# editable install rewrites the extension in place, so no suite may be
# importing it then); then the suites TEST_JOBS at a time, longest first, so
# the PostgreSQL-bound app suites overlap the CPU-bound C builds and valgrind.
# -k runs every suite even after a failure; --output-sync prints each suite's
# output whole when it ends; the last line names the failed targets.
# One suite alone: `make test-app` (see README "Tests").
TEST_JOBS ?= 2
TEST_SETUP = sysdeps nodejs $(STAMPS)/ext ui $(if $(filter test-compat,$(TEST_TARGETS)),$(STAMPS)/compat-venv)
TEST_FIRST := test-compat test-app test-e2e test-schemathesis test-core test-c-asan
TEST_ORDER = $(filter $(TEST_TARGETS),$(TEST_FIRST)) $(filter-out $(TEST_FIRST),$(TEST_TARGETS))
TEST_LOG := $(BUILD)/test.log

test:
	@$(MAKE) --no-print-directory $(TEST_SETUP)
	@mkdir -p $(BUILD)
	@echo "== make test: $(words $(TEST_ORDER)) suites, $(TEST_JOBS) at a time (whole log: $(TEST_LOG))"
	@if $(MAKE) --no-print-directory -k -j$(TEST_JOBS) --output-sync=target $(TEST_ORDER) 2>&1 | tee $(TEST_LOG); then \
		echo "== make test: all suites passed ($(TEST_ORDER))"; \
	else \
		failed=$$(sed -n 's/^make.*\*\*\* \[.*: \([^]]*\)\] Error.*/\1/p' $(TEST_LOG) | sort -u | tr '\n' ' '); \
		echo "!! make test: FAILED: $${failed:-see $(TEST_LOG)}"; exit 1; \
	fi
