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

test: $(TEST_TARGETS)
	@echo "== make test: all suites passed ($(TEST_TARGETS))"
