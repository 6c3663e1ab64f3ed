/**
 * The VM list, live: the daemon's event WebSocket, then one GET of the list
 * once the socket is ready (so nothing falls between the two). A STATE event
 * changes a row at once, without polling. Reconnects with a growing delay and
 * reloads the list each time.
 */
import { useEffect, useState } from 'preact/hooks';
import { type ApiEvent, api, errorMessage, type VmInfo } from './api.js';

export interface LiveVms {
  vms: VmInfo[] | undefined;
  error: string | undefined;
  connected: boolean;
}

export interface EventStreamHandlers {
  /** The socket is open and live (reconnects call it again). */
  onReady(): void;
  onEvent(event: ApiEvent): void;
  onClosed(): void;
}

/** Follows the daemon's events until `signal` aborts, reconnecting after a drop. */
export function followEvents(handlers: EventStreamHandlers, signal: AbortSignal): void {
  let delay = 500;
  const open = () => {
    if (signal.aborted) return;
    const socket = new WebSocket(api.eventSocketUrl());
    const close = () => socket.close();
    signal.addEventListener('abort', close, { once: true });
    socket.onmessage = (message) => {
      const frame = JSON.parse(String(message.data)) as { type: string; event?: ApiEvent };
      if (frame.type === 'ready') {
        delay = 500;
        handlers.onReady();
      } else if (frame.type === 'event' && frame.event) handlers.onEvent(frame.event);
    };
    socket.onclose = () => {
      signal.removeEventListener('abort', close);
      handlers.onClosed();
      if (signal.aborted) return;
      setTimeout(open, delay);
      delay = Math.min(delay * 2, 10_000);
    };
  };
  open();
}

function applyState(vms: VmInfo[], event: ApiEvent): VmInfo[] {
  const state = (event.data as { state?: unknown } | null)?.state;
  if (event.name !== 'STATE' || typeof state !== 'string') return vms;
  return vms.map((vm) => (vm.id === event.vmId ? { ...vm, state } : vm));
}

export function useLiveVms(): LiveVms {
  const [vms, setVms] = useState<VmInfo[]>();
  const [error, setError] = useState<string>();
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    const controller = new AbortController();
    let loaded = false;
    // VMs with events that came while the list was loading: fetched again after it.
    const pending = new Set<string>();
    const refetch = (id: string) =>
      api.getVm(id).then(
        (vm) =>
          setVms((list = []) =>
            list.some((v) => v.id === vm.id)
              ? list.map((v) => (v.id === vm.id ? vm : v))
              : [...list, vm],
          ),
        () => setVms((list = []) => list.filter((v) => v.id !== id)),
      );
    followEvents(
      {
        onReady() {
          setConnected(true);
          api.listVms().then(
            (list) => {
              loaded = true;
              setVms(list);
              setError(undefined);
              for (const id of pending) void refetch(id);
              pending.clear();
            },
            (cause: unknown) => setError(errorMessage(cause)),
          );
        },
        onEvent(event) {
          if (!loaded) {
            pending.add(event.vmId);
            return;
          }
          setVms((list = []) => applyState(list, event));
          // The pid and start time come with the VM itself.
          if (event.name === 'STATE') void refetch(event.vmId);
        },
        onClosed() {
          setConnected(false);
          loaded = false;
        },
      },
      controller.signal,
    );
    return () => controller.abort();
  }, []);
  return { vms, error, connected };
}
