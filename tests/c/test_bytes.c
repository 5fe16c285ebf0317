/* The inline byte tests of the answer path (fc_bytes.h) against libc on
 * every length up to past the inline bound, with the byte that matters at
 * every position, and each text placed at the very end of its buffer (read
 * under valgrind/ASan, a load past it would be reported). */
#include <stdlib.h>
#include <string.h>

#include "forge_catalog/fc_bytes.h"
#include "harness.h"

#define LONGEST (FC_BYTES_INLINE_MAX + 9)

/* A heap copy of len bytes with nothing after them. */
static char *exact_copy(const char *text, size_t len)
{
    char *copy = malloc(len ? len : 1);
    assert_non_null(copy);
    memcpy(copy, text, len);
    return copy;
}

static void nul_at_every_place(void **state)
{
    (void)state;
    char text[LONGEST];
    for (size_t len = 0; len <= LONGEST; len++) {
        memset(text, 'x', sizeof(text));
        char *clean = exact_copy(text, len);
        assert_int_equal(fc_bytes_have_nul(clean, len), 0);
        free(clean);
        for (size_t at = 0; at < len; at++) {
            memset(text, 'x', sizeof(text));
            text[at] = '\0';
            char *copy = exact_copy(text, len);
            assert_int_equal(fc_bytes_have_nul(copy, len), 1);
            free(copy);
            text[at] = (char)0x80; /* a high byte is not a NUL (borrows in the word trick) */
            copy = exact_copy(text, len);
            assert_int_equal(fc_bytes_have_nul(copy, len), 0);
            free(copy);
        }
    }
}

static void equal_as_memcmp(void **state)
{
    (void)state;
    char a[LONGEST], b[LONGEST];
    for (size_t len = 0; len <= LONGEST; len++) {
        for (size_t i = 0; i < len; i++)
            a[i] = b[i] = (char)('a' + i % 26);
        char *x = exact_copy(a, len), *y = exact_copy(b, len);
        assert_int_equal(fc_bytes_equal(x, y, len), 1);
        free(x);
        free(y);
        for (size_t at = 0; at < len; at++) {
            b[at] ^= 0x01;
            x = exact_copy(a, len);
            y = exact_copy(b, len);
            assert_int_equal(fc_bytes_equal(x, y, len), memcmp(x, y, len) == 0);
            assert_int_equal(fc_bytes_equal(x, y, len), 0);
            free(x);
            free(y);
            b[at] ^= 0x01;
        }
    }
}

static int sign(int c)
{
    return (c > 0) - (c < 0);
}

/* Unequal prefixes order as memcmp orders the first 8 bytes (zero-padded). */
static void prefix_orders_as_memcmp(void **state)
{
    (void)state;
    static const char *const texts[] = {"",         "a",         "ab",       "abc\xff",
                                        "abcdefgh", "abcdefghi", "abcdefgz", "b",
                                        "\xff",     "\x7f\x80",  "option 3", "option 30"};
    size_t n = sizeof(texts) / sizeof(texts[0]);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) {
            unsigned char pa[8] = {0}, pb[8] = {0};
            size_t la = strlen(texts[i]), lb = strlen(texts[j]);
            memcpy(pa, texts[i], la < 8 ? la : 8);
            memcpy(pb, texts[j], lb < 8 ? lb : 8);
            uint64_t a = fc_bytes_prefix(texts[i], la), b = fc_bytes_prefix(texts[j], lb);
            assert_int_equal((a > b) - (a < b), sign(memcmp(pa, pb, 8)));
        }
    }
    char *tail = exact_copy("xyz", 3); /* shorter than 8: no byte past it is read */
    assert_true(fc_bytes_prefix(tail, 3) == UINT64_C(0x78797a0000000000));
    free(tail);
}

static const struct CMUnitTest bytes_tests[] = {
    cmocka_unit_test(nul_at_every_place),
    cmocka_unit_test(equal_as_memcmp),
    cmocka_unit_test(prefix_orders_as_memcmp),
};

FC_TEST_MAIN(bytes_tests)
