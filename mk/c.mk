# libforgecatalog and its cmocka suites: plain, ASan+UBSan, valgrind.
# Each binary prints cmocka's summary; each target ends with one
# "cmocka: N passed, N failed" line over all binaries, and fails if any did.
# One test of one binary: .build/c/plain/ctest_status reject_needs_a_reason

C_STD := -std=c11 -D_POSIX_C_SOURCE=200809L
C_WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
# The libraries the core links (setup.py's LIBRARIES): jansson, PCRE2 for patterns.
CORE_LIBS := -ljansson -lpcre2-8
C_INC := -Icsrc/include -Icsrc/core
CORE_SRC := $(sort $(wildcard csrc/core/*.c))
CORE_HDR := $(wildcard csrc/include/forge_catalog/*.h csrc/core/*.h)
CTEST_SRC := $(sort $(wildcard tests/c/test_*.c))
CTEST_SUPPORT := $(filter-out $(CTEST_SRC),$(wildcard tests/c/*.c))
CTEST_HDR := $(wildcard tests/c/*.h)

# One build tree per flavour: plain (also run under valgrind) and sanitized.
C_FLAVOURS := plain asan
CFLAGS_plain := -O1 -g
CFLAGS_asan := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
CC_plain := cc
CC_asan := cc

# Per-suite extras. The allocation sweep routes every allocation of the core
# through its counting allocator (jansson's goes there by json_set_alloc_funcs)
# and sweeps the survey functions once their sources exist.
CTEST_LDFLAGS_alloc := -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free,--wrap=strdup,--wrap=strndup
CTEST_CFLAGS_alloc := $(if $(wildcard csrc/core/survey*.c),-DFC_HAVE_SURVEY)

define c_flavour
$(BUILD)/c/$(1)/ctest_%: tests/c/test_%.c $(CTEST_SUPPORT) $(CORE_SRC) $(CORE_HDR) $(CTEST_HDR) | sysdeps
	@mkdir -p $$(@D)
	$$(CC_$(1)) $(C_STD) $(C_WARN) $$(CFLAGS_$(1)) $$(CTEST_CFLAGS_$$*) $(C_INC) -Itests/c -o $$@ \
		$$< $(CTEST_SUPPORT) $(CORE_SRC) $(CORE_LIBS) -lcmocka $$(CTEST_LDFLAGS_$$*)
endef
$(foreach f,$(C_FLAVOURS),$(eval $(call c_flavour,$(f))))

CTEST_NAMES := $(patsubst tests/c/test_%.c,%,$(CTEST_SRC))
CTEST_plain := $(addprefix $(BUILD)/c/plain/ctest_,$(CTEST_NAMES))
CTEST_asan := $(addprefix $(BUILD)/c/asan/ctest_,$(CTEST_NAMES))

# Each suite prints cmocka's summary; the fixture sweep needs the fixtures dir.
export FC_FIXTURES := $(CURDIR)/tests/fixtures

# $(call c_run,TITLE,RUNNER-PREFIX,BINARIES): run every binary (all of them,
# even after a failure), echo its output, add up cmocka's "[  PASSED  ] N"
# and "[  FAILED  ] N" lines, and fail if any binary failed or exited non-zero
# (a crash, a sanitizer or valgrind error).
define c_run
	@echo "== $(1)"
	@passed=0; failed=0; broken=""; log=$$(mktemp); \
	for t in $(3); do \
		echo "-- $$t"; \
		if $(2) $$t > $$log 2>&1; then rc=0; else rc=$$?; fi; \
		cat $$log; \
		p=$$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' $$log | tail -1); \
		f=$$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' $$log | tail -1); \
		passed=$$((passed + $${p:-0})); failed=$$((failed + $${f:-0})); \
		if [ $$rc -ne 0 ] || [ -z "$$p$$f" ]; then broken="$$broken $$(basename $$t)"; fi; \
	done; rm -f $$log; \
	echo "cmocka: $$passed passed, $$failed failed"; \
	if [ -n "$$broken" ]; then echo "!! failed:$$broken"; exit 1; fi
endef

VALGRIND := valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite

.PHONY: test-c test-c-asan test-c-valgrind
TEST_TARGETS += test-c test-c-asan test-c-valgrind

test-c: $(CTEST_plain)
	$(call c_run,C unit tests (cmocka),,$^)

test-c-asan: $(CTEST_asan)
	$(call c_run,C unit tests under ASan+UBSan,ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1,$^)

test-c-valgrind: $(CTEST_plain)
	$(call c_run,C unit tests under valgrind (0 errors, 0 bytes definitely lost),$(VALGRIND),$^)
