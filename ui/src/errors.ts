// Server field errors -> the dialog's steps and fields. Paths are the core's:
// "justification", "extra_vars.<var>", "node_survey_data.<identifier>.<var>".

export interface FieldError {
  path: string;
  message: string;
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
        out.push({ path: String(r.path ?? ''), message: String(r.message ?? r.code ?? 'Invalid.') });
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
