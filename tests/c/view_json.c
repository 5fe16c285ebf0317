/* jansson -> fc_view for the tests (view_json.h). Every container's views
 * are one malloc each, freed by walking the views again. */
#include "view_json.h"

#include <stdlib.h>
#include <string.h>

#include "forge_catalog/fc_bigint.h"

static int fill(fc_view *out, const json_t *value)
{
    const char *text;
    size_t len;
    memset(out, 0, sizeof(*out));
    if (value == NULL || json_is_null(value)) {
        out->kind = FC_VIEW_NULL;
    } else if (fc_bigint_text(value, &text, &len)) {
        out->kind = FC_VIEW_BIGINT;
        out->as.text = text;
        out->len = len;
    } else if (json_is_boolean(value)) {
        out->kind = FC_VIEW_BOOL;
        out->as.boolean = json_is_true(value);
    } else if (json_is_integer(value)) {
        out->kind = FC_VIEW_INT;
        out->as.integer = json_integer_value(value);
    } else if (json_is_real(value)) {
        out->kind = FC_VIEW_REAL;
        out->as.real = json_real_value(value);
    } else if (json_is_string(value)) {
        out->kind = FC_VIEW_STRING;
        out->as.text = json_string_value(value);
        out->len = json_string_length(value);
    } else if (json_is_array(value)) {
        size_t n = json_array_size(value);
        fc_view *items = calloc(n ? n : 1, sizeof(*items));
        if (items == NULL)
            return -1;
        out->kind = FC_VIEW_LIST;
        out->as.items = items;
        out->len = n;
        for (size_t i = 0; i < n; i++) {
            if (fill(&items[i], json_array_get(value, i)) != 0)
                return -1;
        }
    } else {
        size_t n = json_object_size(value), i = 0;
        fc_view_member *members = calloc(n ? n : 1, sizeof(*members));
        const char *key;
        size_t key_len;
        json_t *member;
        if (members == NULL)
            return -1;
        out->kind = FC_VIEW_OBJECT;
        out->as.members = members;
        out->len = n;
        json_object_keylen_foreach((json_t *)value, key, key_len, member) {
            members[i].key = key;
            members[i].key_len = key_len;
            if (fill(&members[i].value, member) != 0)
                return -1;
            i++;
        }
    }
    return 0;
}

static void release(const fc_view *view)
{
    if (view->kind == FC_VIEW_LIST) {
        for (size_t i = 0; i < view->len; i++)
            release(&view->as.items[i]);
        free((void *)view->as.items);
    } else if (view->kind == FC_VIEW_OBJECT) {
        for (size_t i = 0; i < view->len; i++)
            release(&view->as.members[i].value);
        free((void *)view->as.members);
    }
}

fc_test_view *fc_test_view_new(const json_t *value)
{
    fc_test_view *view = calloc(1, sizeof(*view));
    if (view == NULL)
        return NULL;
    view->value = value;
    if (fill(&view->root, value) != 0) {
        fc_test_view_free(view);
        return NULL;
    }
    if (view->root.kind == FC_VIEW_OBJECT) {
        const char *key;
        json_t *member;
        size_t i = 0;
        view->member = calloc(view->root.len ? view->root.len : 1, sizeof(*view->member));
        if (view->member == NULL) {
            fc_test_view_free(view);
            return NULL;
        }
        json_object_foreach((json_t *)value, key, member)
            view->member[i++] = member;
    }
    return view;
}

void fc_test_view_free(fc_test_view *view)
{
    if (view == NULL)
        return;
    release(&view->root);
    free((void *)view->member);
    free(view);
}

json_t *fc_test_view_apply(const fc_accepted *entries, size_t count, const fc_survey *survey,
                           const fc_test_view *template_vars, const fc_test_view *answers)
{
    json_t *result = json_object();
    for (size_t i = 0; result != NULL && i < count; i++) {
        const char *key = NULL;
        size_t key_len = 0;
        const json_t *value = NULL;
        const fc_test_view *from = NULL;
        if (entries[i].source == FC_ACCEPT_TEMPLATE)
            from = template_vars;
        else if (entries[i].source == FC_ACCEPT_ANSWER)
            from = answers;
        if (from != NULL) {
            key = from->root.as.members[entries[i].index].key;
            key_len = from->root.as.members[entries[i].index].key_len;
            value = from->member[entries[i].index];
        } else if (fc_survey_default(&key, &key_len, &value, survey, entries[i].index) != 0) {
            value = NULL;
        }
        json_t *copy = value != NULL ? json_deep_copy(value) : NULL;
        if (copy == NULL || json_object_setn_new(result, key, key_len, copy) != 0) {
            json_decref(result);
            result = NULL;
        }
    }
    return result;
}
