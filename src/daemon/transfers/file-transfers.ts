/**
 * Files to and from a guest through its agent, for the HTTP API. The agent
 * copies between a guest file and a host file (src/qga/file-copy.ts), so an
 * upload is first received into a spool file under `STATE/transfers/`
 * (0600, bounded in size), and a download is copied into one and then sent.
 * Progress goes to live subscribers (the event WebSocket) as it happens.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FileCopyResult } from '../../qga/file-copy.js';
import type { QgaClient } from '../../qga/qga-client.js';
import { BadRequestError } from '../errors.js';

/** The largest upload accepted (spooled on the state folder's disk first). */
export const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;
/** An uploaded file's permissions in the guest unless the request gives a mode. */
export const DEFAULT_GUEST_MODE = 0o644;
/** How long one transfer may take end to end, unless the request says otherwise. */
export const DEFAULT_TRANSFER_TIMEOUT_MS = 10 * 60_000;

export interface TransferProgress {
  /** The caller's `transfer` id, or one made up here. */
  transfer: string;
  vmId: string;
  direction: 'to-guest' | 'from-guest';
  guestPath: string;
  /** `receiving`: the upload arrives at the daemon; `copying`: the agent moves it; then `done` or `failed`. */
  phase: 'receiving' | 'copying' | 'done' | 'failed';
  bytes: number;
  totalBytes: number | null;
  error?: string;
}

export interface TransferRequest {
  transfer?: string | undefined;
  vmId: string;
  guestPath: string;
  timeoutMs?: number | undefined;
}

export class FileTransfers {
  private readonly listeners = new Set<(progress: TransferProgress) => void>();

  constructor(
    /** `STATE/transfers` */
    private readonly spoolDir: string,
  ) {}

  subscribe(listener: (progress: TransferProgress) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Receives `body` (at most MAX_UPLOAD_BYTES) and copies it to `guestPath` with `mode`. */
  async upload(
    agent: QgaClient,
    request: TransferRequest,
    body: Readable,
    mode: number | undefined,
  ): Promise<FileCopyResult & { transfer: string }> {
    const report = this.reporter(request, 'to-guest');
    const signal = AbortSignal.timeout(request.timeoutMs ?? DEFAULT_TRANSFER_TIMEOUT_MS);
    const spool = await this.spoolFile();
    try {
      let received = 0;
      let last = 0;
      body.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > MAX_UPLOAD_BYTES)
          body.destroy(
            new BadRequestError(
              'body',
              `larger than the ${MAX_UPLOAD_BYTES} bytes an upload may be`,
            ),
          );
        else if (received - last >= 1 << 20) {
          last = received;
          report('receiving', received, null);
        }
      });
      await pipeline(body, createWriteStream(spool, { mode: 0o600, flags: 'wx' }), { signal });
      const totalBytes = received;
      report('copying', 0, totalBytes);
      const result = await agent.copyToGuest(spool, request.guestPath, {
        signal,
        // The spool file is 0600, which the copy would otherwise hand on.
        mode: mode ?? DEFAULT_GUEST_MODE,
        onProgress: ({ bytes }) => report('copying', bytes, totalBytes),
      });
      report('done', result.bytes, totalBytes);
      return { ...result, transfer: report.transfer };
    } catch (error) {
      report('failed', 0, null, error);
      throw error;
    } finally {
      await rm(spool, { force: true });
    }
  }

  /**
   * Copies `guestPath` into a spool file and opens it for sending; the spool
   * file is removed once the stream closes (sent, or the client went away).
   */
  async download(
    agent: QgaClient,
    request: TransferRequest,
  ): Promise<{ stream: Readable; bytes: number; transfer: string }> {
    const report = this.reporter(request, 'from-guest');
    const signal = AbortSignal.timeout(request.timeoutMs ?? DEFAULT_TRANSFER_TIMEOUT_MS);
    const spool = await this.spoolFile();
    try {
      await agent.copyFromGuest(request.guestPath, spool, {
        signal,
        onProgress: ({ bytes, totalBytes }) => report('copying', bytes, totalBytes ?? null),
      });
      const { size } = await stat(spool);
      const stream = createReadStream(spool);
      // Unlinked at once: the open stream keeps the data until it closes.
      await rm(spool, { force: true });
      report('done', size, size);
      return { stream, bytes: size, transfer: report.transfer };
    } catch (error) {
      await rm(spool, { force: true });
      report('failed', 0, null, error);
      throw error;
    }
  }

  private async spoolFile(): Promise<string> {
    await mkdir(this.spoolDir, { recursive: true, mode: 0o700 });
    return join(this.spoolDir, `${randomBytes(12).toString('hex')}.part`);
  }

  private reporter(request: TransferRequest, direction: TransferProgress['direction']) {
    const transfer = request.transfer ?? randomBytes(8).toString('hex');
    const report = (
      phase: TransferProgress['phase'],
      bytes: number,
      totalBytes: number | null,
      error?: unknown,
    ) => {
      const progress: TransferProgress = {
        transfer,
        vmId: request.vmId,
        direction,
        guestPath: request.guestPath,
        phase,
        bytes,
        totalBytes,
        ...(error !== undefined
          ? { error: error instanceof Error ? error.message : String(error) }
          : {}),
      };
      for (const listener of this.listeners) listener(progress);
    };
    return Object.assign(report, { transfer });
  }
}
