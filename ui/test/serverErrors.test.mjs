// A 5xx shows a short sentence and the request id, never the server's text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requestIdOf, serverErrorMessage } from '../src/errors.ts';

test('a 500 is a short sentence with the request id', () => {
  assert.equal(
    serverErrorMessage(500, 'abc123'),
    'Something went wrong on the server. (request id abc123)',
  );
  assert.equal(serverErrorMessage(502, null), 'Something went wrong on the server.');
});

test('a 503 says busy, try again', () => {
  assert.match(serverErrorMessage(503, 'r1'), /busy.*try again.*r1/i);
});

test('the request id comes from the header, else the body, and must be a plain token', () => {
  assert.equal(requestIdOf('hdr-1', { request_id: 'body-1' }), 'hdr-1');
  assert.equal(requestIdOf(null, { request_id: 'body-1' }), 'body-1');
  assert.equal(requestIdOf('<script>', { request_id: 'Traceback (most recent call last)' }), null);
  assert.equal(requestIdOf(null, null), null);
});
