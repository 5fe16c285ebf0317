// The free-form "Extra variables" field of a template that asks for variables
// on launch: YAML or JSON text, read the way the controller reads it (JSON
// first, then YAML 1.1 as PyYAML's safe_load does), into a mapping of names
// to JSON values that is merged into the request's extra_vars.
import type { Tags } from 'yaml';

// The YAML reader is its own chunk (about twice the page's size), loaded when
// a dialog has the field: loadYaml() before parsing anything but JSON.
let yaml: typeof import('yaml') | null = null;
let loading: Promise<void> | null = null;

export function loadYaml(): Promise<void> {
  loading ??= import('yaml').then((m) => {
    yaml = m;
  });
  return loading;
}

export function yamlLoaded(): boolean {
  return yaml !== null;
}

export type Parsed = { vars: Record<string, unknown>; error: null } | { vars: null; error: string };

export function parseExtraVars(text: string): Parsed {
  if (!text.trim()) return { vars: {}, error: null };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    if (!yaml) return { vars: null, error: 'The YAML reader did not load: enter JSON, or reload the page.' };
    // uniqueKeys: a name given twice is an error, not a silent "last wins".
    const doc = yaml.parseDocument(text, { version: '1.1', uniqueKeys: true, prettyErrors: true, customTags: pyYamlBools });
    if (doc.errors.length) return { vars: null, error: firstLine(doc.errors[0].message) };
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      return { vars: null, error: firstLine((e as Error).message) };
    }
  }
  if (!value || typeof value !== 'object' || Array.isArray(value) || !isPlain(value)) {
    return { vars: null, error: 'Enter a mapping of variable names to values, e.g. "region: eu-west".' };
  }
  const bad = nonJson(value, '');
  if (bad) return { vars: null, error: bad };
  return { vars: value as Record<string, unknown>, error: null };
}

// Survey answers have their own fields: a free-form key with a survey
// variable's name would silently override (or be overridden by) the answer.
export function collisions(vars: Record<string, unknown>, surveyVariables: string[]): string[] {
  const taken = new Set(surveyVariables);
  return Object.keys(vars).filter((k) => taken.has(k));
}

export function collisionMessage(names: string[]): string {
  const list = names.map((n) => `"${n}"`).join(', ');
  return names.length === 1
    ? `${list} is a question of this form: answer it there, not here.`
    : `${list} are questions of this form: answer them there, not here.`;
}

// Survey answers and free-form variables as one extra_vars object.
export function mergeExtraVars(
  answers: Record<string, unknown>,
  extra: Record<string, unknown>,
): Record<string, unknown> {
  return { ...extra, ...answers };
}

// PyYAML's YAML 1.1 booleans: yes/no/on/off/true/false, but not the bare
// y/n/Y/N the yaml package's 1.1 schema also takes (so `y: 1` keeps its name).
const PY_BOOL: Record<string, RegExp> = {
  true: /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
  false: /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
};

function pyYamlBools(tags: Tags): Tags {
  return tags.map((t) => {
    if (typeof t !== 'object' || t.tag !== 'tag:yaml.org,2002:bool' || !('test' in t) || !t.test) return t;
    const kind = t.test.test('true') ? 'true' : 'false';
    return { ...t, test: PY_BOOL[kind] };
  });
}

// The reader's first line ends where its excerpt of the text began
// ("... at line 2, column 1:"): a sentence of its own, not a dangling colon.
function firstLine(message: string): string {
  const line = message.split('\n')[0].trim().replace(/:$/, '');
  return /[.!?]$/.test(line) ? line : `${line}.`;
}

function isPlain(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

// YAML has kinds JSON lacks (dates, binary, sets, .inf): name the place
// instead of sending something the server would read differently.
function nonJson(v: unknown, path: string): string | null {
  const at = path ? ` (at ${path})` : '';
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return null;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return `Infinity and NaN are not JSON values${at}.`;
    if (Number.isInteger(v) && !Number.isSafeInteger(v)) return `This integer is too large to send exactly${at}: quote it.`;
    return null;
  }
  if (v instanceof Date) return `YAML reads this as a date${at}: quote it to send it as text.`;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const r = nonJson(v[i], `${path}[${i}]`);
      if (r) return r;
    }
    return null;
  }
  if (typeof v === 'object' && isPlain(v)) {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const r = nonJson(x, path ? `${path}.${k}` : k);
      if (r) return r;
    }
    return null;
  }
  return `This value has no JSON form${at}.`;
}
