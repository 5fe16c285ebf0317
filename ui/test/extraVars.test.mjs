// The free-form extra variables: parsing (JSON, or YAML as the controller
// reads it), clashes with survey questions, and where the server's errors go.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EXTRA_VARS_FIELD, fieldErrors, place } from '../src/errors.ts';
import { collisionMessage, collisions, loadYaml, mergeExtraVars, parseExtraVars, yamlLoaded } from '../src/extraVars.ts';

// First: the tests below rely on the reader this one loads.
test('JSON needs no YAML reader; YAML waits for it', async () => {
  assert.equal(yamlLoaded(), false);
  assert.deepEqual(parseExtraVars('{"a": [1]}'), { vars: { a: [1] }, error: null });
  assert.match(parseExtraVars('a: 1').error, /YAML reader did not load/);
  await loadYaml();
  assert.equal(yamlLoaded(), true);
  assert.deepEqual(parseExtraVars('a: 1'), { vars: { a: 1 }, error: null });
});

test('blank text is no variables', () => {
  assert.deepEqual(parseExtraVars(''), { vars: {}, error: null });
  assert.deepEqual(parseExtraVars('  \n\t'), { vars: {}, error: null });
});

test('JSON and YAML mappings give the same variables', () => {
  const want = { region: 'eu-west', replicas: 3, debug: true, tags: ['a', 'b'], db: { port: 5432 }, none: null };
  const json = parseExtraVars(JSON.stringify(want));
  assert.equal(json.error, null);
  assert.deepEqual(json.vars, want);
  const yaml = parseExtraVars('region: eu-west\nreplicas: 3\ndebug: true\ntags: [a, b]\ndb:\n  port: 5432\nnone: ~\n');
  assert.equal(yaml.error, null);
  assert.deepEqual(yaml.vars, want);
});

test('YAML 1.1 scalars as PyYAML reads them (yes/no are booleans)', () => {
  const r = parseExtraVars('a: yes\nb: off\nc: "yes"\nd: 0o17\ny: n\n');
  assert.equal(r.error, null);
  assert.deepEqual(r.vars, { a: true, b: false, c: 'yes', d: '0o17', y: 'n' });
});

test('anything but a mapping is refused', () => {
  for (const text of ['[1, 2]', '- a\n- b\n', '42', '"text"', 'null', 'just words']) {
    const r = parseExtraVars(text);
    assert.equal(r.vars, null, text);
    assert.match(r.error, /mapping of variable names/, text);
  }
});

test('syntax errors and duplicate names are errors with a place', () => {
  const bad = parseExtraVars('a: [1, 2\nb: 3\n');
  assert.equal(bad.vars, null);
  assert.match(bad.error, /line \d+/);
  const dup = parseExtraVars('a: 1\na: 2\n');
  assert.equal(dup.vars, null);
  assert.match(dup.error, /unique|duplicate/i);
  // A sentence that ends, not the reader's "at line 2, column 1:" (issue 10 item 6).
  for (const e of [bad.error, dup.error]) assert.match(e, /column \d+\.$/);
});

test('YAML kinds JSON lacks are named, not sent', () => {
  assert.match(parseExtraVars('when: 2024-01-02\n').error, /date.*when/);
  assert.match(parseExtraVars('x:\n  y: .inf\n').error, /Infinity.*x\.y/);
  assert.match(parseExtraVars('n: 12345678901234567890\n').error, /too large.*n/);
  assert.match(parseExtraVars('s: !!set {a, b}\n').error, /no JSON form.*s/);
  assert.deepEqual(parseExtraVars('when: "2024-01-02"\n').vars, { when: '2024-01-02' });
});

test('a free-form name that is a survey question is a clash', () => {
  assert.deepEqual(collisions({ region: 1, hostname: 'x', size: 2 }, ['hostname', 'size', 'cpus']), [
    'hostname',
    'size',
  ]);
  assert.deepEqual(collisions({ region: 1 }, ['hostname']), []);
  assert.match(collisionMessage(['hostname']), /"hostname" is a question/);
  assert.match(collisionMessage(['a', 'b']), /"a", "b" are questions/);
});

test('merged extra_vars keep both, the answers winning', () => {
  assert.deepEqual(mergeExtraVars({ hostname: 'web' }, { region: 'eu', hostname: 'other' }), {
    hostname: 'web',
    region: 'eu',
  });
});

const steps = (extraVars) => [
  { key: 'justification', variables: [] },
  { key: 'survey', variables: ['hostname', 'size'], extraVars },
  { key: 'node:deploy', variables: ['version'] },
  { key: 'confirm', variables: [] },
];

test('server errors about survey questions stay on their field', () => {
  const e = { path: 'extra_vars.hostname', code: 'required', message: 'This answer is required.' };
  assert.deepEqual(place(e, steps(true), ['deploy']), {
    step: 'survey',
    field: 'hostname',
    message: 'This answer is required.',
  });
  const n = { path: 'node_survey_data.deploy.version', code: 'max_length', message: 'too long' };
  assert.deepEqual(place(n, steps(true), ['deploy']), { step: 'node:deploy', field: 'version', message: 'too long' });
});

test('non-survey variables and the size limit land on the extra variables field', () => {
  const body = {
    errors: [
      { path: 'extra_vars.region', code: 'unknown', message: 'Not a variable of this survey.' },
      { path: 'extra_vars', code: 'max_size', message: 'At most 10 bytes of JSON are accepted (got 20).' },
      { path: 'extra_vars.blob', code: 'limit', message: 'blob is over the limit.' },
    ],
  };
  const placed = fieldErrors(body).map((e) => place(e, steps(true), []));
  assert.deepEqual(placed, [
    { step: 'survey', field: EXTRA_VARS_FIELD, message: 'region: Not a variable of this survey.' },
    { step: 'survey', field: EXTRA_VARS_FIELD, message: 'At most 10 bytes of JSON are accepted (got 20).' },
    { step: 'survey', field: EXTRA_VARS_FIELD, message: 'blob is over the limit.' },
  ]);
  assert.equal(fieldErrors(body)[0].code, 'unknown');
});

test('without the free-form field they stay step-wide', () => {
  const e = { path: 'extra_vars.region', code: 'unknown', message: 'Not a variable of this survey.' };
  assert.deepEqual(place(e, steps(false), []), { step: 'survey', field: null, message: e.message });
  const noStep = [{ key: 'justification', variables: [] }, { key: 'confirm', variables: [] }];
  assert.deepEqual(place(e, noStep, []), { step: 'confirm', field: null, message: `extra_vars.region: ${e.message}` });
});
