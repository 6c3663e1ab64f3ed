import { basename, dirname, join, normalize } from 'node:path';
import {
  type ParsedExpression,
  parseQapiText,
  type QapiDict,
  QapiSchemaError,
  type QapiValue,
} from './qapi-syntax.js';

/** A definition expression together with the module (schema file) that holds it. */
export interface LoadedExpression extends ParsedExpression {
  /** The file's base name without `.json`, as QEMU's manual names modules (`block-core`). */
  readonly module: string;
}

export type SchemaFileReader = (path: string) => string;

/**
 * Reads a schema from its entry file, following `include` directives the way
 * QEMU does: paths are relative to the including file, a file already
 * included is skipped, and an inclusion loop is an error. `pragma`
 * directives only steer QEMU's own checks and are dropped after validation.
 */
export function loadQapiSchema(entryPath: string, readFile: SchemaFileReader): LoadedExpression[] {
  const loaded: LoadedExpression[] = [];
  const included = new Set<string>();

  const loadFile = (path: string, includeChain: readonly string[]): void => {
    included.add(path);
    const module = basename(path).replace(/\.json$/, '');
    for (const expression of parseQapiText(readFile(path), path)) {
      const { value, location } = expression;
      if (value.has('include')) {
        const target = directiveValue(value, 'include', location);
        if (typeof target !== 'string') {
          throw new QapiSchemaError("the value of 'include' must be a string", location);
        }
        const targetPath = normalize(join(dirname(path), target));
        if (targetPath === path || includeChain.includes(targetPath)) {
          throw new QapiSchemaError(`inclusion loop for ${target}`, location);
        }
        if (!included.has(targetPath)) loadFile(targetPath, [...includeChain, path]);
      } else if (value.has('pragma')) {
        if (!(directiveValue(value, 'pragma', location) instanceof Map)) {
          throw new QapiSchemaError("the value of 'pragma' must be an object", location);
        }
      } else {
        loaded.push({ value, location, module });
      }
    }
  };

  loadFile(normalize(entryPath), []);
  return loaded;
}

function directiveValue(
  dict: QapiDict,
  key: string,
  location: ParsedExpression['location'],
): QapiValue {
  if (dict.size !== 1) throw new QapiSchemaError(`invalid '${key}' directive`, location);
  return dict.get(key)!;
}
