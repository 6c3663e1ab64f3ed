import { QapiSchemaError, type QapiValue, type SourceLocation } from './qapi-syntax.js';

/** An `if` condition: a build symbol (`CONFIG_SPICE`, `TARGET_I386`) or `all`/`any`/`not` of others. */
export type QapiCondition =
  | { readonly symbol: string }
  | { readonly all: readonly QapiCondition[] }
  | { readonly any: readonly QapiCondition[] }
  | { readonly not: QapiCondition };

export function parseCondition(value: QapiValue, location: SourceLocation): QapiCondition {
  if (typeof value === 'string') {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) {
      throw new QapiSchemaError(`'if' condition '${value}' is not a valid symbol`, location);
    }
    return { symbol: value };
  }
  if (!(value instanceof Map) || value.size !== 1) {
    throw new QapiSchemaError(
      "an 'if' condition must be a string or an object with one of 'all', 'any', 'not'",
      location,
    );
  }
  const [operator, operand] = [...value][0]!;
  if (operator === 'not') return { not: parseCondition(operand, location) };
  if (operator === 'all' || operator === 'any') {
    if (!Array.isArray(operand) || operand.length === 0) {
      throw new QapiSchemaError(`'if' '${operator}' needs a non-empty list`, location);
    }
    const operands = operand.map((item) => parseCondition(item, location));
    return operator === 'all' ? { all: operands } : { any: operands };
  }
  throw new QapiSchemaError(`unknown 'if' operator '${operator}'`, location);
}

export function evaluateCondition(
  condition: QapiCondition,
  isDefined: (symbol: string) => boolean,
): boolean {
  if ('symbol' in condition) return isDefined(condition.symbol);
  if ('not' in condition) return !evaluateCondition(condition.not, isDefined);
  if ('all' in condition) return condition.all.every((item) => evaluateCondition(item, isDefined));
  return condition.any.some((item) => evaluateCondition(item, isDefined));
}

export function conditionSymbols(condition: QapiCondition): string[] {
  if ('symbol' in condition) return [condition.symbol];
  if ('not' in condition) return conditionSymbols(condition.not);
  return ('all' in condition ? condition.all : condition.any).flatMap(conditionSymbols);
}

/** C-like text, e.g. `CONFIG_OPENGL && CONFIG_GBM`. */
export function formatCondition(condition: QapiCondition): string {
  if ('symbol' in condition) return condition.symbol;
  if ('not' in condition) {
    const inner = formatCondition(condition.not);
    return 'symbol' in condition.not ? `!${inner}` : `!(${inner})`;
  }
  const [operands, operator] =
    'all' in condition ? [condition.all, ' && '] : [condition.any, ' || '];
  if (operands.length === 1) return formatCondition(operands[0]!);
  return operands
    .map((item) =>
      'symbol' in item || 'not' in item ? formatCondition(item) : `(${formatCondition(item)})`,
    )
    .join(operator);
}
