/* libFuzzer: launch_data and node_survey_data validation over a workflow's
 * node list. Input (fuzz_common.h framing): flags (bit 2: is_workflow),
 * template survey_spec \0 nodes \0 node_survey_data, where nodes is
 *   [{"node_id": 10, "identifier": "deploy", "survey_spec": {...},
 *     "survey_enabled": true, "ask_variables_on_launch": false}, ...]
 * A node whose survey does not compile runs without one. */
#include "fuzz_survey_checks.h"

#define FUZZ_FLAG_WORKFLOW 0x04u
/* One past the core's limit, so the limit itself is exercised. */
#define FUZZ_MAX_NODES (FC_LIMIT_MAX_NODES + 1)

typedef struct fuzz_nodes {
    fc_launch_node nodes[FUZZ_MAX_NODES];
    fc_survey *surveys[FUZZ_MAX_NODES];
    size_t count;
    int duplicate; /* two nodes share an identifier */
} fuzz_nodes;

static int flag_or(const json_t *node, const char *key, int fallback)
{
    const json_t *value = json_object_get(node, key);
    return json_is_boolean(value) ? json_is_true(value) : fallback;
}

static void nodes_build(fuzz_nodes *out, const json_t *list)
{
    size_t i;
    const json_t *node;

    memset(out, 0, sizeof(*out));
    json_array_foreach(list, i, node) {
        if (out->count == FUZZ_MAX_NODES)
            break;
        const char *identifier = json_string_value(json_object_get(node, "identifier"));
        const json_t *spec = json_object_get(node, "survey_spec");
        fc_launch_node *slot = &out->nodes[out->count];
        slot->node_id = (long long)json_integer_value(json_object_get(node, "node_id"));
        slot->identifier = identifier == NULL ? "" : identifier;
        if (spec != NULL) {
            fc_survey *survey = NULL;
            if (fc_survey_compile(&survey, NULL, spec, flag_or(node, "survey_enabled", 1),
                                  flag_or(node, "ask_variables_on_launch", 0)) == FC_OK)
                out->surveys[out->count] = survey;
        }
        slot->survey = out->surveys[out->count];
        for (size_t j = 0; j < out->count; j++)
            if (strcmp(out->nodes[j].identifier, slot->identifier) == 0)
                out->duplicate = 1;
        out->count++;
    }
}

static void nodes_free(fuzz_nodes *nodes)
{
    for (size_t i = 0; i < nodes->count; i++)
        fc_survey_free(nodes->surveys[i]);
}

static const fc_launch_node *node_named(const fuzz_nodes *nodes, const char *identifier)
{
    for (size_t i = 0; i < nodes->count; i++)
        if (strcmp(nodes->nodes[i].identifier, identifier) == 0)
            return &nodes->nodes[i];
    return NULL;
}

/* The seed's launch_data shape; node_surveys in node order, each a node we
 * gave, with a spec a client may see (password defaults hidden). */
static void check_launch_data(const json_t *launch, const fuzz_nodes *nodes)
{
    static const char *const keys[] = {"is_workflow", "survey_enabled", "survey_spec",
                                       "ask_variables_on_launch", "node_surveys"};
    const json_t *node_surveys = json_object_get(launch, "node_surveys");
    size_t i, next = 0;
    const json_t *entry;

    FUZZ_CHECK(json_is_object(launch));
    for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
        FUZZ_CHECK(json_object_get(launch, keys[i]) != NULL);
    fuzz_check_display_spec(json_object_get(launch, "survey_spec"));
    FUZZ_CHECK(json_is_array(node_surveys));
    FUZZ_CHECK(json_array_size(node_surveys) <= nodes->count);
    json_array_foreach(node_surveys, i, entry) {
        const char *identifier = json_string_value(json_object_get(entry, "identifier"));
        FUZZ_CHECK(identifier != NULL);
        while (next < nodes->count && strcmp(nodes->nodes[next].identifier, identifier) != 0)
            next++;
        FUZZ_CHECK(next < nodes->count);
        FUZZ_CHECK(nodes->nodes[next].survey != NULL);
        FUZZ_CHECK(fc_survey_enabled(nodes->nodes[next].survey));
        FUZZ_CHECK(fc_survey_question_count(nodes->nodes[next].survey) > 0);
        FUZZ_CHECK(json_integer_value(json_object_get(entry, "node_id")) ==
                   nodes->nodes[next].node_id);
        fuzz_check_display_spec(json_object_get(entry, "survey_spec"));
        next++;
    }
}

/* Every accepted entry is a node with a survey, holding exactly what that
 * survey accepts on its own for the same answers. */
static void check_node_answers(const json_t *accepted, const fuzz_nodes *nodes, const json_t *data)
{
    const char *identifier;
    json_t *answers;

    FUZZ_CHECK(json_is_object(accepted));
    json_object_foreach((json_t *)accepted, identifier, answers) {
        const fc_launch_node *node = node_named(nodes, identifier);
        json_t *alone = NULL;
        FUZZ_CHECK(node != NULL && node->survey != NULL);
        int rc = fc_survey_validate(&alone, NULL, node->survey, json_object_get(data, identifier),
                                    "node_survey_data");
        FUZZ_CHECK(rc == FC_OK || rc == FC_ENOMEM);
        if (rc == FC_OK)
            FUZZ_CHECK(json_equal(alone, answers));
        json_decref(alone);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in;
    fuzz_nodes *nodes = NULL;
    fc_survey *survey = NULL;
    fc_errors *errors = NULL;
    json_t *launch = NULL, *accepted = NULL;

    if (fuzz_split(&in, data, size) != 0)
        return 0;
    if (in.parse_failed || fc_errors_new(&errors) != FC_OK)
        goto done;
    nodes = malloc(sizeof(*nodes));
    if (nodes == NULL)
        goto done;
    nodes_build(nodes, in.docs[1]);

    int rc = fc_survey_compile(&survey, NULL, in.docs[0], !(in.flags & FUZZ_FLAG_DISABLED),
                               (in.flags & FUZZ_FLAG_ASK_VARIABLES) != 0);
    FUZZ_CHECK(fuzz_is_known_rc(rc));
    if (rc == FC_OK) {
        rc = fc_launch_data(&launch, survey, (in.flags & FUZZ_FLAG_WORKFLOW) != 0, nodes->nodes,
                            nodes->count);
        FUZZ_CHECK(fuzz_is_known_rc(rc));
        if (nodes->duplicate)
            FUZZ_CHECK(rc != FC_OK);
        if (rc == FC_OK)
            check_launch_data(launch, nodes);
    }

    rc = fc_node_survey_data_validate(&accepted, errors, nodes->nodes, nodes->count, in.docs[2]);
    fuzz_check_errors(errors, rc);
    fuzz_check_paths(errors, "node_survey_data");
    if (rc == FC_OK)
        check_node_answers(accepted, nodes, in.docs[2]);

done:
    json_decref(accepted);
    json_decref(launch);
    fc_survey_free(survey);
    if (nodes != NULL)
        nodes_free(nodes);
    free(nodes);
    fc_errors_free(errors);
    fuzz_input_free(&in);
    return 0;
}
