import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidOptionError } from '../../src/mux/errors.js';
import { checkPolicy, type ListenerPolicy, refuseHmp, refuseQmp } from '../../src/mux/policy.js';

const hmc = (line: string) => ({ 'command-line': line });
const why = (refusal: { command: string; reason: string } | undefined) =>
  refusal ? `${refusal.command}: ${refusal.reason}` : 'runs';

describe('policy rules', () => {
  it('an HMP alias in a pattern stands for its command, in both protocols', () => {
    const policy: ListenerPolicy = { deny: ['s', 'q*'] };
    assert.equal(why(refuseQmp(policy, 'stop', undefined)), 'stop: in the deny-list');
    assert.equal(why(refuseHmp(policy, 'stop')), 'stop: in the deny-list');
    assert.equal(why(refuseQmp(policy, 'cont', undefined)), 'runs');
    // A prefix matches every name of an entry: q* catches quit|q and qom-*.
    assert.equal(why(refuseHmp(policy, 'qom-list /')), 'qom-list: in the deny-list');
  });

  it('prefixes and info sub-commands', () => {
    const policy: ListenerPolicy = { deny: ['migrate*', 'info mtree'] };
    assert.equal(
      why(refuseHmp(policy, 'migrate_incoming tcp::4444')),
      'migrate_incoming: in the deny-list',
    );
    assert.equal(
      why(refuseQmp(policy, 'migrate-incoming', {})),
      'migrate-incoming: in the deny-list',
    );
    assert.equal(why(refuseHmp(policy, 'info mtree -f')), 'info mtree: in the deny-list');
    assert.equal(why(refuseHmp(policy, 'info status')), 'runs');
  });

  it('read-only lets info and help through human-monitor-command, and nothing that changes state', () => {
    const policy: ListenerPolicy = { readOnly: true };
    assert.equal(why(refuseQmp(policy, 'human-monitor-command', hmc('help migrate'))), 'runs');
    assert.equal(why(refuseQmp(policy, 'human-monitor-command', hmc('? info'))), 'runs');
    assert.equal(
      why(refuseQmp(policy, 'human-monitor-command', hmc('info/x status'))),
      "info '': unknown command",
    );
    assert.equal(
      why(refuseQmp(policy, 'human-monitor-command', hmc('c'))),
      "cont (typed as 'c'): read-only",
    );
    assert.equal(why(refuseQmp(policy, 'qom-set', {})), 'qom-set: read-only');
  });

  it('an unknown HMP name is refused on a restricted listener only', () => {
    assert.equal(why(refuseHmp({ deny: ['stop'] }, 'stopp')), 'stopp: unknown command');
    assert.equal(why(refuseHmp({}, 'stopp')), 'runs');
    assert.equal(why(refuseHmp({ deny: [] }, 'stopp')), 'runs');
    assert.equal(why(refuseHmp({ allow: [] }, 'stopp')), 'stopp: unknown command');
    assert.equal(
      why(refuseHmp({ readOnly: true }, 'info nosuch')),
      "info 'nosuch': unknown command",
    );
  });

  it('quit needs allowQuit, however it is spelled', () => {
    for (const line of ['quit', 'q', '  q/x'])
      assert.match(why(refuseQmp({}, 'human-monitor-command', hmc(line))), /allowQuit is off$/);
    assert.equal(why(refuseQmp({}, 'quit', undefined)), 'quit: allowQuit is off');
    assert.equal(why(refuseHmp({ allowQuit: true }, 'q')), 'runs');
  });

  it('groups: @host-access and @read-only, in deny and allow', () => {
    const deny: ListenerPolicy = { deny: ['@host-access'] };
    for (const line of [
      'migrate -d exec:true',
      'logfile/x',
      'drive_add 0 if=none,file=/x',
      'getfd f',
    ])
      assert.match(why(refuseHmp(deny, line)), /in the deny-list$/, line);
    for (const command of ['blockdev-add', 'object-add', 'add-fd', 'netdev_add', 'chardev-add'])
      assert.match(why(refuseQmp(deny, command, {})), /in the deny-list$/, command);
    assert.equal(why(refuseHmp(deny, 'system_reset')), 'runs');
    const allow: ListenerPolicy = { allow: ['@read-only', 'cont'] };
    assert.equal(why(refuseQmp(allow, 'query-block', undefined)), 'runs');
    assert.equal(why(refuseQmp(allow, 'human-monitor-command', hmc('c'))), 'runs');
    assert.equal(
      why(refuseQmp(allow, 'human-monitor-command', hmc('s'))),
      "stop (typed as 's'): not in the allow-list",
    );
  });

  it('denying human-monitor-command refuses every HMP line through QMP', () => {
    const policy: ListenerPolicy = { deny: ['human-monitor-command'] };
    assert.equal(
      why(refuseQmp(policy, 'human-monitor-command', hmc('info status'))),
      'human-monitor-command: in the deny-list',
    );
  });

  it('refuses an unknown group or an empty pattern', () => {
    assert.throws(() => checkPolicy({ deny: ['@nope'] }, 'l'), InvalidOptionError);
    assert.throws(() => checkPolicy({ allow: [' '] }, 'l'), InvalidOptionError);
    checkPolicy({ deny: ['@host-access'], allow: ['@read-only'] }, 'l');
  });
});
