#include "authz_bits.h"

fc_authz_facts fc_test_facts_from_bits(unsigned bits)
{
    int *fields[FC_TEST_FACT_COUNT];
    fc_authz_facts f;
    int n = 0;
    fields[n++] = &f.is_authenticated;
    fields[n++] = &f.is_superuser;
    fields[n++] = &f.is_org_admin;
    fields[n++] = &f.is_org_reader;
    fields[n++] = &f.is_approver_team_member;
    fields[n++] = &f.is_requester;
    fields[n++] = &f.item_enabled;
    fields[n++] = &f.item_has_approver_team;
    fields[n++] = &f.allow_self_approval;
    fields[n++] = &f.is_org_member;
    fields[n++] = &f.is_audience_team_member;
    fields[n++] = &f.item_has_audience_team;
    fields[n++] = &f.is_other_step_team_member;
    fields[n++] = &f.approved_other_step;
    fields[n++] = &f.is_system_auditor;
    fields[n++] = &f.is_org_auditor;
    /* A fact added to the struct must be added here: the sizes agree. */
    _Static_assert(sizeof(fc_authz_facts) == FC_TEST_FACT_COUNT * sizeof(int),
                   "fc_authz_facts has a fact the sweep does not set");
    for (int i = 0; i < n; i++)
        *fields[i] = (bits >> i) & 1;
    return f;
}
