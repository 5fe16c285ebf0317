# libFuzzer harnesses over the C core (tests/fuzz/): clang with
# -fsanitize=fuzzer,address,undefined. `make fuzz` runs each harness for
# FUZZ_SECONDS on its corpus; `make test` replays the corpus once.
#
# Corpus per harness, in libFuzzer's order (the first directory receives new
# inputs): $(BUILD)/fuzz/corpus/<h> (work, not committed), the seeds built
# from tests/fixtures by tests/fuzz/build_corpus.py, and the committed
# regression inputs in tests/fuzz/corpus/<h>/.

FUZZ_CC := clang
FUZZ_SECONDS ?= 300
FUZZ_HARNESSES := fuzz_spec fuzz_answers fuzz_launch fuzz_catalog fuzz_expiry fuzz_form_expr \
	fuzz_form_pattern fuzz_views fuzz_notify fuzz_form_views
FUZZ_DIR := $(BUILD)/fuzz
# Mutations stay small and fast; the large boundary seeds (one past each
# limit) run whole in the replay, where file mode reads them in full.
FUZZ_MAX_LEN := 16384
# UB must stop the run like a crash, not scroll past as a warning.
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS := $(C_STD) -Wall -Wextra -g -O1 $(FUZZ_SAN) $(C_INC) -Itests/fuzz -Itests/c
FUZZ_SUPPORT := tests/fuzz/fuzz_common.c tests/fuzz/fuzz_survey_checks.c tests/c/bigint_json.c \
	tests/c/view_json.c tests/c/same_errors.c
