// Verb options declared as data: their types, their parsing, and a bad value
// refused as a usage error before anything connects.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Option } from 'commander';
import { expectTypeOf } from 'expect-type';
import { typedOptions } from '../../src/cli/options.js';
import { type Options, options, type VerbSpec } from '../../src/cli/verb.js';
import { eventsOptions, execOptions, type vmStartOptions } from '../../src/cli/verb-options.js';
import { verbs } from '../../src/cli/verbs.js';
import { runQmon } from '../support/cli.js';

function* everyVerb(list: VerbSpec[], path: string[] = []): Generator<[string, VerbSpec]> {
  for (const spec of list) {
    yield [[...path, spec.name].join(' '), spec];
    yield* everyVerb(spec.verbs ?? [], [...path, spec.name]);
  }
}

describe('verb options', () => {
  it('derive their names and types from the declared flags', () => {
    expectTypeOf<Options<typeof execOptions>>().toEqualTypeOf<{
      hmp: boolean;
      pretty: boolean;
      returnValue: boolean;
      timeout: number | undefined;
    }>();
    expectTypeOf<Options<typeof eventsOptions>>().toMatchTypeOf<{
      event: string[];
      case: boolean;
      timestamp: boolean;
    }>();
    expectTypeOf<Options<typeof vmStartOptions>['waitAgent']>().toEqualTypeOf<
      string | true | undefined
    >();
  });

  it('parse to the declared types, with defaults for absent ones', () => {
    assert.deepEqual(typedOptions(execOptions, { timeout: '1.5', pretty: true }), {
      hmp: false,
      pretty: true,
      returnValue: false,
      timeout: 1500,
    });
    assert.deepEqual(typedOptions(eventsOptions, { case: false }).event, []);
    assert.equal(typedOptions(eventsOptions, { case: false }).case, false);
    assert.deepEqual(typedOptions(eventsOptions, { event: ['A', 'B'] }).event, ['A', 'B']);
  });

  it('refuse a timeout that is not a positive number of seconds', () => {
    for (const value of ['abc', '0', '-3', '']) {
      assert.throws(
        () =>
          typedOptions(options([{ flags: '--timeout <s>', kind: 'seconds', description: '' }]), {
            timeout: value,
          }),
        (error: Error & { exitCode?: number }) =>
          error.message === `--timeout expects a number of seconds, got ${JSON.stringify(value)}` &&
          error.exitCode === 2,
      );
    }
  });

  it('are read under the name commander gives each flag', () => {
    for (const [path, spec] of everyVerb(verbs)) {
      const names = Object.keys(typedOptions(spec.options ?? [], {}));
      const commanderNames = (spec.options ?? []).map((o) => new Option(o.flags).attributeName());
      assert.deepEqual(names, commanderNames, path);
    }
  });

  it('a bad value exits 2 before anything connects', async () => {
    // There is no such VM: looking for it first would fail with 125 and "no running VM".
    const result = await runQmon(['vm', 'detach-device', 'no-such-vm', 'dev0', '--timeout', 'x']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--timeout expects a number of seconds, got "x"/);
  });
});
