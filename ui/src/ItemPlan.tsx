// An item's approval plan as the item carries it (approval_steps: its serial
// steps, the one-step shorthand read as one step): the item page shows the
// saved item's, the catalog editor the dry run's for the draft.
import { ShieldCheck, Zap } from 'lucide-preact';
import type { CatalogItem } from './types';

type PlanItem = Pick<
  CatalogItem,
  'requires_approval' | 'approval_steps' | 'approvals_required' | 'summary_fields' | 'justification_required'
>;

function planSteps(item: PlanItem): { who: string; quorum: number; title: string }[] {
  if (!item.requires_approval) return [];
  const steps = item.approval_steps;
  if (Array.isArray(steps) && steps.length) {
    return steps.map((s, i) => ({
      title: s.title || `Step ${i + 1}`,
      who: s.approver_team_name || (s.approver_team ? `team #${s.approver_team}` : "the organization's admins"),
      quorum: s.quorum || 1,
    }));
  }
  return [
    {
      title: 'Approval',
      who: item.summary_fields?.approver_team?.name || "the organization's admins",
      quorum: item.approvals_required || 1,
    },
  ];
}

export function ItemPlan({ item, testId }: { item: PlanItem; testId?: string }) {
  const plan = planSteps(item);
  return (
    <div data-testid={testId}>
      {plan.length ? (
        <ol class="plan">
          {plan.map((s, i) => (
            <li key={i} data-plan-step={i}>
              <ShieldCheck size={14} aria-hidden="true" /> <strong>{s.title}</strong>:{' '}
              {s.quorum > 1 ? `${s.quorum} approvals from ` : 'one approval from '}
              {s.who}
            </li>
          ))}
        </ol>
      ) : (
        <p>
          <Zap size={14} aria-hidden="true" /> No approval: it runs as soon as you submit.
        </p>
      )}
      {item.justification_required && <p class="muted">A justification is required.</p>}
    </div>
  );
}
