// The request lists' pure parts: query strings, tab counts, which rows are
// still moving, and how a request-again prefill fills the dialog's fields.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { badgeText, moving, query, STATUS_TABS, tabCount } from '../src/listing.ts';
import { prefilledValues } from '../src/prefill.tsx';

test('query strings leave out empty parameters', () => {
  assert.equal(query({ mine: 'true', search: '', catalog_item: undefined, page: 2 }), '?mine=true&page=2');
  assert.equal(query({ search: 'a b#1' }), '?search=a+b%231');
  assert.equal(query({}), '');
});

test('a tab counts its statuses; All counts every state', () => {
  const counts = { pending_approval: 3, needs_info: 1, approved: 1, running: 2, successful: 5, expired: 4 };
  const by = Object.fromEntries(STATUS_TABS.map((t) => [t.key, tabCount(t, counts)]));
  assert.deepEqual(by, { all: 16, pending: 4, active: 3, successful: 5, failed: 0, rejected: 0, canceled: 0, expired: 4 });
  assert.equal(tabCount(STATUS_TABS[0], null), null);
});

test('only rows the server does not call final are polled, whatever their status', () => {
  for (const status of ['running', 'successful', 'some_future_state']) {
    assert.equal(moving({ status, is_final: false }), true, status);
    assert.equal(moving({ status, is_final: true }), false, status);
  }
  assert.equal(moving({ status: 'successful' }), true); // no answer from the server: keep asking
});

test('a prefill fills its step, never a password, and keeps defaults elsewhere', () => {
  const spec = [
    { type: 'text', variable: 'host', question_name: 'Host' },
    { type: 'integer', variable: 'cpus', question_name: 'CPUs' },
    { type: 'multiselect', variable: 'extras', question_name: 'Extras', choices: 'a\nb' },
    { type: 'password', variable: 'pw', question_name: 'Password' },
    { type: 'text', variable: 'zone', question_name: 'Zone' },
  ];
  const initial = { host: '', cpus: '2', extras: [], pw: '', zone: 'eu' };
  const prefill = {
    request: 7, catalog_item: 1, justification: 'j', free_form_extra_vars: {}, differences: [],
    extra_vars: { host: 'web', cpus: 4, extras: ['b'], pw: 'leaked?' },
    node_survey_data: { deploy: { host: 'node-web' } },
  };
  assert.deepEqual(prefilledValues('survey', spec, initial, prefill), { host: 'web', cpus: '4', extras: ['b'], pw: '', zone: 'eu' });
  assert.deepEqual(prefilledValues('node:deploy', spec, initial, prefill), { ...initial, host: 'node-web' });
  assert.deepEqual(prefilledValues('node:other', spec, initial, prefill), initial);
  assert.deepEqual(prefilledValues('survey', spec, initial, null), initial);
});

test('the inbox badge shows the cap with a plus when more wait', () => {
  assert.equal(badgeText({ count: 7, more: false }), '7');
  assert.equal(badgeText({ count: 99, more: false }), '99');
  assert.equal(badgeText({ count: 99, more: true }), '99+');
});
