/* Exact comparison of survey numbers: 64-bit integers, big integers
 * (fc_bigint.h) and reals, compared the way Python compares int and float
 * (exactly, never by rounding one to the other), because AWX's checks are
 * Python comparisons (awx-facts.md "Answer validation"). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "survey_internal.h"

int fc_num_read(fc_num *out, const json_t *value)
{
    const char *text;
    size_t len;

    memset(out, 0, sizeof(*out));
    if (json_is_integer(value)) {
        out->kind = FC_NUM_INT;
        out->integer = json_integer_value(value);
        return 1;
    }
    if (json_is_real(value)) {
        out->kind = FC_NUM_REAL;
        out->real = json_real_value(value);
        return 1;
    }
    if (fc_bigint_text(value, &text, &len)) {
        out->kind = FC_NUM_BIG;
        out->text = text;
        out->negative = text[0] == '-';
        out->digits = text + out->negative;
        out->len = len - (size_t)out->negative;
        return 1;
    }
    return 0;
}

fc_num fc_num_of_int(json_int_t value)
{
    fc_num n;
    memset(&n, 0, sizeof(n));
    n.kind = FC_NUM_INT;
    n.integer = value;
    return n;
}

fc_num fc_num_of_real(double value)
{
    fc_num n;
    memset(&n, 0, sizeof(n));
    n.kind = FC_NUM_REAL;
    n.real = value;
    return n;
}

static int sign_of(int c)
{
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

static int compare_magnitude(const char *a, size_t a_len, const char *b, size_t b_len)
{
    if (a_len != b_len)
        return a_len < b_len ? -1 : 1;
    return sign_of(memcmp(a, b, a_len));
}

/* A real against a 64-bit integer, exactly: compare the truncated real,
 * then its fraction. */
static int compare_real_int(double r, json_int_t i)
{
    if (r >= 9223372036854775808.0)
        return 1;
    if (r < -9223372036854775808.0)
        return -1;
    json_int_t t = (json_int_t)r; /* truncates toward zero, exactly in this range */
    double whole = (double)t;
    if (t != i)
        return t < i ? -1 : 1;
    return r > whole ? 1 : (r < whole ? -1 : 0);
}

/* A real against a big integer (|big| > 2**63): only reals at least that
 * large can reach it, and those are whole numbers printed exactly. */
static int compare_real_big(double r, const fc_num *big)
{
    char digits[400]; /* DBL_MAX has 309 digits */
    if (isinf(r))
        return r > 0 ? 1 : -1; /* a float bound beyond the double range */
    if (fabs(r) < 9223372036854775808.0)
        return big->negative ? 1 : -1;
    if ((r < 0) != (big->negative != 0))
        return r < 0 ? -1 : 1;
    int len = snprintf(digits, sizeof(digits), "%.0f", fabs(r));
    int c = compare_magnitude(digits, (size_t)len, big->digits, big->len);
    return big->negative ? -c : c;
}

int fc_num_compare_exact(const fc_num *a, const fc_num *b)
{
    switch (a->kind) {
    case FC_NUM_INT:
        if (b->kind == FC_NUM_INT)
            return a->integer < b->integer ? -1 : (a->integer > b->integer ? 1 : 0);
        if (b->kind == FC_NUM_REAL)
            return -compare_real_int(b->real, a->integer);
        return b->negative ? 1 : -1; /* a big integer lies beyond every int64 */
    case FC_NUM_BIG:
        if (b->kind == FC_NUM_BIG) {
            if (a->negative != b->negative)
                return a->negative ? -1 : 1;
            int c = compare_magnitude(a->digits, a->len, b->digits, b->len);
            return a->negative ? -c : c;
        }
        return -fc_num_compare(b, a);
    case FC_NUM_REAL:
        if (b->kind == FC_NUM_REAL)
            return a->real < b->real ? -1 : (a->real > b->real ? 1 : 0);
        if (b->kind == FC_NUM_INT)
            return compare_real_int(a->real, b->integer);
        return compare_real_big(a->real, b);
    }
    return 0;
}

double fc_num_to_double(const fc_num *n)
{
    switch (n->kind) {
    case FC_NUM_INT:
        return (double)n->integer; /* round to nearest, as Python's float() */
    case FC_NUM_BIG:
        if (n->text != NULL)
            return strtod(n->text, NULL); /* correctly rounded; +-HUGE_VAL beyond */
        if (n->len < 400) {
            /* A view's digits are not NUL-terminated; beyond 309 digits is infinite anyway. */
            char text[402];
            snprintf(text, sizeof(text), "%s%.*s", n->negative ? "-" : "", (int)n->len, n->digits);
            return strtod(text, NULL);
        }
        return n->negative ? -HUGE_VAL : HUGE_VAL;
    case FC_NUM_REAL:
        return n->real;
    }
    return 0.0;
}

void fc_num_format(char *buf, size_t size, const fc_num *n)
{
    switch (n->kind) {
    case FC_NUM_INT:
        snprintf(buf, size, "%" JSON_INTEGER_FORMAT, n->integer);
        return;
    case FC_NUM_BIG:
        /* Digits are ASCII, so cutting them keeps the message valid text. */
        if (n->len > 40)
            snprintf(buf, size, "%s%.20s... (%zu digits)", n->negative ? "-" : "", n->digits,
                     n->len);
        else
            snprintf(buf, size, "%s%.*s", n->negative ? "-" : "", (int)n->len, n->digits);
        return;
    case FC_NUM_REAL:
        /* The shorter form when it reads back as the same number. */
        snprintf(buf, size, "%.15g", n->real);
        if (strtod(buf, NULL) != n->real)
            snprintf(buf, size, "%.17g", n->real);
        return;
    }
    buf[0] = '\0';
}
