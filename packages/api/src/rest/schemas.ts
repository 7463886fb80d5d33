import { z } from 'zod';
import { appRouter } from '../router.ts';
import type { Meta } from '../trpc.ts';

/** What the REST layer reads of a tRPC procedure: its schemas, type and permission. */
export interface ProcedureInfo {
  type: 'query' | 'mutation' | 'subscription';
  input: z.ZodType | undefined;
  output: z.ZodType | undefined;
  meta: Meta | undefined;
}

interface ProcedureDef {
  _def: { type: ProcedureInfo['type']; inputs: unknown[]; output?: unknown; meta?: Meta };
}

export function procedureInfo(path: string): ProcedureInfo {
  const procedures = (appRouter as unknown as { _def: { procedures: Record<string, ProcedureDef> } })._def.procedures;
  const procedure = procedures[path];
  if (!procedure) throw new Error(`No procedure ${path}`);
  const { type, inputs, output, meta } = procedure._def;
  return {
    type,
    input: inputs[0] as z.ZodType | undefined,
    output: output as z.ZodType | undefined,
    meta,
  };
}

type Def = {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
};
export const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** JSON Schema (2020-12, as OpenAPI 3.1 uses) of a zod schema; dates travel as ISO 8601 strings. */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const json = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    override: (ctx) => {
      if (defOf(ctx.zodSchema as unknown as z.ZodType).type === 'date') {
        ctx.jsonSchema.type = 'string';
        ctx.jsonSchema.format = 'date-time';
      }
    },
  }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

/** Whether the procedure takes no input (z.void() / z.undefined()). */
export const takesNoInput = (schema: z.ZodType | undefined) =>
  !schema || ['void', 'undefined'].includes(defOf(schema).type);

/** The object schema behind optional/default/pipe wrappers, if the input is an object. */
export function objectShape(schema: z.ZodType | undefined): Record<string, z.ZodType> | null {
  if (!schema) return null;
  const def = defOf(schema);
  if (def.type === 'object') return def.shape ?? null;
  if (def.innerType) return objectShape(def.innerType);
  if (def.type === 'pipe' && def.in) return objectShape(def.in);
  return null;
}

/**
 * Turns JSON or query-string values into what the schema parses: ISO strings into Dates
 * wherever the schema has a date, and (from a query string) numbers, booleans and arrays.
 * Anything that does not convert is left as it is, for the schema to refuse.
 */
export function coerce(schema: z.ZodType, value: unknown, fromQuery: boolean): unknown {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      if (value === undefined || value === null) return value;
      return coerce(def.innerType!, value, fromQuery);
    case 'pipe':
      return coerce(def.in!, value, fromQuery);
    case 'date':
      if (typeof value !== 'string') return value;
      return /^\d{4}-\d{2}-\d{2}/.test(value) ? new Date(value) : value;
    case 'number':
      return fromQuery && typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))
        ? Number(value)
        : value;
    case 'boolean':
      if (!fromQuery) return value;
      return value === 'true' ? true : value === 'false' ? false : value;
    case 'array':
      if (fromQuery && !Array.isArray(value)) return [coerce(def.element!, value, fromQuery)];
      return Array.isArray(value) ? value.map((item) => coerce(def.element!, item, fromQuery)) : value;
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
      const shape = def.shape ?? {};
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, shape[key] ? coerce(shape[key], item, fromQuery) : item]),
      );
    }
    default:
      return value;
  }
}
