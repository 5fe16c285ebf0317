// Asks the server's dry-run (the same decision as submit) for the answers in
// the dialog: debounced while the person types, at once on every step. Answers
// that arrive after a newer question was asked are dropped.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from './api';
import type { DryRun } from './formTypes';

export interface DryRunBody {
  extra_vars: Record<string, unknown>;
  node_survey_data?: Record<string, Record<string, unknown>>;
  // Search text per choices_from question path ("extra_vars.host", "node_survey_data.n.host").
  search?: Record<string, string>;
  limit?: number;
}

export const DEBOUNCE_MS = 250;

export function useDryRun(itemId: number, body: DryRunBody | null) {
  const [result, setResult] = useState<DryRun | null>(null);
  // The body the result answers (a newer one may be on its way).
  const [answered, setAnswered] = useState<DryRunBody | null>(null);
  const [error, setError] = useState('');
  const seq = useRef(0);
  const key = body === null ? '' : JSON.stringify(body);
  // The question in flight: asking the same again waits for its answer.
  const latest = useRef<{ key: string; result: Promise<DryRun | null>; done: boolean } | null>(null);

  const ask = (text: string): Promise<DryRun | null> => {
    if (latest.current?.key === text && !latest.current.done) return latest.current.result;
    const mine = ++seq.current;
    const result = api<DryRun>(`service_catalog_items/${itemId}/validate_answers/`, { method: 'POST', body: JSON.parse(text) })
      .then((r) => {
        if (latest.current?.result === result) latest.current.done = true;
        if (mine === seq.current) {
          setResult(r);
          setAnswered(JSON.parse(text) as DryRunBody);
          setError('');
        }
        return r;
      })
      .catch((e: Error) => {
        if (latest.current?.result === result) latest.current.done = true;
        if (mine === seq.current) setError(e.message);
        return null;
      });
    latest.current = { key: text, result, done: false };
    return result;
  };

  useEffect(() => {
    if (!key) return;
    const t = setTimeout(() => ask(key), result === null ? 0 : DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [key]);

  // For a step change: the answer for exactly the current answers, asked
  // afresh (the one in flight for them is awaited): the same answers may get
  // another verdict once the template changed, and submit would see that.
  const now = (): Promise<DryRun | null> => {
    if (!key) return Promise.resolve(null);
    return ask(key);
  };
  return { result, answered, error, now };
}
