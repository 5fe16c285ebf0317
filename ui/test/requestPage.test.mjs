// A request's address (route.ts) and the needs-info prefill (prefill.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pageFromPath, portalRoot, requestHref } from '../src/route.ts';
import { valuesFrom } from '../src/prefill.ts';

const config = { apiRoot: '/api/v2/', logoutUrl: '/logout/', portalRoot: '/portal/', user: { id: 1, username: 'a', is_superuser: false } };

test('a request has a path under the portal root, read back from the location', () => {
  assert.equal(requestHref(config, 42), '/portal/requests/42/');
  assert.equal(pageFromPath(config, '/portal/requests/42/'), 42);
  assert.equal(pageFromPath(config, '/portal/requests/42'), 42);
  assert.equal(pageFromPath(config, '/portal/'), null);
  assert.equal(pageFromPath(config, '/portal/requests/4x2/'), null);
  assert.equal(pageFromPath(config, '/portal/requests/42/extra'), null);
  assert.equal(pageFromPath(config, '/elsewhere/requests/42/'), null);
});

test('the root defaults to /portal/ and always ends with a slash', () => {
  assert.equal(portalRoot({ ...config, portalRoot: undefined }), '/portal/');
  assert.equal(portalRoot({ ...config, portalRoot: '/x/portal' }), '/x/portal/');
  assert.equal(pageFromPath({ ...config, portalRoot: '/x/portal' }, '/x/portal/requests/7/'), 7);
});

test('stored answers prefill the fields, secrets stay empty to be typed again', () => {
  const spec = [
    { type: 'text', variable: 'host', question_name: 'Host' },
    { type: 'integer', variable: 'cpus', question_name: 'CPUs' },
    { type: 'multiselect', variable: 'extras', question_name: 'Extras', choices: 'a\nb' },
    { type: 'password', variable: 'pw', question_name: 'Password' },
    { type: 'text', variable: 'unanswered', question_name: 'U' },
  ];
  const base = { host: '', cpus: '2', extras: [], pw: 'x', unanswered: 'default' };
  const out = valuesFrom(spec, { host: 'web1', cpus: 4, extras: ['b'], pw: '$encrypted$' }, base);
  assert.deepEqual(out, { host: 'web1', cpus: '4', extras: ['b'], pw: '', unanswered: 'default' });
  assert.deepEqual(valuesFrom(spec, undefined, base), base);
});
