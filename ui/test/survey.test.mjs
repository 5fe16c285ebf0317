// The page's survey checks against the core's golden cases (tests/fixtures/survey,
// the same files the C and Python suites sweep): for every answer set the form
// can produce, the page and the server reach the same verdict on the same
// variables. Bundled by esbuild (make test-ui), run by node's test runner.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkAll, toAnswers, valuesFromAnswers } from '../src/survey.ts';

const dir = process.env.FC_FIXTURES_SURVEY;
assert.ok(dir, 'FC_FIXTURES_SURVEY names tests/fixtures/survey');

// Cases about one template survey whose answers a person could have typed.
function applicable(c) {
  if (c.expect_spec_errors || c.nodes || c.node_survey_data) return false;
  if (c.survey_enabled === false || c.ask_variables_on_launch) return false;
  if ((c.path ?? 'extra_vars') !== 'extra_vars') return false;
  const spec = c.survey_spec?.spec;
  if (!Array.isArray(spec) || !spec.length) return false;
  const answers = c.answers ?? {};
  if (typeof answers !== 'object' || Array.isArray(answers)) return false;
  const known = new Set(spec.map((q) => q.variable));
  if (Object.keys(answers).some((k) => !known.has(k))) return false; // no field for it
  // The form must send exactly these answers back (JSON kinds included).
  const values = valuesFromAnswers(spec, answers);
  if (values === null) return false;
  return JSON.stringify(sortKeys(toAnswers(spec, values))) === JSON.stringify(sortKeys(answers));
}

function sortKeys(o) {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
}

// JSON.parse turns 5.0 into 5: a case with an integral real cannot be told
// apart from its integer twin here, and the form never sends reals like that.
const INTEGRAL_REAL = /[0-9]\.0*(?![0-9])|[0-9][eE][-+]?[0-9]/;

// A JavaScript number holds integers exactly only up to 2**53: cases with
// bigger integers (written {"__bigint__": ...}, or long literals) are the
// server's alone; the form sends what the person typed and the server judges.
const BEYOND_DOUBLE = /__bigint__|[0-9]{16,}/;

const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => [f, readFileSync(join(dir, f), 'utf8')])
  .filter(([, raw]) => !INTEGRAL_REAL.test(rawAnswers(raw)) && !BEYOND_DOUBLE.test(raw))
  .map(([f, raw]) => [f, JSON.parse(raw)])
  .filter(([, c]) => applicable(c));

// The text of the "answers" member as written in the file.
function rawAnswers(raw) {
  const start = raw.indexOf('"answers"');
  if (start < 0) return '';
  const end = raw.indexOf('"expect"', start);
  return raw.slice(start, end < 0 ? undefined : end);
}

// The variable an error path names (variables may contain dots).
function variableOf(path, spec) {
  const rest = path.replace(/^extra_vars\.?/, '');
  const names = spec.map((q) => q.variable).sort((a, b) => b.length - a.length);
  return names.find((v) => rest === v || rest.startsWith(v + '.') || rest.startsWith(v + '[')) ?? rest;
}

test('enough golden cases apply to the form', () => {
  assert.ok(cases.length >= 40, `only ${cases.length} cases`);
});

for (const [file, c] of cases) {
  test(`${file}: ${c.description}`, () => {
    const spec = c.survey_spec.spec;
    // The survey problems the server lists for the item (survey_problems).
    const page = checkAll(spec, valuesFromAnswers(spec, c.answers ?? {}), c.expect_problems ?? []);
    const pageVars = Object.keys(page).sort();
    const serverVars = c.expect.ok
      ? []
      : [...new Set(c.expect.errors.map((e) => variableOf(e.path, spec)))].sort();
    assert.deepEqual(pageVars, serverVars, JSON.stringify(page));
  });
}
