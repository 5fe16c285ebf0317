/* Byte tests on the answer path, inline: answers, keys and choices are a
 * few bytes long, where a libc call costs more than the test itself (the
 * call, its length dispatch). Word-at-a-time loads go through memcpy of a
 * constant size (one load, no alignment assumed) and never touch a byte
 * outside [text, text + len). */
#ifndef FORGE_CATALOG_FC_BYTES_H
#define FORGE_CATALOG_FC_BYTES_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Beyond this, libc's vector loops win. */
#define FC_BYTES_INLINE_MAX 64

static inline uint64_t fc_bytes_load64(const char *p)
{
    uint64_t w;
    memcpy(&w, p, sizeof(w));
    return w;
}

static inline uint32_t fc_bytes_load32(const char *p)
{
    uint32_t w;
    memcpy(&w, p, sizeof(w));
    return w;
}

/* Non-zero iff some byte of w is 0 (exact as a truth value). */
static inline int fc_bytes_zero64(uint64_t w)
{
    return ((w - UINT64_C(0x0101010101010101)) & ~w & UINT64_C(0x8080808080808080)) != 0;
}

static inline int fc_bytes_zero32(uint32_t w)
{
    return ((w - UINT32_C(0x01010101)) & ~w & UINT32_C(0x80808080)) != 0;
}

/* 1 if the len bytes contain a NUL (PostgreSQL text cannot store one). */
static inline int fc_bytes_have_nul(const char *text, size_t len)
{
    if (len > FC_BYTES_INLINE_MAX)
        return memchr(text, '\0', len) != NULL;
    if (len >= 8) {
        size_t i = 0;
        for (; i + 8 <= len; i += 8) {
            if (fc_bytes_zero64(fc_bytes_load64(text + i)))
                return 1;
        }
        /* The tail as the last 8 bytes (overlapping what was read). */
        return i < len && fc_bytes_zero64(fc_bytes_load64(text + len - 8));
    }
    if (len >= 4)
        return fc_bytes_zero32(fc_bytes_load32(text)) ||
               fc_bytes_zero32(fc_bytes_load32(text + len - 4));
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '\0')
            return 1;
    }
    return 0;
}

/* 1 if a[0..len) and b[0..len) hold the same bytes. */
static inline int fc_bytes_equal(const char *a, const char *b, size_t len)
{
    if (len > FC_BYTES_INLINE_MAX)
        return memcmp(a, b, len) == 0;
    if (len >= 8) {
        size_t i = 0;
        for (; i + 8 <= len; i += 8) {
            if (fc_bytes_load64(a + i) != fc_bytes_load64(b + i))
                return 0;
        }
        return i == len || fc_bytes_load64(a + len - 8) == fc_bytes_load64(b + len - 8);
    }
    if (len >= 4)
        return fc_bytes_load32(a) == fc_bytes_load32(b) &&
               fc_bytes_load32(a + len - 4) == fc_bytes_load32(b + len - 4);
    for (size_t i = 0; i < len; i++) {
        if (a[i] != b[i])
            return 0;
    }
    return 1;
}

/* The first 8 bytes as a big-endian number, zero-padded: comparing two
 * such numbers orders the texts as memcmp does on those bytes. */
static inline uint64_t fc_bytes_prefix(const char *text, size_t len)
{
    unsigned char b[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    if (len >= 8)
        memcpy(b, text, 8);
    else
        for (size_t i = 0; i < len; i++)
            b[i] = (unsigned char)text[i];
    return (uint64_t)b[0] << 56 | (uint64_t)b[1] << 48 | (uint64_t)b[2] << 40 |
           (uint64_t)b[3] << 32 | (uint64_t)b[4] << 24 | (uint64_t)b[5] << 16 |
           (uint64_t)b[6] << 8 | (uint64_t)b[7];
}

#ifdef __cplusplus
}
#endif
#endif
