/**
 * `console/vnc`: raw RFB in binary frames both ways, between the viewer
 * (noVNC) and QEMU's VNC server on `vnc.sock`, which runs with
 * `share=force-shared` (viewers never kick each other) and a password (the
 * ticket's). Memory stays bounded both ways: while more than
 * `HIGH_WATER_BYTES` wait for a slow viewer, QEMU's socket is not read (QEMU
 * then holds back its updates to that viewer, as it does for any slow VNC
 * client); while QEMU does not take the viewer's input, the viewer is not read.
 */
import net from 'node:net';
import type { WebSocket } from '@fastify/websocket';
import { CLOSE, type ConsoleSession } from './console-session.js';

export const HIGH_WATER_BYTES = 2 * 1024 * 1024;

export function attachVncStream(socket: WebSocket, session: ConsoleSession): void {
  const { vm } = session.managed;
  if (!vm.spec.vnc) {
    socket.close(CLOSE.noConsole, 'this VM has no VNC server (spec: vnc)');
    return;
  }
  const qemu = net.connect(vm.paths.vnc);
  qemu.on('data', (chunk: Buffer) => {
    if (socket.readyState !== socket.OPEN) return;
    socket.send(chunk, { binary: true }, () => {
      if (qemu.isPaused() && socket.bufferedAmount < HIGH_WATER_BYTES / 2) qemu.resume();
    });
    if (socket.bufferedAmount >= HIGH_WATER_BYTES) qemu.pause();
  });
  qemu.on('drain', () => socket.resume());
  qemu.on('error', () => {});
  qemu.on('close', () => socket.close(CLOSE.vmGone, 'the VNC server closed the connection'));
  socket.on('message', (data: Buffer) => {
    if (!qemu.write(data)) socket.pause();
  });
  socket.on('close', () => qemu.destroy());
}
