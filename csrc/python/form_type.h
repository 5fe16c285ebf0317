/* The heap type Form: a Survey with a catalog item's overlay (fc_form.h). */
#ifndef FCPY_FORM_TYPE_H
#define FCPY_FORM_TYPE_H

#include "forge_catalog/fc_form.h"
#include "state.h"

/* Its spec; module.c creates the type with PyType_FromModuleAndSpec. */
extern PyType_Spec fcpy_form_spec;

#endif
