# Static checks: clang-format (style in .clang-format), cppcheck, ruff.
# `make lint` only reports; `make lint-fix` rewrites the C files in place.

LINT_C_FILES = $(sort $(wildcard csrc/include/forge_catalog/*.h csrc/core/*.c csrc/core/*.h \
	csrc/python/*.c csrc/python/*.h tests/c/*.c tests/c/*.h tests/fuzz/*.c tests/fuzz/*.h bench/*.c))
LINT_PY_DIRS := forge_catalog tests bench
LINT_DIR := $(BUILD)/lint

# cppcheck reads jansson.h (json_t, json_*_foreach are macros it must see) but
# no other system header: those come from its posix/python library files, and
# parsing glibc's or Python.h's own headers only produces noise.
CPPCHECK_FLAGS := --error-exitcode=1 --enable=warning,portability,performance --inline-suppr \
	--std=c11 --quiet -D_POSIX_C_SOURCE=200809L --suppress=missingIncludeSystem \
	--library=posix --library=python --library=cppcheck.cfg \
	-Icsrc/include -Icsrc/core -Icsrc/python -I$(LINT_DIR)/jansson

.PHONY: lint lint-format lint-cppcheck lint-ruff lint-fix
lint: lint-format lint-cppcheck lint-ruff
	@echo "== make lint: clang-format, cppcheck and ruff found nothing"

lint-format: | sysdeps
	@echo "== clang-format --dry-run on $(words $(LINT_C_FILES)) C files"
	@clang-format --dry-run --Werror $(LINT_C_FILES)

$(LINT_DIR)/jansson/jansson.h: | sysdeps
	@mkdir -p $(@D)
	@inc=$$(pkg-config --variable=includedir jansson 2>/dev/null || echo /usr/include); \
		ln -sf $$inc/jansson.h $$inc/jansson_config.h $(@D)/

lint-cppcheck: $(LINT_DIR)/jansson/jansson.h | sysdeps
	@echo "== cppcheck on csrc/ tests/fuzz/ bench/"
	cppcheck $(CPPCHECK_FLAGS) csrc/ tests/fuzz/ $(wildcard bench/*.c)

lint-ruff: $(STAMPS)/venv
	@echo "== ruff check $(LINT_PY_DIRS)"
	$(VENV)/bin/ruff check $(LINT_PY_DIRS)

# For the final format pass: rewrites files of every owner.
lint-fix: | sysdeps
	clang-format -i $(LINT_C_FILES)
