/* Text formats (docs/forms.md "Formats"): strict, byte-wise, locale-free
 * checks in one pass over the text. */
#include <stdint.h>
#include <string.h>

#include "form_internal.h"

static const char *const format_names[FC_FORMAT__COUNT] = {[FC_FORMAT_NONE] = "",
#define FC_FORMAT_TEXT_(name, text) [FC_FORMAT_##name] = text,
                                                           FC_FORMAT_LIST(FC_FORMAT_TEXT_)
#undef FC_FORMAT_TEXT_
};

fc_format fc_format_lookup(const char *name, size_t len)
{
    for (int f = FC_FORMAT_NONE + 1; f < FC_FORMAT__COUNT; f++)
        if (strlen(format_names[f]) == len && memcmp(format_names[f], name, len) == 0)
            return (fc_format)f;
    return FC_FORMAT_NONE;
}

const char *fc_format_name(fc_format format)
{
    return (unsigned)format < FC_FORMAT__COUNT ? format_names[format] : "";
}

const char *fc_format_describe(fc_format format)
{
    switch (format) {
    case FC_FORMAT_DATE:
        return "a date (YYYY-MM-DD)";
    case FC_FORMAT_DATETIME:
        return "a date and time (YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM])";
    case FC_FORMAT_EMAIL:
        return "an email address";
    case FC_FORMAT_HOSTNAME:
        return "a host name";
    case FC_FORMAT_IPV4:
        return "an IPv4 address";
    case FC_FORMAT_IPV6:
        return "an IPv6 address";
    case FC_FORMAT_CIDR:
        return "a network in CIDR notation (address/prefix)";
    case FC_FORMAT_URL:
        return "a URL (scheme://host...)";
    default:
        return "valid";
    }
}

static int digit(char c)
{
    return c >= '0' && c <= '9';
}

