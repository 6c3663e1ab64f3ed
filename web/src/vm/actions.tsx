/** Lifecycle actions, with a confirmation before the destructive ones. */
import { useState } from 'preact/hooks';
import { ErrorMessage } from '../components/message.js';
import { api, errorMessage, type VmAction, type VmInfo } from '../lib/api.js';

const ACTIONS: { action: VmAction; label: string; when: string[]; confirm?: string }[] = [
  { action: 'start', label: 'Start', when: ['stopped', 'exited', 'crashed', 'shutdown'] },
  {
    action: 'stop',
    label: 'Shut down',
    when: ['running', 'paused'],
    confirm: 'Shut the VM down (ACPI power button, then quit)?',
  },
  {
    action: 'kill',
    label: 'Force off',
    when: ['running', 'paused', 'starting', 'shutdown'],
    confirm: 'Force the VM off? Unsaved data in the guest is lost.',
  },
  { action: 'pause', label: 'Pause', when: ['running'] },
  { action: 'resume', label: 'Resume', when: ['paused'] },
  {
    action: 'reset',
    label: 'Reset',
    when: ['running', 'paused'],
    confirm: 'Reset the VM? It restarts at once, like a reset button.',
  },
];

export function VmActions(props: { vm: VmInfo }) {
  const [busy, setBusy] = useState<VmAction>();
  const [asking, setAsking] = useState<(typeof ACTIONS)[number]>();
  const [error, setError] = useState<string>();
  const run = async (action: VmAction) => {
    setAsking(undefined);
    setBusy(action);
    setError(undefined);
    try {
      await api.vmAction(props.vm.id, action);
    } catch (cause) {
      setError(errorMessage(cause));
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <span class="actions">
      {ACTIONS.filter((a) => a.when.includes(props.vm.state)).map((a) => (
        <button
          type="button"
          key={a.action}
          data-action={a.action}
          disabled={busy !== undefined}
          class={a.confirm ? 'danger' : ''}
          onClick={() => (a.confirm ? setAsking(a) : run(a.action))}
        >
          {busy === a.action ? `${a.label}…` : a.label}
        </button>
      ))}
      {asking && (
        <dialog open class="confirm" aria-label="confirm">
          <p>{asking.confirm}</p>
          <button type="button" class="danger" onClick={() => run(asking.action)}>
            {asking.label}
          </button>
          <button type="button" onClick={() => setAsking(undefined)}>
            Cancel
          </button>
        </dialog>
      )}
      <ErrorMessage text={error} />
    </span>
  );
}
