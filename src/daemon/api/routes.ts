import type { RouteSpec } from './route.js';
import { authRoutes } from './routes-auth.js';
import { grantRoutes } from './routes-grants.js';
import { logRoutes } from './routes-log.js';
import { metricsRoutes } from './routes-metrics.js';
import { monitorRoutes } from './routes-monitor.js';
import { summaryRoutes } from './routes-summary.js';
import { vmRoutes } from './routes-vms.js';

export const API_PREFIX = '/api/v1';

/** Every JSON route of the API (the OpenAPI document and the WebSocket are added by the server). */
export const ROUTES: readonly RouteSpec[] = [
  ...authRoutes,
  ...grantRoutes,
  ...vmRoutes,
  ...monitorRoutes,
  ...summaryRoutes,
  ...logRoutes,
  ...metricsRoutes,
];
