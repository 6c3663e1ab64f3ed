import { type FileHandle, open } from 'node:fs/promises';
import { ProtocolError } from '../session/errors.js';
import type { CallOptions } from '../session/qapi-session.js';
import type { AgentCaller } from './agent-caller.js';
import { FileCopyError, QgaCommandError } from './errors.js';
import {
  GuestInstallError,
  guestCanExec,
  guestTempPath,
  installGuestFile,
  removeGuestFile,
} from './guest-file-install.js';
import {
  type HostFileWriter,
  type HostWriteOptions,
  openHostFileWriter,
} from './host-file-writer.js';

/**
 * Bytes per `guest-file-read`/`guest-file-write`, chosen with `bench/qga.bench.ts`:
 * in a TCG guest, reads climb from 64 KiB chunks to a plateau reached at 1 MiB
 * (larger chunks gained under 10%, within noise), writes are flat (the guest's
 * JSON parsing bounds them), and memory per chunk keeps growing (a 1 MiB chunk
 * is a 1.4 MB JSON message).
 */
export const DEFAULT_CHUNK_SIZE = 1 << 20;
/** qemu-ga refuses reads above 48 MiB; a 32 MiB chunk keeps replies under the decoder's 64 MiB cap. */
export const MAX_CHUNK_SIZE = 32 << 20;

export interface CopyProgress {
  /** Bytes copied so far. */
  bytes: number;
  /** The file's size when known (the guest file may not be seekable). */
  totalBytes: number | undefined;
}

export interface FileCopyOptions {
  /** Bytes per request (1 MiB, at most 32 MiB). */
  chunkSize?: number;
  /** Called after each chunk is written, with growing `bytes`. */
  onProgress?: (progress: CopyProgress) => void;
  signal?: AbortSignal;
  /** Milliseconds each request may take (the client's default timeout). */
  timeout?: number;
}

export interface CopyFromGuestOptions extends FileCopyOptions, HostWriteOptions {}

export interface CopyToGuestOptions extends FileCopyOptions {
  /** Permission bits of the guest file (default: the host file's, as `scp` keeps them). */
  mode?: number;
}

export interface FileCopyResult {
  bytes: number;
  /**
   * Into the guest: false when the agent cannot run programs (`guest-exec`
   * disabled), so the file was written in place and kept the agent's mode
   * (0666) instead of being renamed into place with its own.
   */
  atomic?: boolean;
}

function chunkSizeOf(options: FileCopyOptions): number {
  const size = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_CHUNK_SIZE)
    throw new RangeError(`chunkSize must be an integer from 1 to ${MAX_CHUNK_SIZE}, got ${size}`);
  return size;
}

function callOptionsOf(options: FileCopyOptions): CallOptions {
  return {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
  };
}

/**
 * Copies a guest file to the host, chunk by chunk: the host write of one chunk
 * overlaps the agent's read of the next. The data goes into a temporary file
 * beside the destination, renamed over it only when complete (see
 * `openHostFileWriter` for symbolic links and special files); on failure the
 * destination is as it was, the temporary file is gone, and FileCopyError
 * says why. The guest handle is always closed.
 */
export async function copyFromGuest(
  agent: AgentCaller,
  guestPath: string,
  hostPath: string,
  options: CopyFromGuestOptions = {},
): Promise<FileCopyResult> {
  const chunkSize = chunkSizeOf(options);
  const call = callOptionsOf(options);
  let bytes = 0;
  let handle: number | bigint | undefined;
  let writer: HostFileWriter | undefined;
  try {
    handle = await agent.call('guest-file-open', { path: guestPath, mode: 'r' }, call);
    const totalBytes = await guestFileSize(agent, handle, call);
    writer = await openHostFileWriter(hostPath, options);
    const file = writer.file;
    let writing: Promise<void> = Promise.resolve();
    for (;;) {
      const chunk = await agent.call('guest-file-read', { handle, count: chunkSize }, call);
      const data = Buffer.from(chunk['buf-b64'], 'base64');
      if (data.length !== chunk.count)
        throw new ProtocolError(`guest-file-read: count ${chunk.count}, but ${data.length} bytes`);
      await writing;
      if (data.length > 0) {
        writing = writeAll(file, data).then(() => {
          bytes += data.length;
          options.onProgress?.({ bytes, totalBytes });
        });
        // Awaited before the next write; until then a failure must not count as unhandled.
        writing.catch(() => {});
      }
      if (chunk.eof || data.length === 0) break;
    }
    await writing;
    await agent.call('guest-file-close', { handle }, call);
    handle = undefined;
    await writer.commit();
    return { bytes };
  } catch (error) {
    await writer?.abort();
    throw new FileCopyError('from-guest', guestPath, hostPath, bytes, error);
  } finally {
    if (handle !== undefined) await closeQuietly(agent, handle);
  }
}

