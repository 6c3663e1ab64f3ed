/**
 * `console/qmp`: one QMP message per text frame. Each WebSocket is a client of
 * the VM's multiplexer (`mux.sock`) of its own: the server sends QEMU's
 * greeting, negotiates capabilities itself, then passes on every reply to the
 * client's commands and every event exactly as QEMU wrote them. Commands are
 * judged by the role's policy before they leave; a refused one gets a
 * QMP-style error with the client's `id`.
 */
import net from 'node:net';
import type { WebSocket } from '@fastify/websocket';
import { refuseQmp } from '../../mux/policy.js';
import { UpstreamFramer } from '../../mux/upstream-framer.js';
import { parseJson, stringifyJson } from '../../wire/exact-json.js';
import { qemuJsonLimitExceeded } from '../../wire/qemu-json-limits.js';
import { MONITOR_POLICIES, roleOn } from '../auth/roles.js';
import { CLOSE, type ConsoleSession, MAX_BUFFERED_BYTES } from './console-session.js';

/** query-qmp-schema is about 200 KB; nothing QEMU sends comes near this. */
const MAX_MESSAGE_LENGTH = 16 * 1024 * 1024;

export function attachQmpStream(socket: WebSocket, session: ConsoleSession): void {
  // A grant on this VM counts, as on the HTTP routes.
  const role = roleOn(session.principal, session.vmId);
  const policy = MONITOR_POLICIES[role];
  const mux = net.connect(session.managed.vm.paths.mux);
  let phase: 'greeting' | 'negotiating' | 'ready' = 'greeting';
  const waiting: string[] = [];

  const toClient = (text: string) => {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      socket.close(CLOSE.tooSlow, 'too slow: QMP messages were dropped');
      return;
    }
    socket.send(text, { binary: false });
  };
  const framer = new UpstreamFramer({
    maxLength: MAX_MESSAGE_LENGTH,
    onMessage(text) {
      if (phase === 'greeting') {
        phase = 'negotiating';
        toClient(text);
        mux.write('{"execute":"qmp_capabilities"}\n');
      } else if (phase === 'negotiating') {
        phase = 'ready';
        for (const line of waiting.splice(0)) mux.write(line);
      } else toClient(text);
    },
    onTooLarge: () => socket.close(CLOSE.tooSlow, 'a QMP message was too large'),
  });
  mux.setEncoding('utf8');
  mux.on('data', (chunk: string) => framer.push(chunk));
  mux.on('error', () => {});
  mux.on('close', () => socket.close(CLOSE.vmGone, 'the monitor connection ended'));
  socket.on('close', () => mux.destroy());

  socket.on('message', (data: Buffer, isBinary: boolean) => {
    const answer = judge(isBinary ? undefined : data.toString('utf8'));
    if ('reply' in answer) toClient(answer.reply);
    else if (phase === 'ready') mux.write(answer.forward);
    else waiting.push(answer.forward);
  });

  function judge(text: string | undefined): { reply: string } | { forward: string } {
    let message: unknown;
    try {
      message = text === undefined ? undefined : parseJson(text);
    } catch {}
    if (typeof message !== 'object' || message === null || Array.isArray(message))
      return refuse(undefined, 'GenericError', 'expected one QMP command as a JSON object');
    const { execute, 'exec-oob': oob, arguments: args, id } = message as Record<string, unknown>;
    const name = execute ?? oob;
    if (typeof name !== 'string')
      return refuse(id, 'GenericError', "expected a command name in 'execute'");
    if (name === 'qmp_capabilities') return { reply: replyText({ return: {} }, id) };
    const refusal = refuseQmp(policy, name, args);
    if (refusal)
      return refuse(
        id,
        'GenericError',
        `${refusal.command}: refused for role ${role} (${refusal.reason})`,
      );
    const line = stringifyJson(message) as string;
    const tooBig = qemuJsonLimitExceeded(line);
    if (tooBig) return refuse(id, 'GenericError', tooBig);
    return { forward: `${line}\n` };
  }
}

function refuse(id: unknown, errorClass: string, desc: string): { reply: string } {
  return { reply: replyText({ error: { class: errorClass, desc } }, id) };
}

function replyText(body: Record<string, unknown>, id: unknown): string {
  return stringifyJson(id === undefined ? body : { ...body, id }) as string;
}
