/* Launch data (template survey + node surveys) and node_survey_data.
 * awx-facts.md "Workflow nodes": a node's survey is the survey of the JT it
 * runs, when that JT has survey_enabled; node_survey_data is keyed by node
 * identifier and its answers reach that node only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "survey_internal.h"

static int has_survey(const fc_launch_node *node)
{
    return node->survey != NULL && node->survey->enabled && node->survey->count > 0;
}

static int compare_node(const void *a, const void *b)
{
    const fc_launch_node *na = *(const fc_launch_node *const *)a;
    const fc_launch_node *nb = *(const fc_launch_node *const *)b;
    return strcmp(na->identifier, nb->identifier);
}

/* Checks the caller's node list (identifiers present, bounded, unique) and
 * returns it sorted by identifier for lookups. */
static int index_nodes(const fc_launch_node ***out, const fc_launch_node *nodes, size_t count)
{
    size_t with_survey = 0;

    *out = NULL;
    if (nodes == NULL && count > 0)
        return FC_EINVAL;
    for (size_t i = 0; i < count; i++) {
        if (nodes[i].identifier == NULL ||
            strnlen(nodes[i].identifier, FC_LIMIT_MAX_IDENTIFIER_LEN + 1) >
                FC_LIMIT_MAX_IDENTIFIER_LEN)
            return FC_EINVAL;
        with_survey += has_survey(&nodes[i]);
    }
    if (with_survey > FC_LIMIT_MAX_NODES)
        return FC_ELIMIT;
    const fc_launch_node **sorted = calloc(count ? count : 1, sizeof(*sorted));
    if (sorted == NULL)
        return FC_ENOMEM;
    for (size_t i = 0; i < count; i++)
        sorted[i] = &nodes[i];
    if (count > 1)
        qsort(sorted, count, sizeof(*sorted), compare_node);
    for (size_t i = 1; i < count; i++) {
        if (strcmp(sorted[i - 1]->identifier, sorted[i]->identifier) == 0) {
            free(sorted);
            return FC_EINVAL; /* identifiers are unique per workflow in the controller */
        }
    }
    *out = sorted;
    return 0;
}

