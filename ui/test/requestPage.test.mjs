// A request's address (route.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pageFromPath, portalRoot, requestHref } from '../src/route.ts';

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
