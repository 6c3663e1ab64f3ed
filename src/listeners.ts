/** Removes the listener it was returned for; calling it again does nothing. */
export type Unsubscribe = () => void;

/**
 * A set of listeners for one kind of notification. Each subscriber gets its
 * own unsubscribe, so no one replaces anyone else's listener.
 */
export class Listeners<Args extends unknown[]> {
  private list: ((...args: Args) => void)[] = [];

  get size(): number {
    return this.list.length;
  }

  add(listener: (...args: Args) => void): Unsubscribe {
    // Copy on change: a listener that unsubscribes while being called does not disturb the loop.
    this.list = [...this.list, listener];
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      const index = this.list.indexOf(listener);
      if (index >= 0) this.list = [...this.list.slice(0, index), ...this.list.slice(index + 1)];
    };
  }

  emit(...args: Args): void {
    for (const listener of this.list) listener(...args);
  }
}
