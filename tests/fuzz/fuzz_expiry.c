/* libFuzzer: fc_expiry_decide and fc_expiry_check_policy on arbitrary
 * numbers. Input: five little-endian int64 (expire_after, remind_every,
 * now, step_entered_at, last_reminded_at), then one byte each for the
 * outcome and auto_approve_allowed; short inputs are zero-padded. Checks
 * the promises of fc_expiry.h, not just the absence of crashes and UB. */
#include <string.h>

#include "fuzz_common.h"
#include "errors_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static long long take(const uint8_t *bytes)
{
    unsigned long long value = 0;
    for (int i = 7; i >= 0; i--)
        value = (value << 8) | bytes[i];
    long long out;
    memcpy(&out, &value, sizeof(out));
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t buf[42] = {0};
    memcpy(buf, data, size < sizeof(buf) ? size : sizeof(buf));
    fc_expiry_policy policy = {take(buf), take(buf + 8), (fc_expiry_outcome)(buf[40] % 4),
                               buf[41] & 1};
    fc_expiry_clock clock = {take(buf + 16), take(buf + 24), take(buf + 32)};
    fc_expiry_decision d = {FC_TICK__COUNT, -7, -7, -7};

    int rc = fc_expiry_decide(&d, &policy, &clock);
    int bad = policy.expire_after < 0 || policy.remind_every < 0 || clock.now < 0 ||
              clock.step_entered_at < 0;
    FUZZ_CHECK(rc == (bad ? FC_EINVAL : 0));
    if (rc == 0) {
        FUZZ_CHECK((unsigned)d.action < FC_TICK__COUNT);
        FUZZ_CHECK(d.expired == (d.action == FC_TICK_EXPIRE));
        FUZZ_CHECK((d.expires_at >= 0) == (policy.expire_after > 0));
        if (d.expires_at >= 0)
            FUZZ_CHECK(d.expires_at >= clock.step_entered_at);
        if (d.expired)
            FUZZ_CHECK(d.next_remind_at < 0);
        if (d.next_remind_at >= 0 && d.expires_at >= 0)
            FUZZ_CHECK(d.next_remind_at < d.expires_at);
        if (policy.remind_every == 0)
            FUZZ_CHECK(d.action != FC_TICK_REMIND && d.next_remind_at < 0);
    } else {
        FUZZ_CHECK(d.action == FC_TICK__COUNT && d.expired == -7);
    }

    fc_errors *errors = NULL;
    if (fc_errors_new(&errors) != FC_OK)
        return 0;
    rc = fc_expiry_check_policy(errors, &policy);
    fuzz_check_errors(errors, rc);
    FUZZ_CHECK(fc_expiry_check_policy(NULL, &policy) == rc);
    if ((unsigned)policy.outcome >= FC_EXPIRY__COUNT)
        FUZZ_CHECK(rc == FC_EINVAL);
    fc_errors_free(errors);
    return 0;
}
