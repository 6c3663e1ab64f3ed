import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type {
  CallOptions,
  ExecuteAndWaitOptions,
  MuxCommandMap,
  MuxEventMap,
  MuxOptions,
  QgaConnectOptions,
  QmonErrorCode,
  QmpConnectOptions,
  ReplayServerOptions,
  VmSpec,
  VmStartOptions,
} from '../src/index.js';
import * as root from '../src/index.js';

/** What `import ... from 'qmon'` offers at run time; the types beside them are checked by tsc below. */
const ROOT_VALUES = [
  'AgentNotRespondingError',
  'BackingFileNotAllowedError',
  'BlockJobCancelledError',
  'BlockJobFailedError',
  'ChannelBusyError',
  'CommandAbortedError',
  'CommandDroppedError',
  'CommandTimeoutError',
  'ConnectError',
  'DemoGuestBuildError',
  'DisconnectedError',
  'DiskImageError',
  'DiskNotFoundError',
  'EventOverflowError',
  'FdPassingError',
  'FdPassingUnavailableError',
  'FileCopyError',
  'FilesystemThawError',
  'GuestExecAbandonedError',
  'GuestInstallError',
  'HmpCommandError',
  'HmpConsole',
  'ImageToolError',
  'InvalidCommandLineError',
  'InvalidJobRequestError',
  'InvalidOptionError',
  'InvalidSpecError',
  'InvalidTargetError',
  'JobFailedError',
  'JobLostError',
  'JobWaitError',
  'KvmUnusableError',
  'LibvirtAuthError',
  'LibvirtConnection',
  'LibvirtError',
  'LibvirtUriError',
  'MessageTooLargeError',
  'MigrationFailedError',
  'MuxListenError',
  'MuxUpstreamError',
  'NoFreeHotplugPortError',
  'NoGreetingError',
  'NoPromptError',
  'NotHmpError',
  'NotQmpError',
  'NotRegularFileError',
  'ProtocolError',
  'QapiCommandError',
  'QapiSchemaError',
  'QemuBuildUnavailableError',
  'QemuStartError',
  'QemuUserError',
  'QgaClient',
  'QgaCommandDisabledError',
  'QgaCommandError',
  'QgaCommandNotFoundError',
  'QgaNotReadyError',
  'QmonError',
  'QmpClient',
  'QmpCommandError',
  'ReconnectingQmpClient',
  'ReplyTooLargeError',
  'RuntimeDirError',
  'SchemaMismatchError',
  'ScreendumpError',
  'SocketPathTooLongError',
  'Vm',
  'VmAlreadyRunningError',
  'VmExitedError',
  'VmNotFoundError',
  'VmStillRunningError',
  'VmTimeoutError',
  'WireDecodeError',
  'XdrError',
  'childProcessStream',
  'startMux',
  'startReplayServer',
];

const SUBPATHS = ['wire', 'transport', 'session', 'qmp', 'qga', 'hmp', 'launch', 'mux', 'replay'];

describe("the root module ('qmon')", () => {
  it('exports exactly the clients, Vm, startMux, startReplayServer and the errors', () => {
    assert.deepEqual(Object.keys(root).sort(), ROOT_VALUES);
  });

  it('exports every QmonError subclass of every layer, and no plumbing', async () => {
    const rootValues = new Set<unknown>(Object.values(root));
    for (const subpath of SUBPATHS) {
      const layer = (await import(`../src/${subpath}/index.js`)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(layer)) {
        const isError = typeof value === 'function' && value.prototype instanceof root.QmonError;
        if (isError)
          assert.ok(rootValues.has(value), `${name} (qmon/${subpath}) is not in the root`);
      }
    }
    for (const plumbing of [
      'attachDirectReader',
      'lineOf',
      'QapiSession',
      'parsePpm',
      'isPidAlive',
    ])
      assert.ok(!(plumbing in root), `${plumbing} belongs in its subpath`);
  });

  it('types the options and the mux protocol from the root', () => {
    // Compile-time checks: this file does not type-check if any of these is missing.
    const code: QmonErrorCode = 'TIMEOUT';
    const options: [
      CallOptions?,
      ExecuteAndWaitOptions<unknown>?,
      QmpConnectOptions?,
      QgaConnectOptions?,
      MuxOptions?,
      ReplayServerOptions?,
      VmSpec?,
      VmStartOptions?,
    ] = [];
    const stats: keyof MuxCommandMap = 'x-qmon-mux-stats';
    const lost: MuxEventMap['QMON_MUX_UPSTREAM_LOST'] = { reason: 'gone', reconnecting: false };
    assert.deepEqual(
      [code, options.length, stats, lost.reconnecting],
      ['TIMEOUT', 0, stats, false],
    );
  });
});