FUZZ_HDR := $(wildcard tests/fuzz/*.h) tests/c/bigint_json.h tests/c/view_json.h \
	tests/c/same_errors.h
FUZZ_FIXTURES := $(shell find tests/fixtures -name '*.json' 2>/dev/null)
FUZZ_BINS := $(addprefix $(FUZZ_DIR)/bin/,$(FUZZ_HARNESSES))
FUZZ_SEEDS := $(FUZZ_DIR)/seeds/.stamp

# The core and the shared checks are instrumented for coverage once
# (fuzzer-no-link), then each harness links them with libFuzzer's main.
FUZZ_CORE_OBJ := $(patsubst csrc/core/%.c,$(FUZZ_DIR)/obj/core_%.o,$(CORE_SRC))
FUZZ_SUPPORT_OBJ := $(patsubst tests/%.c,$(FUZZ_DIR)/obj/%.o,$(FUZZ_SUPPORT))
# Made by pattern rules only, so make would delete them after each link.
.SECONDARY: $(FUZZ_CORE_OBJ) $(FUZZ_SUPPORT_OBJ)

$(FUZZ_DIR)/obj/core_%.o: csrc/core/%.c $(CORE_HDR) | sysdeps
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_DIR)/obj/%.o: tests/%.c $(FUZZ_HDR) $(CORE_HDR) | sysdeps
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Werror -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_DIR)/bin/%: tests/fuzz/%.c $(FUZZ_CORE_OBJ) $(FUZZ_SUPPORT_OBJ) $(FUZZ_HDR) $(CORE_HDR) | sysdeps
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Werror -fsanitize=fuzzer -o $@ $< $(FUZZ_CORE_OBJ) $(FUZZ_SUPPORT_OBJ) $(CORE_LIBS)

$(FUZZ_SEEDS): tests/fuzz/build_corpus.py $(FUZZ_FIXTURES) | sysdeps
	@mkdir -p $(@D)
	python3 tests/fuzz/build_corpus.py tests/fixtures $(@D)
	@touch $@

.PHONY: fuzz fuzz-build test-fuzz-replay
fuzz-build: $(FUZZ_BINS) $(FUZZ_SEEDS)

TEST_TARGETS += test-fuzz-replay
# Every seed and regression input through its harness once (file mode: each
# file runs exactly once, any crash, leak or UB fails the target).
test-fuzz-replay: $(FUZZ_BINS) $(FUZZ_SEEDS)
	@echo "== fuzz corpus replay (libFuzzer harnesses, ASan+UBSan)"
	@for h in $(FUZZ_HARNESSES); do \
		files=$$(find $(FUZZ_DIR)/seeds/$$h tests/fuzz/corpus/$$h -type f ! -name '.*' 2>/dev/null | sort || true); \
		n=$$(echo "$$files" | grep -c . || true); \
		log=$(FUZZ_DIR)/$$h.replay.log; \
		if [ "$$n" -eq 0 ]; then echo "-- $$h: no inputs"; exit 1; fi; \
		if ! $(FUZZ_DIR)/bin/$$h -runs=1 $$files > $$log 2>&1; then \
			tail -n 40 $$log; echo "-- $$h: FAILED replaying $$n inputs (log: $$log)"; exit 1; fi; \
		echo "-- $$h: $$n inputs replayed, no finding"; \
	done

# One harness at a time (the machine is shared), then a summary line each.
fuzz: $(FUZZ_BINS) $(FUZZ_SEEDS)
	@echo "== libFuzzer: $(FUZZ_SECONDS) s per harness: $(FUZZ_HARNESSES)"
	@mkdir -p $(FUZZ_DIR)/artifacts
	@for h in $(FUZZ_HARNESSES); do \
		mkdir -p $(FUZZ_DIR)/corpus/$$h tests/fuzz/corpus/$$h; \
		log=$(FUZZ_DIR)/$$h.log; \
		echo "-- $$h (log: $$log)"; \
		if ! $(FUZZ_DIR)/bin/$$h -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
			-timeout=10 -max_len=$(FUZZ_MAX_LEN) -dict=tests/fuzz/survey.dict \
			-artifact_prefix=$(FUZZ_DIR)/artifacts/$$h- \
			$(FUZZ_DIR)/corpus/$$h $(FUZZ_DIR)/seeds/$$h tests/fuzz/corpus/$$h > $$log 2>&1; then \
			tail -n 60 $$log; echo "-- $$h: FINDING, input in $(FUZZ_DIR)/artifacts/"; exit 1; fi; \
		rmdir tests/fuzz/corpus/$$h 2>/dev/null || true; \
	done
	@printf '%-14s %10s %8s %8s %10s %8s\n' harness runs exec/s cov ft corpus
	@for h in $(FUZZ_HARNESSES); do \
		log=$(FUZZ_DIR)/$$h.log; \
		printf '%-14s %10s %8s %8s %10s %8s\n' $$h \
			"$$(sed -n 's/^stat::number_of_executed_units: *//p' $$log)" \
			"$$(sed -n 's/^stat::average_exec_per_sec: *//p' $$log)" \
			"$$(grep -o 'cov: [0-9]*' $$log | tail -n 1 | cut -d' ' -f2)" \
			"$$(grep -o 'ft: [0-9]*' $$log | tail -n 1 | cut -d' ' -f2)" \
			"$$(grep -o 'corp: [0-9]*' $$log | tail -n 1 | cut -d' ' -f2)"; \
	done

# Line coverage of csrc/core/ reached by the corpus (work corpus of the last
# `make fuzz`, seeds, regressions): the harnesses rebuilt with source-based
# coverage and no sanitizer, each input run once, one llvm-cov report.
FUZZ_COV_DIR := $(FUZZ_DIR)/coverage
FUZZ_COV_FLAGS := $(C_STD) -g -O0 -fprofile-instr-generate -fcoverage-mapping $(C_INC) -Itests/fuzz -Itests/c

$(FUZZ_COV_DIR)/bin/%: tests/fuzz/%.c $(FUZZ_SUPPORT) $(CORE_SRC) $(FUZZ_HDR) $(CORE_HDR) | sysdeps
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_COV_FLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_SUPPORT) $(CORE_SRC) $(CORE_LIBS)

.PHONY: fuzz-coverage
fuzz-coverage: $(addprefix $(FUZZ_COV_DIR)/bin/,$(FUZZ_HARNESSES)) $(FUZZ_SEEDS)
	@echo "== core line coverage of the fuzz corpus"
	@rm -f $(FUZZ_COV_DIR)/*.profraw
	@for h in $(FUZZ_HARNESSES); do \
		dirs=$$(for d in $(FUZZ_DIR)/corpus/$$h $(FUZZ_DIR)/seeds/$$h tests/fuzz/corpus/$$h; do \
			[ -d $$d ] && echo $$d; done || true); \
		LLVM_PROFILE_FILE=$(FUZZ_COV_DIR)/$$h.profraw $(FUZZ_COV_DIR)/bin/$$h -runs=0 $$dirs \
			> $(FUZZ_COV_DIR)/$$h.log 2>&1; \
	done
	@llvm-profdata merge -sparse -o $(FUZZ_COV_DIR)/all.profdata $(FUZZ_COV_DIR)/*.profraw
	@llvm-cov report $(FUZZ_COV_DIR)/bin/fuzz_spec \
		$(foreach h,$(filter-out fuzz_spec,$(FUZZ_HARNESSES)),-object $(FUZZ_COV_DIR)/bin/$(h)) \
		-instr-profile=$(FUZZ_COV_DIR)/all.profdata $(CORE_SRC)
