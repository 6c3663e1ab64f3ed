/** Any error → an HTTP status and a JSON body naming the code (and the field, when one is at fault). */
import { QmonError } from '../../session/errors.js';

const STATUS: Record<string, number> = {
  BAD_REQUEST: 400,
  INVALID_SPEC: 400,
  SOCKET_PATH_TOO_LONG: 400,
  DISK_IMAGE_REFUSED: 400,
  INVALID_REQUEST: 400,
  DISK_NOT_FOUND: 404,
  NO_FREE_HOTPLUG_PORT: 409,
  JOB_FAILED: 422,
  IMAGE_TOOL_FAILED: 422,
  FILE_COPY_FAILED: 422,
  GUEST_INSTALL_FAILED: 422,
  VM_TIMEOUT: 504,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  MONITOR_COMMAND_REFUSED: 403,
  NOT_FOUND: 404,
  NAME_TAKEN: 409,
  CONFLICT: 409,
  VM_ALREADY_RUNNING: 409,
  VM_EXITED: 409,
  VM_LOCKED: 409,
  MIGRATION_CANCELLED: 409,
  MIGRATION_UNREACHABLE: 409,
  MIGRATION_TLS_INVALID: 409,
  COMMAND_FAILED: 422,
  TOO_MANY_ATTEMPTS: 429,
  FLEET_UNAVAILABLE: 503,
  HOST_UNREACHABLE: 503,
  TIMEOUT: 504,
  UPSTREAM_LOST: 503,
  STORE_FULL: 507,
};

export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

interface FastifyValidationError {
  validation: { instancePath?: string; params?: Record<string, unknown>; message?: string }[];
  validationContext?: string;
  message: string;
}

export function toHttpError(error: unknown): { status: number; body: ErrorBody } {
  const validation = (error as Partial<FastifyValidationError>).validation;
  if (Array.isArray(validation)) {
    const first = validation[0];
    const where = (error as FastifyValidationError).validationContext ?? 'body';
    const missing = first?.params?.missingProperty ?? first?.params?.additionalProperty;
    const path = `${first?.instancePath ?? ''}${missing ? `/${String(missing)}` : ''}`;
    const field = `${where}${path.replaceAll('/', '.')}`;
    const why = first?.params?.additionalProperty
      ? 'is not a known field'
      : (first?.message ?? 'is invalid');
    return {
      status: 400,
      body: { error: { code: 'BAD_REQUEST', message: `${field}: ${why}`, field } },
    };
  }
  if (error instanceof QmonError) {
    const raw = (error as { field?: unknown }).field;
    // The launcher names spec fields from the spec's root; requests carry the spec in `body.spec`.
    const field =
      error.code === 'INVALID_SPEC' && typeof raw === 'string' ? `body.spec.${raw}` : raw;
    return {
      status: STATUS[error.code] ?? 500,
      body: {
        error: {
          code: error.code,
          message: error.message,
          ...(typeof field === 'string' ? { field } : {}),
        },
      },
    };
  }
  const status = (error as { statusCode?: number }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = (error as { code?: string }).code ?? 'BAD_REQUEST';
    return { status, body: { error: { code, message: (error as Error).message } } };
  }
  return {
    status: 500,
    body: {
      error: { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) },
    },
  };
}
