/** The live event WebSocket: stored events after `?after=`, then every new one, as JSON lines. */
import type { WebSocket } from '@fastify/websocket';
import type { FastifyRequest } from 'fastify';
import type { DaemonContext } from '../context.js';
import type { StoredEvent } from '../store/event-log.js';

/** A client that falls this far behind is dropped rather than buffered without end. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const REPLAY_LIMIT = 10_000;

export function attachEventSocket(
  socket: WebSocket,
  request: FastifyRequest,
  ctx: DaemonContext,
): void {
  const send = (event: StoredEvent) => {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      socket.close(1008, 'too slow: events were dropped');
      return;
    }
    socket.send(JSON.stringify({ type: 'event', event }));
  };
  // Subscribe before replaying, then skip what the replay has sent: nothing lost between the two.
  let replayedUpTo = 0;
  const queued: StoredEvent[] = [];
  let replaying = true;
  const unsubscribe = ctx.subscribe((event) => {
    if (replaying) queued.push(event);
    // Another host's events are live only, numbered in that host's log.
    else if (event.seq > replayedUpTo || event.host !== undefined) send(event);
  });
  const unsubscribeProgress = ctx.transfers.subscribe((progress) => {
    if (socket.readyState === socket.OPEN && socket.bufferedAmount <= MAX_BUFFERED_BYTES)
      socket.send(JSON.stringify({ type: 'progress', progress }));
  });
  const stop = () => {
    unsubscribe();
    unsubscribeProgress();
  };
  socket.on('close', stop);
  socket.on('error', stop);
  socket.on('message', () => {
    // The stream is one-way for now; input is ignored.
  });
  const after = Number((request.query as { after?: string }).after);
  if (Number.isInteger(after) && after >= 0) {
    for (const event of ctx.events.since(after, REPLAY_LIMIT)) {
      send(event);
      replayedUpTo = event.seq;
    }
  }
  replaying = false;
  for (const event of queued) if (event.seq > replayedUpTo || event.host !== undefined) send(event);
  socket.send(JSON.stringify({ type: 'ready', after: replayedUpTo }));
}
