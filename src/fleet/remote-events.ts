/**
 * Every host publishes its VMs' events to the `QMON_EVENTS` stream
 * (`qmon.events.HOST.VM`); each daemon follows the stream from the moment it
 * joined and hands the other hosts' events to its own live subscribers (the
 * WebSocket), marked with the host's name.
 */
import { type ConsumerMessages, DeliverPolicy, type JetStreamClient } from '@nats-io/jetstream';
import type { StoredEvent } from '../daemon/store/event-log.js';
import { EVENTS_STREAM } from './store.js';

export const eventSubject = (hostId: string, vmId: string) => `qmon.events.${hostId}.${vmId}`;

export class RemoteEvents {
  private messages?: ConsumerMessages;

  constructor(
    private readonly js: JetStreamClient,
    private readonly hostId: string,
    private readonly publish: (event: StoredEvent) => void,
  ) {}

  async start(): Promise<void> {
    const consumer = await this.js.consumers.get(EVENTS_STREAM, {
      deliver_policy: DeliverPolicy.New,
    });
    const messages = await consumer.consume();
    this.messages = messages;
    void (async () => {
      for await (const message of messages) {
        if (message.subject.split('.')[2] === this.hostId) continue;
        try {
          this.publish(message.json<StoredEvent>());
        } catch {
          // Not an event of ours: ignored.
        }
      }
    })().catch(() => {});
  }

  stop(): void {
    void this.messages?.close();
  }
}
