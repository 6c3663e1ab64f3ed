/**
 * Every `code` a QmonError can carry. A union, so a `switch` over `error.code`
 * can be checked for exhaustiveness.
 */
export type QmonErrorCode =
  // wire
  | 'WIRE_DECODE'
  // transport
  | 'TARGET_NOT_FOUND'
  | 'CONNECTION_REFUSED'
  | 'CONNECT_TIMEOUT'
  | 'PERMISSION_DENIED'
  | 'CONNECT_FAILED'
  | 'INVALID_TARGET'
  | 'FD_PASSING_UNAVAILABLE'
  | 'FD_PASSING_FAILED'
  // session
  | 'COMMAND_FAILED'
  | 'TIMEOUT'
  | 'ABORTED'
  | 'DISCONNECTED'
  | 'PROTOCOL'
  | 'REPLY_TOO_LARGE'
  // schema
  | 'QAPI_SCHEMA_INVALID'
  // qmp
  | 'NO_GREETING'
  | 'NOT_QMP'
  | 'HMP_FAILED'
  | 'COMMAND_DROPPED'
  | 'EVENT_OVERFLOW'
  | 'UNKNOWN_COMMAND'
  | 'UNKNOWN_ARGUMENT'
  // qga
  | 'COMMAND_DISABLED'
  | 'COMMAND_NOT_FOUND'
  | 'AGENT_SOCKET_MISSING'
  | 'AGENT_CONNECTION_REFUSED'
  | 'AGENT_NOT_RESPONDING'
  | 'EXEC_TIMEOUT'
  | 'EXEC_ABORTED'
  | 'FILE_COPY_FAILED'
  | 'THAW_FAILED'
  | 'GUEST_INSTALL_FAILED'
  | 'NOT_A_REGULAR_FILE'
  | 'DANGLING_SYMLINK'
  // hmp
  | 'NOT_HMP'
  | 'NO_PROMPT'
  | 'INVALID_COMMAND_LINE'
  // launch
  | 'INVALID_SPEC'
  | 'SOCKET_PATH_TOO_LONG'
  | 'RUNTIME_DIR_UNSAFE'
  | 'VM_ALREADY_RUNNING'
  | 'VM_RUNNING'
  | 'MONITOR_BUSY'
  | 'AGENT_CHANNEL_BUSY'
  | 'VM_NOT_FOUND'
  | 'QEMU_START_FAILED'
  | 'VM_EXITED'
  | 'VM_TIMEOUT'
  | 'NO_FREE_HOTPLUG_PORT'
  | 'JOB_FAILED'
  | 'KVM_UNUSABLE'
  | 'SCREENDUMP_FAILED'
  | 'BACKING_FILE_NOT_ALLOWED'
  | 'DISK_IMAGE_REFUSED'
  | 'QEMU_USER_UNUSABLE'
  | 'QEMU_BUILD_UNAVAILABLE'
  | 'DEMO_GUEST_BUILD_FAILED'
  // mux and replay
  | 'LISTEN_INVALID'
  | 'LISTEN_IN_USE'
  | 'LISTEN_FAILED'
  | 'LISTEN_INSECURE'
  | 'LISTEN_CREDENTIALS'
  | 'UPSTREAM_GREETING'
  | 'UPSTREAM_NEGOTIATION'
  | 'UPSTREAM_LOST'
  | 'INVALID_OPTION'
  // jobs
  | 'JOB_CANCELLED'
  | 'JOB_LOST'
  | 'DISK_NOT_FOUND'
  | 'INVALID_REQUEST'
  | 'MIGRATION_CANCELLED'
  | 'MIGRATION_FAILED'
  | 'IMAGE_TOOL_FAILED'
  // libvirt
  | 'LIBVIRT_ERROR'
  | 'LIBVIRT_AUTH'
  | 'LIBVIRT_PROTOCOL'
  // daemon
  | 'TOO_MANY_ATTEMPTS'
  | 'STORE_FULL'
  | 'STORE_FAILED'
  | 'NAME_TAKEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'BAD_REQUEST'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'MONITOR_COMMAND_REFUSED'
  | 'TLS_SETUP_FAILED'
  // cli
  | 'USER_ERROR'
  // fleet
  | 'FLEET_UNAVAILABLE'
  | 'FLEET_JOIN_FAILED'
  | 'HOST_UNREACHABLE'
  | 'VM_LOCKED'
  | 'FLEET_HOST_INVALID'
  | 'MIGRATION_TLS_INVALID'
  | 'MIGRATION_UNREACHABLE';

/** Base of every error qmon raises: a stable `code` to branch on, and the cause when there is one. */
export class QmonError extends Error {
  constructor(
    readonly code: QmonErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}
