/**
 * The create-VM form's fields, read from the daemon's own JSON schema of the
 * spec (the OpenAPI document): one source of truth for types, limits and
 * choices. Values typed into the form become a spec; each field gets its own
 * message, from these limits first and from the daemon's answer after.
 */
import { api } from './api.js';

export interface JsonSchema {
  type?: string;
  anyOf?: JsonSchema[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
}

export type FieldKind = 'text' | 'integer' | 'boolean' | 'choice' | 'json';

export interface SpecField {
  name: string;
  kind: FieldKind;
  required: boolean;
  choices?: string[];
  schema: JsonSchema;
}

export async function loadSpecSchema(): Promise<JsonSchema> {
  const document = await api.request<{
    paths: Record<
      string,
      { post?: { requestBody?: { content: Record<string, { schema: JsonSchema }> } } }
    >;
  }>('GET', '/openapi.json');
  const body =
    document.paths['/api/v1/vms']?.post?.requestBody?.content['application/json']?.schema;
  const spec = body?.properties?.spec;
  if (!spec) throw new Error('the daemon did not describe the VM spec');
  return spec;
}

export function specFields(schema: JsonSchema): SpecField[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, field]) => {
    const choices = field.anyOf?.every((option) => typeof option.const === 'string')
      ? field.anyOf.map((option) => option.const as string)
      : undefined;
    const kind: FieldKind = choices
      ? 'choice'
      : field.type === 'integer'
        ? 'integer'
        : field.type === 'boolean'
          ? 'boolean'
          : field.type === 'string'
            ? 'text'
            : 'json';
    return {
      name,
      kind,
      required: required.has(name),
      ...(choices ? { choices } : {}),
      schema: field,
    };
  });
}

/** The value of one field, or the message saying what is wrong with it. */
export function parseField(
  field: SpecField,
  raw: string | boolean,
): { value?: unknown; message?: string } {
  if (field.kind === 'boolean') return raw ? { value: true } : {};
  const text = String(raw).trim();
  if (text === '') return field.required ? { message: 'required' } : {};
  const { schema } = field;
  switch (field.kind) {
    case 'integer': {
      const n = Number(text);
      if (!Number.isInteger(n)) return { message: 'a whole number' };
      if (schema.minimum !== undefined && n < schema.minimum)
        return { message: `at least ${schema.minimum}` };
      if (schema.maximum !== undefined && n > schema.maximum)
        return { message: `at most ${schema.maximum}` };
      return { value: n };
    }
    case 'json':
      try {
        return { value: JSON.parse(text) };
      } catch {
        return { message: schema.type === 'array' ? 'a JSON list, e.g. [ ]' : 'JSON, e.g. { }' };
      }
    default:
      if (schema.maxLength !== undefined && text.length > schema.maxLength)
        return { message: `at most ${schema.maxLength} characters` };
      return { value: text };
  }
}