static int hex(char c)
{
    return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* n digits at s as a number, or -1. */
static long digits(const char *s, size_t n)
{
    long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!digit(s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static int leap(long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil). */
static int64_t days_from_civil(long y, long m, long d)
{
    y -= m <= 2;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const long yoe = y - era * 400;
    const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int64_t)era * 146097 + doe - 719468;
}

/* YYYY-MM-DD, year 0001-9999, a real calendar day. */
static int read_date(const char *s, size_t len, int64_t *days)
{
    static const int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (len != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    long y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
    if (y < 1 || m < 1 || m > 12 || d < 1)
        return 0;
    if (d > month_days[m - 1] + (m == 2 && leap(y)))
        return 0;
    *days = days_from_civil(y, m, d);
    return 1;
}

/* YYYY-MM-DD[T ]HH:MM[:SS[.fraction]][Z|z|+HH:MM|-HH:MM]; no zone means UTC. */
static int read_datetime(const char *s, size_t len, int64_t *seconds)
{
    int64_t days;
    if (len < 16 || !read_date(s, 10, &days) || (s[10] != 'T' && s[10] != 't' && s[10] != ' '))
        return 0;
    long hh = digits(s + 11, 2), mm = digits(s + 14, 2), ss = 0;
    if (s[13] != ':' || hh < 0 || hh > 23 || mm < 0 || mm > 59)
        return 0;
    size_t i = 16;
    if (i < len && s[i] == ':') {
        if (len < i + 3 || (ss = digits(s + i + 1, 2)) < 0 || ss > 59)
            return 0;
        i += 3;
        if (i < len && s[i] == '.') {
            size_t start = ++i;
            while (i < len && digit(s[i]))
                i++;
            if (i == start || i - start > 9)
                return 0;
        }
    }
    long offset = 0;
    if (i < len && (s[i] == 'Z' || s[i] == 'z')) {
        i++;
    } else if (i < len && (s[i] == '+' || s[i] == '-')) {
        long oh = len >= i + 6 ? digits(s + i + 1, 2) : -1;
        long om = len >= i + 6 ? digits(s + i + 4, 2) : -1;
        if (oh < 0 || oh > 23 || om < 0 || om > 59 || s[i + 3] != ':')
            return 0;
        offset = (oh * 60 + om) * 60 * (s[i] == '+' ? 1 : -1);
        i += 6;
    }
    if (i != len)
        return 0;
    *seconds = days * 86400 + hh * 3600 + mm * 60 + ss - offset;
    return 1;
}

/* One DNS label (RFC 1123): 1-63 of letters, digits, '-', not at the ends. */
static int label_ok(const char *s, size_t len)
{
    if (len == 0 || len > 63 || s[0] == '-' || s[len - 1] == '-')
        return 0;
    for (size_t i = 0; i < len; i++)
        if (!alpha(s[i]) && !digit(s[i]) && s[i] != '-')
            return 0;
    return 1;
}

static int hostname_ok(const char *s, size_t len)
{
    if (len == 0 || len > 253)
        return 0;
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || s[i] == '.') {
            if (!label_ok(s + start, i - start))
                return 0;
            start = i + 1;
        }
    }
    return 1;
}

/* Dotted quad, each 0-255 without leading zeros; bytes into out (4). */
static int ipv4_read(const char *s, size_t len, unsigned char *out)
{
    size_t i = 0;
    for (int part = 0; part < 4; part++) {
        size_t start = i;
        long v = 0;
        while (i < len && digit(s[i]) && i - start < 3)
            v = v * 10 + (s[i++] - '0');
        if (i == start || v > 255 || (s[start] == '0' && i - start > 1))
            return 0;
        out[part] = (unsigned char)v;
        if (part < 3) {
            if (i >= len || s[i] != '.')
                return 0;
            i++;
        }
    }
    return i == len;
}

/* RFC 4291 text form (one "::", optional trailing IPv4); bytes into out (16). */
static int ipv6_read(const char *s, size_t len, unsigned char *out)
{
    unsigned char words[16] = {0};
    size_t count = 0, i = 0; /* bytes written */
    long gap = -1;           /* byte position of "::" */

    if (len < 2 || len > 45)
        return 0;
    if (s[0] == ':') {
        if (s[1] != ':')
            return 0;
        gap = 0;
        i = 2;
    }
    while (i < len) {
        if (count >= 16)
            return 0;
        size_t start = i;
        while (i < len && hex(s[i]) && i - start < 5)
            i++;
        if (i < len && s[i] == '.') { /* embedded IPv4 ends the address */
            if (count > 12 || !ipv4_read(s + start, len - start, words + count))
                return 0;
            count += 4;
            i = len;
            break;
        }
        if (i == start || i - start > 4)
            return 0;
        unsigned v = 0;
        for (size_t k = start; k < i; k++)
            v = v * 16 + (unsigned)(digit(s[k]) ? s[k] - '0' : (s[k] | 0x20) - 'a' + 10);
        words[count++] = (unsigned char)(v >> 8);
        words[count++] = (unsigned char)v;
        if (i == len)
            break;
        if (s[i] != ':')
            return 0;
        i++;
        if (i < len && s[i] == ':') {
            if (gap >= 0)
                return 0;
            gap = (long)count;
            i++;
        } else if (i == len) {
            return 0; /* a trailing single ':' */
        }
    }
    if (gap < 0 ? count != 16 : count > 14)
        return 0;
    memset(out, 0, 16);
    if (gap < 0) {
        memcpy(out, words, 16);
    } else {
        memcpy(out, words, (size_t)gap);
        memcpy(out + 16 - (count - (size_t)gap), words + gap, count - (size_t)gap);
    }
    return 1;
}

/* address/prefix with no host bit set (Python's ip_network(strict=True)). */
static int cidr_ok(const char *s, size_t len)
{
    const char *slash = memchr(s, '/', len);
    if (slash == NULL)
        return 0;
    size_t addr_len = (size_t)(slash - s), plen_len = len - addr_len - 1;
    unsigned char bytes[16];
    int bits;
    if (ipv4_read(s, addr_len, bytes))
        bits = 32;
    else if (ipv6_read(s, addr_len, bytes))
        bits = 128;
    else
        return 0;
    if (plen_len == 0 || plen_len > 3 || (plen_len > 1 && slash[1] == '0'))
        return 0;
    long prefix = digits(slash + 1, plen_len);
    if (prefix < 0 || prefix > bits)
        return 0;
    for (int b = (int)prefix; b < bits; b++)
        if (bytes[b / 8] & (0x80 >> (b % 8)))
            return 0;
    return 1;
}

/* local@domain: dot-atom local part (RFC 5322 atext), host-name domain. */
static int email_ok(const char *s, size_t len)
{
    static const char atext[] = "!#$%&'*+-/=?^_`{|}~";
    const char *at = len > 0 ? memchr(s, '@', len) : NULL;
    if (at == NULL || len > 254)
        return 0;
    size_t local = (size_t)(at - s);
    if (local == 0 || local > 64 || s[0] == '.' || s[local - 1] == '.')
        return 0;
    for (size_t i = 0; i < local; i++) {
        char c = s[i];
        if (c == '.' && s[i + 1] == '.')
            return 0;
        if (!alpha(c) && !digit(c) && c != '.' && (c == '\0' || strchr(atext, c) == NULL))
            return 0;
    }
    const char *domain = at + 1;
    size_t domain_len = len - local - 1;
    return memchr(domain, '.', domain_len) != NULL && hostname_ok(domain, domain_len);
}

/* scheme://authority[/path][?query][#fragment]: authority is a host name,
 * an IPv4 address or [IPv6], with an optional port 1-65535; no spaces or
 * control characters anywhere. */
static int url_ok(const char *s, size_t len)
{
    size_t i = 0;
    if (len == 0 || len > 2048 || !alpha(s[0]))
        return 0;
    for (size_t k = 0; k < len; k++)
        if ((unsigned char)s[k] <= 0x20 || s[k] == 0x7f)
            return 0;
    while (i < len && (alpha(s[i]) || digit(s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.'))
        i++;
    if (len < i + 3 || memcmp(s + i, "://", 3) != 0)
        return 0;
    i += 3;
    size_t start = i;
    while (i < len && s[i] != '/' && s[i] != '?' && s[i] != '#')
        i++;
    const char *host = s + start;
    size_t host_len = i - start;
    if (memchr(host, '@', host_len) != NULL)
        return 0; /* credentials in a URL are refused (they would be stored in clear) */
    const char *port = NULL;
    size_t port_len = 0;
    unsigned char bytes[16];
    if (host_len > 0 && host[0] == '[') {
        const char *close = memchr(host, ']', host_len);
        if (close == NULL || !ipv6_read(host + 1, (size_t)(close - host) - 1, bytes))
            return 0;
        size_t used = (size_t)(close - host) + 1;
        if (used < host_len) {
            if (host[used] != ':')
                return 0;
            port = host + used + 1;
            port_len = host_len - used - 1;
        }
    } else {
        const char *colon = memchr(host, ':', host_len);
        if (colon != NULL) {
            port = colon + 1;
            port_len = host_len - (size_t)(colon - host) - 1;
            host_len = (size_t)(colon - host);
        }
        if (!ipv4_read(host, host_len, bytes) && !hostname_ok(host, host_len))
            return 0;
    }
    if (port != NULL) {
        long p = port_len >= 1 && port_len <= 5 ? digits(port, port_len) : -1;
        if (p < 1 || p > 65535)
            return 0;
    }
    return 1;
}

int fc_format_check(fc_format format, const char *text, size_t len, int64_t *out_when)
{
    int64_t when = 0;
    unsigned char bytes[16];
    int ok = 0;
    switch (format) {
    case FC_FORMAT_DATE:
        ok = read_date(text, len, &when);
        break;
    case FC_FORMAT_DATETIME:
        ok = read_datetime(text, len, &when);
        break;
    case FC_FORMAT_EMAIL:
        ok = email_ok(text, len);
        break;
    case FC_FORMAT_HOSTNAME:
        ok = hostname_ok(text, len);
        break;
    case FC_FORMAT_IPV4:
        ok = ipv4_read(text, len, bytes);
        break;
    case FC_FORMAT_IPV6:
        ok = ipv6_read(text, len, bytes);
        break;
    case FC_FORMAT_CIDR:
        ok = cidr_ok(text, len);
        break;
    case FC_FORMAT_URL:
        ok = url_ok(text, len);
        break;
    default:
        return 1;
    }
    if (ok && out_when != NULL && (format == FC_FORMAT_DATE || format == FC_FORMAT_DATETIME))
        *out_when = when;
    return ok;
}
