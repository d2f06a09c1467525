// Reading a report back (for replay and merge): JSON that fails the schema gets an error naming the
// file, the field and what was expected.
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { packagePath } from '../paths.js';
import type { Report } from './types.js';

export class ReportError extends Error {
  override readonly name = 'ReportError';
  constructor(readonly file: string, readonly field: string, readonly expected: string) {
    super(`${file}: ${field ? `${field}: ` : ''}${expected}`);
  }
}

let validator: ReturnType<Ajv2020['compile']> | null = null;

function validate(): ReturnType<Ajv2020['compile']> {
  if (!validator) {
    const schema = JSON.parse(readFileSync(packagePath('schemas', 'report.schema.json'), 'utf8')) as object;
    validator = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
  }
  return validator;
}

function describe(e: ErrorObject): { field: string; expected: string } {
  const field = e.instancePath.replace(/^\//, '').replace(/\//g, '.') || '(top level)';
  if (e.keyword === 'required') return { field, expected: `missing field "${String(e.params.missingProperty)}"` };
  if (e.keyword === 'additionalProperties') return { field, expected: `unexpected field "${String(e.params.additionalProperty)}"` };
  if (e.keyword === 'enum') return { field, expected: `expected one of ${JSON.stringify(e.params.allowedValues)}` };
  return { field, expected: `expected ${e.message ?? 'a valid value'}` };
}

export function parseReport(text: string, file: string): Report {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ReportError(file, '', `not JSON: ${(e as Error).message}`);
  }
  const v = validate();
  if (!v(data)) {
    const first = v.errors?.[0];
    const { field, expected } = first ? describe(first) : { field: '', expected: 'not a report' };
    const more = (v.errors?.length ?? 0) > 1 ? ` (and ${(v.errors?.length ?? 1) - 1} more problems)` : '';
    throw new ReportError(file, field, `${expected}${more}`);
  }
  return data as Report;
}

export function readReport(file: string): Report {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ReportError(file, '', `cannot read the report: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseReport(text, file);
}
