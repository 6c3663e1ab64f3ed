export type { ApiClientOptions, ApiErrorBody, FileTransferOptions, Page } from './client.js';
export { ApiClient, ApiError } from './client.js';
export type * from './types.js';
