import type { RouteSpec } from './route.js';
import { authRoutes } from './routes-auth.js';
import { consoleRoutes } from './routes-console.js';
import { diskRoutes } from './routes-disks.js';
import { fileRoutes } from './routes-files.js';
import { grantRoutes } from './routes-grants.js';
import { logRoutes } from './routes-log.js';
import { metricsRoutes } from './routes-metrics.js';
import { monitorRoutes } from './routes-monitor.js';
import { nicRoutes } from './routes-nics.js';
import { snapshotRoutes } from './routes-snapshots.js';
import { summaryRoutes } from './routes-summary.js';
import { vmRoutes } from './routes-vms.js';

export const API_PREFIX = '/api/v1';

/** Every JSON route of the API (the OpenAPI document and the WebSocket are added by the server). */
export const ROUTES: readonly RouteSpec[] = [
  ...authRoutes,
  ...grantRoutes,
  ...vmRoutes,
  ...monitorRoutes,
  ...consoleRoutes,
  ...summaryRoutes,
  ...logRoutes,
  ...metricsRoutes,
  ...diskRoutes,
  ...snapshotRoutes,
  ...nicRoutes,
  ...fileRoutes,
];
