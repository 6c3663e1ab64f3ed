/**
 * Define a VM: a form built from the daemon's spec schema, plus an optional
 * new system disk (made through the disk route once the VM is defined) and an
 * ISO to boot from, with a message beside each wrong field.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ErrorMessage } from '../components/message.js';
import { ApiError, api, errorMessage } from '../lib/api.js';
import { closestField } from '../lib/field-path.js';
import { navigate } from '../lib/route.js';
import { loadSpecSchema, parseField, type SpecField, specFields } from '../lib/spec-form.js';

const HINTS: Record<string, string> = {
  name: 'letters, digits, - _ .',
  kernel: 'a path on the host, for kernel boot',
  disks: '[{"path": "/var/lib/qmon/disk.qcow2", "format": "qcow2"}]',
  nics: '[{"id": "nic0"}]',
  extraArgs: 'QEMU arguments, as a JSON list',
  diskGiB: 'made empty in the daemon\'s state folder, listed as the disk "system"',
  iso: 'a path on the host, attached as a CD-ROM (ide-cd)',
};

const PLACEHOLDERS: Record<string, string> = { memoryMiB: '128', cpus: '1', diskGiB: 'none' };

/** The new disk's name: its file name and its id in the spec. */
const SYSTEM_DISK = 'system';
const GIB = 2 ** 30;
/** The disk route's limit, 2^50 bytes. */
const MAX_GIB = 2 ** 20;

type Values = Record<string, string | boolean>;

/** The new disk's size and the ISO, or a message per wrong field. */
function parseExtras(values: Values): {
  diskGiB?: number;
  format: 'qcow2' | 'raw';
  iso?: string;
  messages: Record<string, string>;
} {
  const messages: Record<string, string> = {};
  const format = values.diskFormat === 'raw' ? 'raw' : 'qcow2';
  const sizeText = String(values.diskGiB ?? '').trim();
  let diskGiB: number | undefined;
  if (sizeText !== '') {
    const n = Number(sizeText);
    if (!Number.isInteger(n)) messages.diskGiB = 'a whole number of GiB';
    else if (n < 1) messages.diskGiB = 'at least 1';
    else if (n > MAX_GIB) messages.diskGiB = `at most ${MAX_GIB}`;
    else diskGiB = n;
  }
  const iso = String(values.iso ?? '').trim() || undefined;
  return { ...(diskGiB ? { diskGiB } : {}), format, ...(iso ? { iso } : {}), messages };
}

function serverMessage(cause: unknown): string {
  return cause instanceof Error ? cause.message.replace(/^\d+ \w+: /, '') : String(cause);
}

function Field(props: { name: string; message: string | undefined; children: ComponentChildren }) {
  const { name, message } = props;
  return (
    <div class={`field${message ? ' invalid' : ''}`} data-field={name}>
      {props.children}
      {HINTS[name] && <small class="muted">{HINTS[name]}</small>}
      {message && (
        <small class="field-error" role="alert">
          {message}
        </small>
      )}
    </div>
  );
}

