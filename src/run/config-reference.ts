import { z } from 'zod';
import { configSchema } from './config.js';

interface JsonSchema {
  type?: string;
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  const?: unknown;
  enum?: unknown[];
}

export const REFERENCE_BEGIN = '<!-- config-reference:begin (generated from src/run/config.ts by `npm run docs`) -->';
export const REFERENCE_END = '<!-- config-reference:end -->';

/** The README's config reference: one row per field, generated from the zod schema. */
export function configReference(): string {
  const root = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const rows: string[] = ['| field | default | allowed | meaning |', '|---|---|---|---|'];
  const walk = (s: JsonSchema, path: string) => {
    if (s.type === 'object' && s.properties && path !== 'search.mutation') {
      if (s.description && path) rows.push(`| \`${path}\` | | | ${s.description} |`);
      for (const [k, v] of Object.entries(s.properties)) walk(v, path ? `${path}.${k}` : k);
      return;
    }
    rows.push(`| \`${path}\` | \`${JSON.stringify(s.default)}\` | ${allowed(s)} | ${s.description ?? ''} |`);
  };
  walk(root, '');
  return rows.join('\n');
}

function allowed(s: JsonSchema): string {
  if (s.anyOf) return s.anyOf.map(allowed).join(' or ');
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  const t = s.type === 'integer' ? 'integer' : s.type ?? 'value';
  const lo = s.exclusiveMinimum !== undefined ? `> ${s.exclusiveMinimum}` : s.minimum !== undefined ? `≥ ${s.minimum}` : '';
  const hi = s.maximum !== undefined ? `≤ ${s.maximum}` : '';
  return [t, [lo, hi].filter(Boolean).join(', ')].filter(Boolean).join(' ');
}
