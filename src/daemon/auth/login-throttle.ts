/**
 * Slows password guessing: after `maxFailures` wrong passwords for one user
 * name within `windowMs`, further logins for that name are refused until the
 * window has passed, whatever the password. In memory, per daemon.
 */
import { QmonError } from '../../session/errors.js';

export class TooManyLoginsError extends QmonError {
  constructor(readonly retryAfterMs: number) {
    super(
      'TOO_MANY_ATTEMPTS',
      `too many wrong passwords: try again in ${Math.ceil(retryAfterMs / 1000)} s`,
    );
  }
}

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = 5,
    private readonly windowMs = 60_000,
  ) {}

  /** Throws TooManyLoginsError while `name` is locked out. */
  check(name: string, now = Date.now()): void {
    const recent = this.recent(name, now);
    if (recent.length >= this.maxFailures)
      throw new TooManyLoginsError(recent[0]! + this.windowMs - now);
  }

  failed(name: string, now = Date.now()): void {
    if (this.failures.size > 10_000) this.failures.clear(); // bounded, whatever names are tried
    this.failures.set(name, [...this.recent(name, now), now]);
  }

  succeeded(name: string): void {
    this.failures.delete(name);
  }

  private recent(name: string, now: number): number[] {
    return (this.failures.get(name) ?? []).filter((at) => at > now - this.windowMs);
  }
}
