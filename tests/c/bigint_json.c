/* {"__bigint__": "<decimal>"} -> fc_bigint_new (bigint_json.h). */
#include "bigint_json.h"

#include "forge_catalog/fc_bigint.h"

json_t *fc_test_bigints(json_t *value)
{
    if (json_is_object(value) && json_object_size(value) == 1 &&
        json_is_string(json_object_get(value, "__bigint__"))) {
        const json_t *text = json_object_get(value, "__bigint__");
        json_t *big = fc_bigint_new(json_string_value(text), json_string_length(text));
        if (big == NULL)
            return value; /* not an integer: leave it as it is */
        json_decref(value);
        return big;
    }
    if (json_is_object(value)) {
        const char *key;
        size_t key_len;
        json_t *member;
        json_object_keylen_foreach(value, key, key_len, member) {
            json_t *done = fc_test_bigints(json_incref(member));
            /* Replacing a member keeps the iteration valid. */
            if (done == NULL || json_object_setn_new_nocheck(value, key, key_len, done) != 0) {
                json_decref(value);
                return NULL;
            }
        }
    } else if (json_is_array(value)) {
        for (size_t i = 0; i < json_array_size(value); i++) {
            json_t *done = fc_test_bigints(json_incref(json_array_get(value, i)));
            if (done == NULL || json_array_set_new(value, i, done) != 0) {
                json_decref(value);
                return NULL;
            }
        }
    }
    return value;
}
