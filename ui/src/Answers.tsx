// A request's answers as the server returns them (secrets already "$encrypted$").
import type { ServiceRequest } from './types';

function show(v: unknown): string {
  if (v === '$encrypted$') return '••••••••';
  if (Array.isArray(v)) return v.join(', ');
  if (v && typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function Answers({ r }: { r: ServiceRequest }) {
  const ev = r.extra_vars || {};
  const nodes = r.node_survey_data || {};
  if (!Object.keys(ev).length && !Object.keys(nodes).length) return null;
  return (
    <div class="answers">
      {Object.keys(ev).length > 0 && (
        <dl>
          {Object.entries(ev).map(([k, v]) => (
            <div key={k} class="kv">
              <dt>{k}</dt>
              <dd>{show(v)}</dd>
            </div>
          ))}
        </dl>
      )}
      {Object.entries(nodes).map(([node, vars]) => (
        <div key={node}>
          <h5>Node {node}</h5>
          <dl>
            {Object.entries(vars || {}).map(([k, v]) => (
              <div key={k} class="kv">
                <dt>{k}</dt>
                <dd>{show(v)}</dd>
              </div>
            ))}
          </dl>
        </div>
      ))}
    </div>
  );
}
