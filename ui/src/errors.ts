// Server field errors -> the dialog's steps and fields. Paths are the core's:
// "justification", "extra_vars.<var>", "node_survey_data.<identifier>.<var>".

export interface FieldError {
  path: string;
  message: string;
  code?: string;
}

// Accepts {errors: [{path, message}]} (the core's list) and DRF's nested dicts.
export function fieldErrors(body: unknown): FieldError[] {
  const out: FieldError[] = [];
  if (!body || typeof body !== 'object') return out;
  const b = body as Record<string, unknown>;
  if (Array.isArray(b.errors)) {
    for (const e of b.errors) {
      if (e && typeof e === 'object') {
        const r = e as Record<string, unknown>;
        out.push({
          path: String(r.path ?? ''),
          message: String(r.message ?? r.code ?? 'Invalid.'),
          code: r.code === undefined ? undefined : String(r.code),
        });
      }
    }
    return out;
  }
  const walk = (v: unknown, path: string): void => {
    if (typeof v === 'string') out.push({ path, message: v });
    else if (Array.isArray(v)) v.forEach((x) => walk(x, path));
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        const general = k === 'non_field_errors' || k === 'detail';
        walk(x, general ? path : path ? `${path}.${k}` : k);
      }
    }
  };
  walk(b, '');
  return out;
}

export interface Located {
  step: string; // "justification", "survey", "node:<identifier>" or "confirm"
  field: string | null; // variable name, or null for a step-wide message
  message: string;
}

export function locate(e: FieldError, nodeIds: string[]): Located {
  const p = e.path;
  if (p === 'justification' || p.startsWith('justification.')) {
    return { step: 'justification', field: 'justification', message: e.message };
  }
  if (p === 'extra_vars' || p.startsWith('extra_vars.')) {
    const field = p.length > 'extra_vars.'.length ? p.slice('extra_vars.'.length) : null;
    return { step: 'survey', field, message: e.message };
  }
  if (p.startsWith('node_survey_data.')) {
    const rest = p.slice('node_survey_data.'.length);
    // identifiers may contain dots: match the longest known identifier prefix
    const ident = nodeIds
      .filter((id) => rest === id || rest.startsWith(id + '.'))
      .sort((a, b) => b.length - a.length)[0];
    if (ident !== undefined) {
      const field = rest.length > ident.length ? rest.slice(ident.length + 1) : null;
      return { step: `node:${ident}`, field, message: e.message };
    }
  }
  return { step: 'confirm', field: null, message: e.message };
}

// The field of the template step that holds the free-form extra variables
// (not a valid survey variable name, so it never clashes with one).
export const EXTRA_VARS_FIELD = '@extra_vars';

export interface StepFields {
  key: string;
  variables: string[]; // the survey questions' variables
  extraVars?: boolean; // the step has the free-form field
}

// Where a server error goes: the step and field it names; on the template
// step, anything about extra_vars that is not a survey question (an unknown
// variable, the size limit) lands on the free-form field when there is one;
// else the step (or the confirm step) shows it as a step-wide message.
export function place(e: FieldError, steps: StepFields[], nodeIds: string[]): Located {
  const loc = locate(e, nodeIds);
  const target = steps.find((s) => s.key === loc.step);
  if (!target) {
    return { step: 'confirm', field: null, message: `${e.path ? e.path + ': ' : ''}${e.message}` };
  }
  if (loc.field && (loc.field === 'justification' || target.variables.includes(loc.field))) return loc;
  if (target.key === 'survey' && target.extraVars) {
    const named = loc.field && !e.message.includes(loc.field) ? `${loc.field}: ${e.message}` : e.message;
    return { step: 'survey', field: EXTRA_VARS_FIELD, message: named };
  }
  return { step: loc.step, field: null, message: loc.message };
}

// A 5xx never shows what the server sent (a traceback, a proxy's page, a
// debug page): a short sentence and the request id, which an operator finds
// in the server's log beside the traceback. 503: busy, try again.
export function serverErrorMessage(status: number, requestId: string | null): string {
  const what =
    status === 503 ? 'The server is busy. Try again in a moment.' : 'Something went wrong on the server.';
  return requestId ? `${what} (request id ${requestId})` : what;
}

// The id the server gave this answer: its header, else the 5xx body's.
export function requestIdOf(header: string | null, body: unknown): string | null {
  if (header && /^[A-Za-z0-9._:-]{1,64}$/.test(header)) return header;
  const b = body as Record<string, unknown> | null;
  const id = b && typeof b === 'object' ? b.request_id : undefined;
  return typeof id === 'string' && /^[A-Za-z0-9._:-]{1,64}$/.test(id) ? id : null;
}
