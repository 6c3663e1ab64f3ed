/** The VM's stored events (newest first, live ones added as they come) and, for admins, the audit log. */
import { useEffect, useState } from 'preact/hooks';
import { ErrorMessage } from '../components/message.js';
import {
  type ApiAuditEntry,
  type ApiEvent,
  api,
  can,
  errorMessage,
  type Role,
  type VmInfo,
} from '../lib/api.js';
import { time } from '../lib/format.js';

const PAGE = 1000;
const MAX_PAGES = 50;

/** The newest `PAGE` entries of a log the API pages forward from a seq. */
async function newest<T extends { seq: number }>(
  page: (after: number) => Promise<T[]>,
): Promise<T[]> {
  let after = 0;
  let kept: T[] = [];
  for (let round = 0; round < MAX_PAGES; round++) {
    const entries = await page(after);
    kept = [...kept, ...entries].slice(-PAGE);
    if (entries.length < PAGE) break;
    after = entries[entries.length - 1]!.seq;
  }
  return kept;
}

export function EventsTab(props: { vm: VmInfo; role: Role; live: ApiEvent[] }) {
  const [stored, setStored] = useState<ApiEvent[]>([]);
  const [audit, setAudit] = useState<ApiAuditEntry[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    newest((after) => api.events({ after, limit: PAGE }, props.vm.id)).then(
      setStored,
      (cause: unknown) => setError(errorMessage(cause)),
    );
    if (can(props.role, 'audit.read'))
      newest((after) => api.audit({ after, limit: PAGE })).then(
        (entries) =>
          setAudit(
            entries.filter((e) => e.target === props.vm.id || e.target === props.vm.name).reverse(),
          ),
        (cause: unknown) => setError(errorMessage(cause)),
      );
  }, [props.vm.id]);
  const lastStored = stored.at(-1)?.seq ?? 0;
  const events = [...stored, ...props.live.filter((e) => e.seq > lastStored)].reverse();
  return (
    <div class="two-columns">
      <div class="card">
        <h2>Events</h2>
        <ErrorMessage text={error} />
        <table data-testid="events">
          <tbody>
            {events.map((event) => (
              <tr key={event.seq} data-seq={event.seq}>
                <td>{time(event.qemuTime ?? event.at)}</td>
                <td>{event.name}</td>
                <td>
                  <code>{event.data === null ? '' : JSON.stringify(event.data)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {audit && (
        <div class="card">
          <h2>Audit</h2>
          <table data-testid="audit">
            <tbody>
              {audit.map((entry) => (
                <tr key={entry.seq}>
                  <td>{time(entry.at)}</td>
                  <td>{entry.user ?? '–'}</td>
                  <td>{entry.action}</td>
                  <td>{entry.result}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
