/**
 * Where the daemon's `error.field` belongs on a form: the most specific form
 * field at or above it. The daemon names fields `body.spec.disks.0.path`
 * (request validation) or `body.spec.disks[0].path` (the launcher's checks).
 */

/**
 * `fields` maps paths below `body` or `body.spec` (`cpus`, `disks`, `disks.1`,
 * `sizeBytes`) to form field names. Returns the form field of the longest
 * matching path, or undefined.
 */
export function closestField(
  apiField: string | undefined,
  fields: Record<string, string>,
): string | undefined {
  if (!apiField) return undefined;
  const parts = apiField
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/^body\.(spec\.)?/, '')
    .split('.');
  for (let n = parts.length; n > 0; n--) {
    const field = fields[parts.slice(0, n).join('.')];
    if (field) return field;
  }
  return undefined;
}