export function VmCreatePage() {
  const [fields, setFields] = useState<SpecField[]>();
  const [values, setValues] = useState<Values>({ nics: '[{"id": "nic0"}]' });
  const [messages, setMessages] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  /** A VM defined without its disk: its name, for the link. */
  const [definedOnly, setDefinedOnly] = useState<string>();
  const [start, setStart] = useState(true);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    loadSpecSchema().then(
      (schema) => setFields(specFields(schema)),
      (cause: unknown) => setError(errorMessage(cause)),
    );
  }, []);
  if (!fields) return error ? <ErrorMessage text={error} /> : <p class="loading">Loading…</p>;
  const set = (name: string) => (v: string | boolean) =>
    setValues((all) => ({ ...all, [name]: v }));

  const submit = async (event: Event) => {
    event.preventDefault();
    const spec: Record<string, unknown> = {};
    const extras = parseExtras(values);
    const found: Record<string, string> = { ...extras.messages };
    for (const field of fields) {
      const { value, message } = parseField(field, values[field.name] ?? '');
      if (message) found[field.name] = message;
      else if (value !== undefined) spec[field.name] = value;
    }
    // Where the daemon's field errors go: each spec field, and the ISO's own disk entry.
    const places: Record<string, string> = Object.fromEntries(fields.map((f) => [f.name, f.name]));
    if (extras.iso) {
      const disks = spec.disks ?? [];
      if (Array.isArray(disks)) {
        places[`disks.${disks.length}`] = 'iso';
        spec.disks = [...disks, { path: extras.iso, model: 'ide-cd' }];
      } else found.disks = 'a JSON list, e.g. [ ]';
    }
    setMessages(found);
    setError(undefined);
    setDefinedOnly(undefined);
    if (Object.keys(found).length) return;
    setBusy(true);
    let vm: { id: string; name: string };
    try {
      vm = await api.defineVm({ spec: spec as never });
    } catch (cause) {
      const field = cause instanceof ApiError ? closestField(cause.field, places) : undefined;
      if (field) setMessages({ [field]: serverMessage(cause) });
      else setError(errorMessage(cause));
      setBusy(false);
      return;
    }
    if (extras.diskGiB) {
      try {
        await api.createDisk(vm.id, {
          name: SYSTEM_DISK,
          sizeBytes: extras.diskGiB * GIB,
          format: extras.format,
          addToSpec: true,
        });
      } catch (cause) {
        const field =
          cause instanceof ApiError
            ? closestField(cause.field, { sizeBytes: 'diskGiB', format: 'diskFormat' })
            : undefined;
        if (field) setMessages({ [field]: serverMessage(cause) });
        setError(
          `The VM ${vm.name} was defined without its disk (make one in its Devices tab): ${errorMessage(cause)}`,
        );
        setDefinedOnly(vm.name);
        setBusy(false);
        return;
      }
    }
    try {
      if (start) await api.vmAction(vm.id, 'start');
      navigate(`/vms/${encodeURIComponent(vm.name)}`);
    } catch (cause) {
      setError(`The VM ${vm.name} was defined but did not start: ${errorMessage(cause)}`);
      setDefinedOnly(vm.name);
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
          const onValue = set(field.name);
          let input: preact.JSX.Element;
          if (field.kind === 'boolean')
            input = (
              <input
                id={id}
                type="checkbox"
                checked={value === true}
                onChange={(e) => onValue(e.currentTarget.checked)}
              />
            );
          else if (field.kind === 'choice')
            input = (
              <select
                id={id}
                value={String(value)}
                onChange={(e) => onValue(e.currentTarget.value)}
              >
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
                onInput={(e) => onValue(e.currentTarget.value)}
              />
            );
          else
            input = (
              <input
                id={id}
                inputMode={field.kind === 'integer' ? 'numeric' : 'text'}
                value={String(value)}
                placeholder={PLACEHOLDERS[field.name] ?? ''}
                onInput={(e) => onValue(e.currentTarget.value)}
              />
            );
          return (
            <Field key={field.name} name={field.name} message={messages[field.name]}>
              <label for={id}>
                {field.name}
                {field.required ? ' *' : ''}
              </label>
              {input}
            </Field>
          );
        })}
        <Field name="diskGiB" message={messages.diskGiB}>
          <label for="new-disk-size">new system disk (GiB)</label>
          <input
            id="new-disk-size"
            inputMode="numeric"
            value={String(values.diskGiB ?? '')}
            placeholder={PLACEHOLDERS.diskGiB}
            onInput={(e) => set('diskGiB')(e.currentTarget.value)}
          />
        </Field>
        <Field name="diskFormat" message={messages.diskFormat}>
          <label for="new-disk-format">its format</label>
          <select
            id="new-disk-format"
            value={String(values.diskFormat ?? 'qcow2')}
            onChange={(e) => set('diskFormat')(e.currentTarget.value)}
          >
            <option>qcow2</option>
            <option>raw</option>
          </select>
        </Field>
        <Field name="iso" message={messages.iso}>
          <label for="iso-path">boot ISO</label>
          <input
            id="iso-path"
            value={String(values.iso ?? '')}
            placeholder="/var/lib/qmon/installer.iso"
            onInput={(e) => set('iso')(e.currentTarget.value)}
          />
        </Field>
        <label class="inline">
          <input
            type="checkbox"
            checked={start}
            onChange={(e) => setStart(e.currentTarget.checked)}
          />{' '}
          start it
        </label>
        <ErrorMessage text={error} />
        {definedOnly && <a href={`#/vms/${encodeURIComponent(definedOnly)}`}>open {definedOnly}</a>}
        <button type="submit" class="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create'}
        </button>
      </form>
    </section>
  );
}
