// The waiting step's clock as the server reports it (approval_expiry):
// when it expires, whether it has, whether it went to the organization's
// admins. Nothing here decides: the buttons follow can_approve / can_reject.
import { when } from './format';
import type { ServiceRequest } from './types';

export function StepClock({ r }: { r: ServiceRequest }) {
  const c = r.approval_expiry;
  if (!c) return null;
  return (
    <span class="muted step-clock" data-expired={c.expired ? 'true' : 'false'}>
      {c.expired ? (
        <strong class="expired-note">Expired: no decision in time</strong>
      ) : c.expires_at ? (
        <>Expires {when(c.expires_at)}{c.outcome === 'escalate' && !c.escalated ? ' (then the organization admins decide)' : ''}</>
      ) : null}
      {c.escalated && !c.expired && <> · escalated to the organization admins</>}
    </span>
  );
}
