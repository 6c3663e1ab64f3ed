export type { ApiClientOptions, ApiErrorBody, Page } from './client.js';
export { ApiClient, ApiError } from './client.js';
export type * from './types.js';
