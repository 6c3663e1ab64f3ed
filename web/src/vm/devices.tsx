/**
 * The running VM's devices: hotplug a NIC, unplug one (the daemon returns once
 * QEMU reports DEVICE_DELETED); the VM's disk images: create (admin), attach
 * and detach.
 */
import { useEffect, useState } from 'preact/hooks';
import { ErrorMessage } from '../components/message.js';
import { api, can, type DiskImageInfo, errorMessage, type Role, type VmInfo } from '../lib/api.js';
import { bytes } from '../lib/format.js';
import { peripherals } from '../lib/vm-routes.js';

const MiB = 1024 * 1024;

export function DevicesTab(props: { vm: VmInfo; role: Role }) {
  const { vm } = props;
  const [devices, setDevices] = useState<{ id: string; type: string }[]>();
  const [disks, setDisks] = useState<DiskImageInfo[]>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<string>();
  const control = can(props.role, 'vm.control');
  const running = vm.state === 'running' || vm.state === 'paused';
  const reload = async () => {
    const [found, images] = await Promise.all([
      running && control ? peripherals(vm.id) : Promise.resolve(undefined),
      api.listDisks(vm.id),
    ]);
    setDevices(found);
    setDisks(images);
  };
  useEffect(() => {
    reload().catch((cause: unknown) => setError(errorMessage(cause)));
  }, [vm.id, vm.state]);

  const act = async (label: string, action: () => Promise<unknown>) => {
    setBusy(label);
    setError(undefined);
    try {
      await action();
      await reload();
    } catch (cause) {
      setError(errorMessage(cause));
    } finally {
      setBusy(undefined);
    }
  };
  const diskNames = new Set((disks ?? []).map((disk) => disk.name));
  const isNic = (device: { type: string }) => /net|e1000|rtl8139/.test(device.type);

  return (
    <div class="two-columns">
      <div class="card">
        <h2>Devices</h2>
        <ErrorMessage text={error} />
        {busy && <p class="progress">{busy}…</p>}
        {!running && <p class="muted">The VM is {vm.state}: devices show while it runs.</p>}
        {running && !control && <p class="muted">Listing devices needs the operator role.</p>}
        {devices && (
          <table data-testid="devices">
            <tbody>
              {devices.map((device) => (
                <tr key={device.id} data-device={device.id}>
                  <td>{device.id}</td>
                  <td>{device.type}</td>
                  <td>
                    {(isNic(device) || diskNames.has(device.id)) && (
                      <button
                        type="button"
                        class="danger"
                        disabled={busy !== undefined}
                        onClick={() =>
                          confirm(`Unplug ${device.id}?`) &&
                          act(`unplugging ${device.id}`, () =>
                            isNic(device)
                              ? api.removeNic(vm.id, device.id)
                              : api.detachDisk(vm.id, device.id),
                          )
                        }
                      >
                        Unplug
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {running && control && (
          <form
            class="inline"
            onSubmit={(event) => {
              event.preventDefault();
              const id = String(new FormData(event.currentTarget).get('id') ?? '');
              void act('plugging a NIC', () => api.addNic(vm.id, id ? { id } : {}));
            }}
          >
            <input
              name="id"
              data-testid="nic-id"
              placeholder="NIC id (optional)"
              pattern="[A-Za-z][A-Za-z0-9_\-]*"
              maxLength={22}
            />
            <button type="submit" disabled={busy !== undefined}>
              Hotplug NIC
            </button>
          </form>
        )}
      </div>
      <div class="card">
        <h2>Disk images</h2>
        <table data-testid="disks">
          <tbody>
            {(disks ?? []).map((disk) => (
              <tr key={disk.name}>
                <td>{disk.name}</td>
                <td>{disk.format}</td>
                <td>
                  {bytes(disk.virtualBytes)} ({bytes(disk.actualBytes)} used)
                </td>
                <td>{disk.inSpec ? 'in spec' : ''}</td>
                <td>
                  {running && control && !devices?.some((d) => d.id === disk.name) && (
                    <button
                      type="button"
                      disabled={busy !== undefined}
                      onClick={() =>
                        act(`attaching ${disk.name}`, () => api.attachDisk(vm.id, disk.name))
                      }
                    >
                      Attach
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {disks?.length === 0 && <p class="muted">No disk images made for this VM.</p>}
        {can(props.role, 'vm.define') && (
          <form
            class="inline"
            onSubmit={(event) => {
              event.preventDefault();
              const form = new FormData(event.currentTarget);
              const name = String(form.get('name'));
              const sizeBytes = Number(form.get('size')) * MiB;
              void act(`creating ${name}`, () =>
                api.createDisk(vm.id, {
                  name,
                  sizeBytes,
                  format: form.get('format') as 'qcow2' | 'raw',
                }),
              );
            }}
          >
            <input
              name="name"
              placeholder="image name"
              required
              pattern="[A-Za-z][A-Za-z0-9_\-]*"
              maxLength={22}
            />
            <input
              name="size"
              inputMode="numeric"
              placeholder="MiB"
              required
              pattern="[0-9]+"
              size={6}
            />
            <select name="format" aria-label="format">
              <option>qcow2</option>
              <option>raw</option>
            </select>
            <button type="submit" disabled={busy !== undefined}>
              Create disk
            </button>
          </form>
        )}
      </div>
    </div>
  );
}
