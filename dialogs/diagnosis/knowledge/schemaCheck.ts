import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import causeSchema from '../../../knowledge/schema/cause.schema.json' with { type: 'json' };
import commonSchema from '../../../knowledge/schema/common.schema.json' with { type: 'json' };
import errorsSchema from '../../../knowledge/schema/errors.schema.json' with { type: 'json' };
import fixSchema from '../../../knowledge/schema/fix.schema.json' with { type: 'json' };
import indexSchema from '../../../knowledge/schema/knowledge.schema.json' with { type: 'json' };
import messagesSchema from '../../../knowledge/schema/messages.schema.json' with { type: 'json' };
import questionsSchema from '../../../knowledge/schema/questions.schema.json' with { type: 'json' };
import utterancesSchema from '../../../knowledge/schema/utterances.schema.json' with { type: 'json' };
import vocabularySchema from '../../../knowledge/schema/vocabulary.schema.json' with { type: 'json' };
import type { Problem } from './problem.ts';
import type { PathSegment, SourceDocument } from './sourceDocument.ts';

export type FileKind = 'index' | 'errors' | 'questions' | 'utterances' | 'messages' | 'vocabulary' | 'cause' | 'fix';

const SCHEMA_FILES: Record<FileKind, string> = {
  index: 'knowledge.schema.json',
  errors: 'errors.schema.json',
  questions: 'questions.schema.json',
  utterances: 'utterances.schema.json',
  messages: 'messages.schema.json',
  vocabulary: 'vocabulary.schema.json',
  cause: 'cause.schema.json',
  fix: 'fix.schema.json',
};

const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictTypes: false, strictRequired: false });
ajv.addSchema(commonSchema, 'common.schema.json');
ajv.addSchema(fixSchema, 'fix.schema.json');
for (const [key, schema] of [
  ['knowledge.schema.json', indexSchema],
  ['errors.schema.json', errorsSchema],
  ['questions.schema.json', questionsSchema],
  ['utterances.schema.json', utterancesSchema],
  ['messages.schema.json', messagesSchema],
  ['vocabulary.schema.json', vocabularySchema],
  ['cause.schema.json', causeSchema],
] as const) {
  ajv.addSchema(schema, key);
}

function validatorFor(kind: FileKind): ValidateFunction {
  const validate = ajv.getSchema(SCHEMA_FILES[kind]);
  if (!validate) throw new Error(`schema ${SCHEMA_FILES[kind]} is not registered`);
  return validate;
}

/** Validates one parsed file against the JSON Schema of its kind; returns located problems. */
export function checkAgainstSchema(doc: SourceDocument, kind: FileKind): Problem[] {
  const validate = validatorFor(kind);
  if (validate(doc.data)) return [];
  const errors = (validate.errors ?? []).filter(isReportable);
  return dedupe(errors).map((error) => toProblem(doc, error));
}

/** Branch internals of oneOf/anyOf/if repeat what their parent error says. */
function isReportable(error: ErrorObject): boolean {
  if (error.keyword === 'if') return false;
  return !/\/(oneOf|anyOf)\/\d+\//.test(error.schemaPath);
}

function dedupe(errors: ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function toProblem(doc: SourceDocument, error: ErrorObject): Problem {
  const path = pathOf(error.instancePath);
  const id = nearestId(doc.data, path);
  const { message, hint, atKey, extra } = describe(error);
  return doc.problemAt([...path, ...extra], message, { ...(id ? { id } : {}), ...(hint ? { hint } : {}), key: atKey });
}

type Description = { message: string; hint?: string; atKey: boolean; extra: PathSegment[] };

function describe(error: ErrorObject): Description {
  const params = error.params as Record<string, unknown>;
  const at = (message: string, hint?: string): Description => ({ message, atKey: false, extra: [], ...(hint ? { hint } : {}) });
  switch (error.keyword) {
    case 'required':
      return at(`missing required field "${String(params.missingProperty)}"`, 'see the schema named on the first line');
    case 'additionalProperties':
      return { message: `unknown field "${String(params.additionalProperty)}"`, hint: 'check the spelling against the schema', atKey: true, extra: [String(params.additionalProperty)] };
    case 'const':
      return error.schemaPath.includes('version')
        ? at(`unknown version ${JSON.stringify(error.data)}`, `this loader knows version ${JSON.stringify(params.allowedValue)}`)
        : at(`must be ${JSON.stringify(params.allowedValue)}`);
    case 'enum':
      return at(`must be one of ${(params.allowedValues as unknown[]).join(', ')}`);
    case 'oneOf':
      return at('must be a probability between 0 and 1 or one of certain, likely, possible, unlikely, rare');
    case 'anyOf':
      return error.schemaPath.includes('step')
        ? at('a step needs a command, a gui path or a note')
        : at('an error entry needs a code, messages, or generic: true');
    case 'not':
      return at('out-of-scope causes and error-code questions take no fix, otherwise or phrases', 'remove the field');
    case 'pattern':
      return at(patternMessage(String(params.pattern), error.data));
    default:
      return at(`${error.message ?? 'is invalid'}`);
  }
}

function patternMessage(pattern: string, value: unknown): string {
  if (pattern.includes('https?')) return `"${String(value)}" is not an http(s) URL`;
  if (pattern.includes('a-z0-9')) return `"${String(value)}" is not a kebab-case id`;
  if (pattern === '\\?$') return 'a question text must end with a question mark';
  if (pattern === '[^?]$') return 'the "why" line must not be a question';
  return `"${String(value)}" does not match ${pattern}`;
}

function pathOf(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** The `id` of the innermost object along the path, so a problem names what it is about. */
export function nearestId(data: unknown, path: readonly PathSegment[]): string | undefined {
  let node = data;
  let id: string | undefined;
  for (const segment of [undefined, ...path]) {
    if (segment !== undefined) node = (node as Record<string | number, unknown> | undefined)?.[segment];
    if (typeof node === 'object' && node !== null && typeof (node as { id?: unknown }).id === 'string') id = (node as { id: string }).id;
  }
  return id;
}
