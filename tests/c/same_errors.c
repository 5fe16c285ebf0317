/* Two error lists compared (same_errors.h). */
#include "same_errors.h"

#include <string.h>

int fc_test_same_errors(const fc_errors *a, const fc_errors *b)
{
    if (fc_errors_count(a) != fc_errors_count(b) ||
        fc_errors_truncated(a) != fc_errors_truncated(b))
        return 0;
    for (size_t i = 0; i < fc_errors_count(a); i++) {
        if (strcmp(fc_errors_path(a, i), fc_errors_path(b, i)) != 0 ||
            strcmp(fc_errors_code(a, i), fc_errors_code(b, i)) != 0 ||
            strcmp(fc_errors_message(a, i), fc_errors_message(b, i)) != 0)
            return 0;
    }
    return 1;
}
