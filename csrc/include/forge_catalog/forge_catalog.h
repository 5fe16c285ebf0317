/* libforgecatalog: every decision forge-catalog makes, as pure C11.
 * One header per concern; this one includes them all. */
#ifndef FORGE_CATALOG_H
#define FORGE_CATALOG_H

#include "fc_errors.h"
#include "fc_bigint.h"
#include "fc_limits.h"
#include "fc_status.h"
#include "fc_expiry.h"
#include "fc_authz.h"
#include "fc_approval.h"
#include "fc_catalog.h"
#include "fc_notify.h"
#include "fc_survey.h"
#include "fc_form.h"
#include "fc_view.h"
#include "fc_answers.h"

#endif
