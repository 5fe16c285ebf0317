// A request's approval plan (approval_plan of GET service_requests/{id}/):
// each step, who approves it, the quorum, the votes with when and the
// comment, which step waits and when it expires.
import { statusLabel, when } from './format';
import type { PlanStep, ServiceRequest } from './types';

function approverName(s: PlanStep): string {
  return s.approver_team_name || 'Organization admins';
}

export function ApprovalPlan({ r }: { r: ServiceRequest }) {
  const steps = r.approval_plan;
  if (!steps || !steps.length) return null;
  return (
    <section class="plan" aria-labelledby={`plan-${r.id}`}>
      <h2 id={`plan-${r.id}`} class="sub">
        Approval plan
      </h2>
      <ol class="plan-steps">
        {steps.map((s) => {
          const votes = (s.votes || []).filter((v) => !v.withdrawn_at);
          const current = r.current_step === s.position;
          return (
            <li
              key={s.position}
              class={`plan-step plan-${s.state}` + (current ? ' plan-current' : '')}
              data-step={s.position}
              data-state={s.state}
              aria-current={current ? 'step' : undefined}
            >
              <div class="plan-head">
                <strong>
                  Step {s.position + 1}
                  {s.title ? `: ${s.title}` : ''}
                </strong>
                <span class={`status status-${s.state}`}>{statusLabel(s.state)}</span>
              </div>
              <p class="muted">
                {approverName(s)} · {votes.length} of {s.quorum} approval{s.quorum === 1 ? '' : 's'}
                {s.escalated ? ' · escalated to the organization admins' : ''}
                {current && s.expires_at ? ` · expires ${when(s.expires_at)}` : ''}
              </p>
              {(s.votes || []).length > 0 && (
                <ul class="votes">
                  {(s.votes || []).map((v, i) => (
                    <li key={i} class={v.withdrawn_at ? 'withdrawn' : ''}>
                      {v.user?.username || 'someone'} approved {when(v.created)}
                      {v.comment ? (
                        <>
                          : <q>{v.comment}</q>
                        </>
                      ) : null}
                      {v.withdrawn_at ? ` (withdrawn ${when(v.withdrawn_at)}: the answers changed)` : ''}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
