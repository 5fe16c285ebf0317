// The form's rendering helpers: the datetime picker's local value and the
// RFC 3339 answer it sends round-trip, and answers are built from the
// server's states (options, hidden questions), never from a copy of its rules.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { localToRfc3339, rfc3339ToLocal } from '../src/FormControls.tsx';
import { initialValues, toAnswers } from '../src/survey.ts';

test('a datetime-local value becomes RFC 3339 with the local offset and back', () => {
  const sent = localToRfc3339('2026-12-03T10:30');
  assert.match(sent, /^2026-12-03T10:30:00[+-]\d{2}:\d{2}$/);
  assert.equal(rfc3339ToLocal(sent), '2026-12-03T10:30');
  assert.equal(localToRfc3339('not a date'), 'not a date');
});

const spec = [
  { type: 'multiselect', variable: 'features', question_name: 'F', default: 'a\nb' },
  { type: 'multiplechoice', variable: 'n', question_name: 'N', choices: ['1', 2] },
  { type: 'integer', variable: 'cpus', question_name: 'C' },
  { type: 'text', variable: 'hidden', question_name: 'H' },
];

test('initial values are the defaults the server reports', () => {
  const states = { features: { visible: true, choices: ['a', 'b', 'c'], default: ['a', 'c'] } };
  assert.deepEqual(initialValues(spec, states).features, ['a', 'c']);
  // No split of the survey's own default text here: that is the server's rule.
  assert.deepEqual(initialValues(spec, {}).features, []);
});

test('answers keep the JSON kind of the server\'s options and leave hidden questions out', () => {
  const states = { n: { visible: true, choices: ['1', 2] }, hidden: { visible: false } };
  const values = { features: ['a'], n: '2', cpus: '4', hidden: 'x' };
  assert.deepEqual(toAnswers(spec, values, states, new Set(['hidden'])), { features: ['a'], n: 2, cpus: 4 });
  // What is not a number goes as typed: the server judges it.
  assert.equal(toAnswers(spec, { cpus: 'four' }).cpus, 'four');
});
