// Where the catalog editor puts the server's field errors: a field's own,
// a step's on the step's control, a notification kind's on its kind.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { byField, fieldOf } from '../src/admin/adminApi.ts';

test('plain fields by their name, general errors under _', () => {
  assert.deepEqual(byField([{ path: 'tags[2]', message: 'a' }, { path: 'tags[3]', message: 'b' }]), { tags: 'a b' });
  assert.deepEqual(byField([{ path: 'non_field_errors', message: 'x' }, { path: '', message: 'y' }]), { _: 'x y' });
});

test("a step's error lands on the step's field, a whole-step or list error on the list", () => {
  const placed = byField([
    { path: 'approval_steps[1].approver_team', message: 'other org' },
    { path: 'approval_steps[0].quorum', message: 'at least 1' },
    { path: 'approval_steps[2]', message: 'not an object' },
    { path: 'approval_steps', message: 'at most 20 steps' },
  ]);
  assert.deepEqual(placed, {
    'approval_steps[1].approver_team': 'other org',
    'approval_steps[0].quorum': 'at least 1',
    'approval_steps[2]': 'not an object',
    approval_steps: 'at most 20 steps',
  });
  assert.equal(fieldOf('approval_steps[1].approver_team'), 'approval_steps');
});

test("a notification template's error lands on its kind", () => {
  assert.deepEqual(
    byField([
      { path: 'notification_templates.approved[0]', message: 'not in the organization' },
      { path: 'notification_templates.nonsense', message: 'unknown kind' },
      { path: 'notification_templates', message: 'must be an object' },
    ]),
    {
      'notification_templates.approved': 'not in the organization',
      'notification_templates.nonsense': 'unknown kind',
      notification_templates: 'must be an object',
    },
  );
});

test("a step's notification template error lands on that step's kind", () => {
  assert.deepEqual(
    byField([
      { path: 'approval_steps[1].notification_templates.approval_needed[0]', message: 'not in the organization' },
      { path: 'approval_steps[0].notification_templates.nonsense', message: 'unknown kind' },
      { path: 'approval_steps[2].notification_templates', message: 'must be an object' },
    ]),
    {
      'approval_steps[1].notification_templates.approval_needed': 'not in the organization',
      'approval_steps[0].notification_templates.nonsense': 'unknown kind',
      'approval_steps[2].notification_templates': 'must be an object',
    },
  );
});
