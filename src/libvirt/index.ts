export type { LibvirtChannelTargetOptions } from './channel-target.js';
export { LIBVIRT_TARGET_PREFIX, libvirtDomainName, openLibvirtChannel } from './channel-target.js';
export { LIBVIRT_ERROR_NAMES, LibvirtAuthError, LibvirtError, LibvirtUriError } from './errors.js';
export * as libvirtProtocol from './generated/protocol.js';
export type { LibvirtConnectOptions, LibvirtDomain } from './libvirt-connection.js';
export {
  AgentTimeout,
  DOMAIN_STATES,
  DomainStartFlags,
  LibvirtConnection,
} from './libvirt-connection.js';
export { LibvirtQgaStream } from './qga-stream.js';
export type { LibvirtChannelOptions } from './qmp-stream.js';
export { LibvirtQmpStream } from './qmp-stream.js';
export type {
  ArgsOf as LibvirtArgsOf,
  CallOptions as LibvirtCallOptions,
  EventName as LibvirtEventName,
  EventOf as LibvirtEventOf,
  ProcedureName as LibvirtProcedureName,
  RetOf as LibvirtRetOf,
} from './rpc-client.js';
export { LibvirtRpcClient } from './rpc-client.js';
export { LibvirtStream } from './rpc-stream.js';
export type { LibvirtEndpoint } from './uri.js';
export { defaultLibvirtUri, parseLibvirtUri } from './uri.js';
export { XdrError } from './xdr.js';