/**
 * Copies a host file into the guest, chunk by chunk: the host read of the next
 * chunk overlaps the agent's write of this one. The data goes into a temporary
 * file beside the destination, which one `guest-exec` of `/bin/sh` then gives
 * its mode and renames over the destination (written through a symbolic
 * link); an existing guest file is untouched until the data has arrived, and
 * on failure the temporary file is removed. An agent that cannot run
 * programs gets the file written in place (`atomic: false` in the result;
 * `mode` is then refused). The guest handle is always closed.
 */
export async function copyToGuest(
  agent: AgentCaller,
  hostPath: string,
  guestPath: string,
  options: CopyToGuestOptions = {},
): Promise<FileCopyResult> {
  const chunkSize = chunkSizeOf(options);
  const call = callOptionsOf(options);
  let bytes = 0;
  let handle: number | bigint | undefined;
  let file: FileHandle | undefined;
  let tempPath: string | undefined;
  try {
    file = await open(hostPath, 'r');
    const stats = await file.stat();
    const atomic = await guestCanExec(agent, call);
    if (!atomic && options.mode !== undefined) {
      throw new GuestInstallError(
        guestPath,
        'this guest agent cannot run programs (guest-exec is disabled), so it cannot set a mode',
      );
    }
    const writePath = atomic ? guestTempPath(guestPath) : guestPath;
    handle = await agent.call('guest-file-open', { path: writePath, mode: 'w' }, call);
    if (atomic) tempPath = writePath;
    const source = file;
    const readNext = () => {
      const reading = readChunk(source, chunkSize);
      reading.catch(() => {});
      return reading;
    };
    let next = readNext();
    for (;;) {
      const data = await next;
      if (data.length === 0) break;
      next = readNext();
      await writeToGuest(agent, handle, data, call);
      bytes += data.length;
      options.onProgress?.({ bytes, totalBytes: stats.size });
    }
    await agent.call('guest-file-close', { handle }, call);
    handle = undefined;
    if (tempPath) {
      await installGuestFile(agent, tempPath, guestPath, options.mode ?? stats.mode & 0o7777, call);
      tempPath = undefined;
    }
    return { bytes, atomic };
  } catch (error) {
    throw new FileCopyError('to-guest', guestPath, hostPath, bytes, error);
  } finally {
    await file?.close().catch(() => {});
    if (handle !== undefined) await closeQuietly(agent, handle);
    if (tempPath !== undefined) await removeGuestFile(agent, tempPath);
  }
}

/** The guest file's size by seeking to its end and back; undefined when it cannot seek. */
async function guestFileSize(
  agent: AgentCaller,
  handle: number | bigint,
  call: CallOptions,
): Promise<number | undefined> {
  try {
    const end = await agent.call('guest-file-seek', { handle, offset: 0, whence: 'end' }, call);
    await agent.call('guest-file-seek', { handle, offset: 0, whence: 'set' }, call);
    return Number(end.position);
  } catch (error) {
    if (error instanceof QgaCommandError) return undefined;
    throw error;
  }
}

async function writeToGuest(
  agent: AgentCaller,
  handle: number | bigint,
  data: Buffer,
  call: CallOptions,
): Promise<void> {
  for (let done = 0; done < data.length; ) {
    const rest = done === 0 ? data : data.subarray(done);
    const { count } = await agent.call(
      'guest-file-write',
      { handle, 'buf-b64': rest.toString('base64') },
      call,
    );
    if (count <= 0) throw new ProtocolError(`guest-file-write wrote ${count} bytes`);
    done += Number(count);
  }
}

async function readChunk(file: FileHandle, size: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(size);
  const { bytesRead } = await file.read(buffer, 0, size, null);
  return bytesRead === size ? buffer : buffer.subarray(0, bytesRead);
}

async function writeAll(file: FileHandle, data: Buffer): Promise<void> {
  for (let done = 0; done < data.length; ) {
    const { bytesWritten } = await file.write(data, done, data.length - done);
    done += bytesWritten;
  }
}

/**
 * Closes a guest handle after a failure, without the caller's signal (it may be
 * the reason we are here). The client resynchronises first if a request was
 * abandoned, so this waits behind nothing stale.
 */
async function closeQuietly(agent: AgentCaller, handle: number | bigint): Promise<void> {
  if (!agent.isOpen()) return;
  await agent
    .call('guest-file-close', { handle }, { timeout: agent.defaultTimeout })
    .catch(() => {});
}
