import { Fifo } from '../session/fifo.js';

/**
 * Waiting work of many owners, taken one item per owner in turn, so a client
 * that queues thousands of commands delays the others by at most one each.
 */
export class RoundRobin<Owner, Item> {
  private readonly queues = new Map<Owner, Fifo<Item>>();
  private readonly turns = new Fifo<Owner>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(owner: Owner, item: Item): void {
    let queue = this.queues.get(owner);
    if (!queue) {
      queue = new Fifo();
      this.queues.set(owner, queue);
      this.turns.push(owner);
    }
    queue.push(item);
    this.count++;
  }

  /** The next item, from the owner whose turn it is. */
  shift(): Item | undefined {
    for (let owner = this.turns.shift(); owner !== undefined; owner = this.turns.shift()) {
      const queue = this.queues.get(owner);
      if (!queue) continue;
      const item = queue.shift()!;
      this.count--;
      if (queue.length > 0) this.turns.push(owner);
      else this.queues.delete(owner);
      return item;
    }
    return undefined;
  }

  /** Removes an owner's waiting items. */
  drop(owner: Owner): Item[] {
    const queue = this.queues.get(owner);
    if (!queue) return [];
    this.queues.delete(owner);
    const items = queue.drain();
    this.count -= items.length;
    return items;
  }

  clear(): void {
    this.queues.clear();
    this.turns.drain();
    this.count = 0;
  }
}