static const fc_launch_node *find_node(const fc_launch_node **sorted, size_t count, const char *key,
                                       size_t key_len)
{
    if (strlen(key) != key_len)
        return NULL; /* an embedded NUL never names a node */
    size_t lo = 0, hi = count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(key, sorted[mid]->identifier);
        if (c == 0)
            return sorted[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

static json_t *node_entry(const fc_launch_node *node)
{
    json_t *spec = NULL;
    if (fc_survey_display_spec(&spec, node->survey) != 0)
        return NULL;
    return json_pack("{s:I, s:s, s:o}", "node_id", (json_int_t)node->node_id, "identifier",
                     node->identifier, "survey_spec", spec);
}

int fc_launch_data(json_t **out_launch_data, const fc_survey *template_survey, int is_workflow,
                   const fc_launch_node *nodes, size_t node_count)
{
    const fc_launch_node **sorted;
    json_t *spec = NULL;
    int rc;

    if (out_launch_data == NULL)
        return FC_EINVAL;
    *out_launch_data = NULL;
    /* Only a workflow has nodes. */
    if (template_survey == NULL || (!is_workflow && node_count > 0))
        return FC_EINVAL;
    rc = index_nodes(&sorted, nodes, node_count);
    if (rc != 0)
        return rc;
    free(sorted);
    rc = fc_survey_display_spec(&spec, template_survey);
    if (rc != 0)
        return rc;
    json_t *node_surveys = json_array();
    json_t *data =
        json_pack("{s:b, s:b, s:o, s:b, s:o}", "is_workflow", is_workflow != 0, "survey_enabled",
                  template_survey->enabled, "survey_spec", spec, "ask_variables_on_launch",
                  template_survey->ask_variables, "node_surveys", node_surveys);
    if (data == NULL)
        return FC_ENOMEM; /* json_pack's "o" consumed spec and node_surveys */
    for (size_t i = 0; i < node_count; i++) {
        if (!has_survey(&nodes[i]))
            continue;
        if (json_array_append_new(node_surveys, node_entry(&nodes[i])) != 0) {
            json_decref(data);
            return FC_ENOMEM;
        }
    }
    *out_launch_data = data;
    return 0;
}

/* Checks the keys of node_survey_data against the workflow's nodes. */
static int check_keys(fc_errors *errors, const fc_launch_node **sorted, size_t count,
                      const json_t *data, int *bad)
{
    char path[FC_LIMIT_MAX_PATH + 1];
    const char *key;
    size_t key_len;
    json_t *answers;

    json_object_keylen_foreach((json_t *)data, key, key_len, answers) {
        const fc_launch_node *node = find_node(sorted, count, key, key_len);
        int rc = 0;
        int shown = key_len > 200 ? 200 : (int)key_len;
        fc_path_join(path, sizeof(path), "node_survey_data", key, key_len);
        if (fc_has_nul(key, key_len)) {
            /* printf would cut the key at the NUL and name another node. */
            *bad = 1;
            rc = fc_errors_add(errors, "node_survey_data", FC_CHECK_INVALID,
                               "node identifiers must not contain NUL characters");
        } else if (node == NULL) {
            *bad = 1;
            rc = fc_errors_add(errors, path, FC_CHECK_UNKNOWN,
                               "'%.*s' is not a node of this workflow", shown, key);
        } else if (!json_is_null(answers) && !json_is_object(answers)) {
            *bad = 1;
            rc = fc_errors_add(errors, path, FC_CHECK_TYPE,
                               "the answers for node '%.*s' must be an object", shown, key);
        } else if (!has_survey(node) && json_object_size(answers) > 0) {
            *bad = 1;
            rc = fc_errors_add(errors, path, FC_CHECK_UNKNOWN, "node '%.*s' has no survey", shown,
                               key);
        }
        if (rc != 0)
            return rc;
    }
    return 0;
}

static int validate_nodes(json_t *accepted, fc_errors *errors, const fc_launch_node *nodes,
                          size_t count, const json_t *data, int *bad)
{
    char prefix[FC_LIMIT_MAX_PATH + 1];

    for (size_t i = 0; i < count; i++) {
        const fc_launch_node *node = &nodes[i];
        const json_t *answers = json_object_get(data, node->identifier);
        json_t *node_accepted = NULL;
        if (!has_survey(node) ||
            (answers != NULL && !json_is_null(answers) && !json_is_object(answers)))
            continue;
        snprintf(prefix, sizeof(prefix), "node_survey_data.%s", node->identifier);
        int rc = fc_survey_validate(&node_accepted, errors, node->survey, answers, prefix);
        if (rc == FC_EVALIDATION) {
            *bad = 1;
            continue;
        }
        if (rc != 0)
            return rc;
        if (json_object_set_new(accepted, node->identifier, node_accepted) != 0)
            return FC_ENOMEM;
    }
    return 0;
}

int fc_node_survey_data_validate(json_t **out_accepted, fc_errors *errors,
                                 const fc_launch_node *nodes, size_t node_count,
                                 const json_t *node_survey_data)
{
    const fc_launch_node **sorted = NULL;
    json_t *accepted = NULL;
    int bad = 0, rc;

    if (out_accepted == NULL)
        return FC_EINVAL;
    *out_accepted = NULL;
    rc = index_nodes(&sorted, nodes, node_count);
    if (rc != 0)
        return rc;
    if (json_is_null(node_survey_data))
        node_survey_data = NULL;
    if (node_survey_data != NULL && !json_is_object(node_survey_data)) {
        rc = fc_errors_add(errors, "node_survey_data", FC_CHECK_TYPE,
                           "node_survey_data must be an object keyed by node identifier");
        bad = 1;
        goto done;
    }
    if (json_object_size(node_survey_data) > FC_LIMIT_MAX_NODES) {
        rc = fc_errors_add(errors, "node_survey_data", FC_CHECK_LIMIT,
                           "node_survey_data may name at most %d nodes", FC_LIMIT_MAX_NODES);
        bad = 1;
        goto done;
    }
    accepted = json_object();
    if (accepted == NULL) {
        rc = FC_ENOMEM;
        goto done;
    }
    if (node_survey_data != NULL)
        rc = check_keys(errors, sorted, node_count, node_survey_data, &bad);
    if (rc == 0)
        rc = validate_nodes(accepted, errors, nodes, node_count, node_survey_data, &bad);
done:
    free(sorted);
    if (rc == 0 && bad)
        rc = FC_EVALIDATION;
    if (rc != 0) {
        json_decref(accepted);
        return rc;
    }
    *out_accepted = accepted;
    return 0;
}
