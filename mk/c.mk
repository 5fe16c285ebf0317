# libforgecatalog and its cmocka suites: plain, ASan+UBSan, valgrind.

C_STD := -std=c11 -D_POSIX_C_SOURCE=200809L
C_WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
JANSSON_LIBS := -ljansson
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

define c_flavour
$(BUILD)/c/$(1)/ctest_%: tests/c/test_%.c $(CTEST_SUPPORT) $(CORE_SRC) $(CORE_HDR) $(CTEST_HDR) | sysdeps
	@mkdir -p $$(@D)
	$$(CC_$(1)) $(C_STD) $(C_WARN) $$(CFLAGS_$(1)) $(C_INC) -Itests/c -o $$@ \
		$$< $(CTEST_SUPPORT) $(CORE_SRC) $(JANSSON_LIBS) -lcmocka $$(CTEST_LDFLAGS_$$*)
endef
$(foreach f,$(C_FLAVOURS),$(eval $(call c_flavour,$(f))))

CTEST_NAMES := $(patsubst tests/c/test_%.c,%,$(CTEST_SRC))
CTEST_plain := $(addprefix $(BUILD)/c/plain/ctest_,$(CTEST_NAMES))
CTEST_asan := $(addprefix $(BUILD)/c/asan/ctest_,$(CTEST_NAMES))

# Each suite prints cmocka's summary; the fixture sweep needs the fixtures dir.
export FC_FIXTURES := $(CURDIR)/tests/fixtures

.PHONY: test-c test-c-asan test-c-valgrind
TEST_TARGETS += test-c test-c-asan test-c-valgrind

test-c: $(CTEST_plain)
	@echo "== C unit tests (cmocka)"
	@for t in $^; do echo "-- $$t"; $$t; done

test-c-asan: $(CTEST_asan)
	@echo "== C unit tests under ASan+UBSan"
	@for t in $^; do echo "-- $$t"; ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 $$t; done

test-c-valgrind: $(CTEST_plain)
	@echo "== C unit tests under valgrind (0 errors, 0 bytes definitely lost)"
	@for t in $^; do echo "-- $$t"; valgrind -q --error-exitcode=99 --leak-check=full \
		--errors-for-leak-kinds=definite $$t > /dev/null; done
