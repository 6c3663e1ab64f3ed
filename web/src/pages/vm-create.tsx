/** Define a VM: a form built from the daemon's spec schema, with a message beside each wrong field. */
import { useEffect, useState } from 'preact/hooks';
import { ErrorMessage } from '../components/message.js';
import { ApiError, api, errorMessage } from '../lib/api.js';
import { navigate } from '../lib/route.js';
import {
  fieldOf,
  loadSpecSchema,
  parseField,
  type SpecField,
  specFields,
} from '../lib/spec-form.js';

const HINTS: Record<string, string> = {
  name: 'letters, digits, - _ .',
  kernel: 'a path on the host, for kernel boot',
  disks:
    '[{"path": "/var/lib/qmon/disk.qcow2", "format": "qcow2"}]; an ISO: "model": "ide-cd"; new images: the VM\'s Devices tab',
  nics: '[{"id": "nic0"}]',
  extraArgs: 'QEMU arguments, as a JSON list',
};

const PLACEHOLDERS: Record<string, string> = { memoryMiB: '128', cpus: '1' };

export function VmCreatePage() {
  const [fields, setFields] = useState<SpecField[]>();
  const [values, setValues] = useState<Record<string, string | boolean>>({
    nics: '[{"id": "nic0"}]',
  });
  const [messages, setMessages] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [start, setStart] = useState(true);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    loadSpecSchema().then(
      (schema) => setFields(specFields(schema)),
      (cause: unknown) => setError(errorMessage(cause)),
    );
  }, []);
  if (!fields) return error ? <ErrorMessage text={error} /> : <p class="loading">Loading…</p>;

  const submit = async (event: Event) => {
    event.preventDefault();
    const spec: Record<string, unknown> = {};
    const found: Record<string, string> = {};
    for (const field of fields) {
      const { value, message } = parseField(field, values[field.name] ?? '');
      if (message) found[field.name] = message;
      else if (value !== undefined) spec[field.name] = value;
    }
    setMessages(found);
    setError(undefined);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const vm = await api.defineVm({ spec: spec as never });
      if (start) await api.vmAction(vm.id, 'start');
      navigate(`/vms/${encodeURIComponent(vm.name)}`);
    } catch (cause) {
      const field = cause instanceof ApiError ? fieldOf(cause.field) : undefined;
      if (field && fields.some((f) => f.name === field))
        setMessages({
          [field]: cause instanceof Error ? cause.message.replace(/^\d+ \w+: /, '') : '',
        });
      else setError(errorMessage(cause));
    } finally {
      setBusy(false);
    }
  };

  const fromTemplate = async (event: Event) => {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget as HTMLFormElement).get('name'));
    setBusy(true);
    setError(undefined);
    try {
      const vm = await api.defineFromTemplate({ template: 'demo', name });
      if (start) await api.vmAction(vm.id, 'start');
      navigate(`/vms/${encodeURIComponent(vm.name)}`);
    } catch (cause) {
      setError(errorMessage(cause));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <h1>Create a VM</h1>
      <form class="inline card" onSubmit={fromTemplate}>
        <strong>From the demo template</strong>
        <span class="muted">(qmon's small guest with the agent)</span>
        <input name="name" placeholder="name" required />
        <button type="submit" disabled={busy}>
          Create from template
        </button>
      </form>
      <form class="spec-form card" onSubmit={submit} noValidate>
        {fields.map((field) => {
          const id = `spec-${field.name}`;
          const value = values[field.name] ?? (field.kind === 'boolean' ? false : '');
          const set = (v: string | boolean) => setValues((all) => ({ ...all, [field.name]: v }));
          let input: preact.JSX.Element;
          if (field.kind === 'boolean')
            input = (
              <input
                id={id}
                type="checkbox"
                checked={value === true}
                onChange={(e) => set(e.currentTarget.checked)}
              />
            );
          else if (field.kind === 'choice')
            input = (
              <select id={id} value={String(value)} onChange={(e) => set(e.currentTarget.value)}>
                <option value="">default</option>
                {field.choices!.map((choice) => (
                  <option key={choice}>{choice}</option>
                ))}
              </select>
            );
          else if (field.kind === 'json')
            input = (
              <textarea
                id={id}
                rows={2}
                spellcheck={false}
                value={String(value)}
                onInput={(e) => set(e.currentTarget.value)}
              />
            );
          else
            input = (
              <input
                id={id}
                inputMode={field.kind === 'integer' ? 'numeric' : 'text'}
                value={String(value)}
                placeholder={PLACEHOLDERS[field.name] ?? ''}
                onInput={(e) => set(e.currentTarget.value)}
              />
            );
          return (
            <div
              class={`field${messages[field.name] ? ' invalid' : ''}`}
              key={field.name}
              data-field={field.name}
            >
              <label for={id}>
                {field.name}
                {field.required ? ' *' : ''}
              </label>
              {input}
              {HINTS[field.name] && <small class="muted">{HINTS[field.name]}</small>}
              {messages[field.name] && (
                <small class="field-error" role="alert">
                  {messages[field.name]}
                </small>
              )}
            </div>
          );
        })}
        <label class="inline">
          <input
            type="checkbox"
            checked={start}
            onChange={(e) => setStart(e.currentTarget.checked)}
          />{' '}
          start it
        </label>
        <ErrorMessage text={error} />
        <button type="submit" class="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create'}
        </button>
      </form>
    </section>
  );
}
