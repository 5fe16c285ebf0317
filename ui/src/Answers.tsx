// A request's answers by question label (the server's `answers` list: the
// label the survey asks now beside each value, secrets already masked).
import type { Answer, ServiceRequest } from './types';

function show(a: Answer): string {
  const v = a.value;
  if (a.secret || v === '$encrypted$') return '••••••••';
  if (Array.isArray(v)) return v.join(', ');
  if (v && typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function List({ answers }: { answers: Answer[] }) {
  return (
    <dl>
      {answers.map((a) => (
        <div key={`${a.node}.${a.variable}`} class="kv">
          <dt title={a.label !== a.variable ? a.variable : undefined}>{a.label}</dt>
          <dd data-variable={a.variable}>{show(a)}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Answers({ r }: { r: ServiceRequest }) {
  const all = r.answers || [];
  if (!all.length) return null;
  const own = all.filter((a) => a.node === null);
  const nodes = Array.from(new Set(all.filter((a) => a.node !== null).map((a) => a.node as string)));
  return (
    <div class="answers">
      {own.length > 0 && <List answers={own} />}
      {nodes.map((node) => (
        <div key={node}>
          <h3 class="answers-node">Node {node}</h3>
          <List answers={all.filter((a) => a.node === node)} />
        </div>
      ))}
    </div>
  );
}
