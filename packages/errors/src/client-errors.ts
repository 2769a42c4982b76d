import { ErrorCode } from './codes.js';
import { errnoCode } from './errno-code.js';
import { safeGet, safeText } from './safe.js';
import { statusOf } from './status.js';
import { formatIssuePath, type FormattedIssue } from './zod.js';

/** A recognised client mistake: its catalog code and the user-facing details it carries. */
export interface ClientErrorMatch {
  code: ErrorCode;
  details: Record<string, unknown>;
}

// body-parser / raw-body `type` values (the http-errors that Express 5's body parsers throw).
const BODY_PARSER_TYPES: Readonly<Record<string, ErrorCode>> = {
  'entity.too.large': ErrorCode.FILE_TOO_LARGE,
  'entity.parse.failed': ErrorCode.INVALID_INPUT,
  'entity.verify.failed': ErrorCode.INVALID_INPUT,
  'encoding.unsupported': ErrorCode.UNSUPPORTED_FORMAT,
  'charset.unsupported': ErrorCode.UNSUPPORTED_FORMAT,
  'request.aborted': ErrorCode.INVALID_INPUT,
  'request.size.invalid': ErrorCode.INVALID_INPUT,
  'parameters.too.many': ErrorCode.INVALID_INPUT,
};

const BY_STATUS: Readonly<Record<number, ErrorCode>> = {
  413: ErrorCode.FILE_TOO_LARGE,
  415: ErrorCode.UNSUPPORTED_FORMAT,
};

/**
 * An error that an HTTP framework or body parser threw for the client's own request, as a client code:
 * http-errors style (`expose: true` with a 4xx status, body-parser's `type`), Fastify's `FST_ERR_*`
 * errors with a 4xx `statusCode`, and schema validation errors (`validation` array). 408 and 429 are left
 * to the status rules (the client may retry them). Anything else → `undefined`: an upstream's status is
 * not the client's mistake.
 */
export function clientErrorOf(error: object): ClientErrorMatch | undefined {
  const status = statusOf(error);
  if (status === undefined || status < 400 || status > 499 || status === 408 || status === 429)
    return undefined;
  const validation = safeGet(error, 'validation');
  const code = errnoCode(error);
  const fromFramework =
    safeGet(error, 'expose') === true ||
    (code !== undefined && code.startsWith('FST_ERR_')) ||
    Array.isArray(validation);
  if (!fromFramework) return undefined;

  if (Array.isArray(validation)) return validationMatch(validation);
  const type = safeGet(error, 'type');
  const byType = typeof type === 'string' && Object.hasOwn(BODY_PARSER_TYPES, type);
  const matched =
    (byType ? BODY_PARSER_TYPES[type] : undefined) ?? BY_STATUS[status] ?? ErrorCode.INVALID_INPUT;
  const details: Record<string, unknown> = {};
  const limit = safeGet(error, 'limit');
  if (matched === ErrorCode.FILE_TOO_LARGE && typeof limit === 'number' && limit > 0)
    details['maxBytes'] = limit;
  return { code: matched, details };
}

// Ajv errors as Fastify attaches them: `{ instancePath: '/name', keyword, params, message }`.
function validationMatch(validation: readonly unknown[]): ClientErrorMatch {
  const issues: FormattedIssue[] = validation.slice(0, 50).map((item) => {
    const pointer = safeText(safeGet(item, 'instancePath') ?? safeGet(item, 'dataPath'));
    const missing = safeGet(safeGet(item, 'params'), 'missingProperty');
    const segments = pointer
      .split('/')
      .slice(1)
      .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
      .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    if (typeof missing === 'string') segments.push(missing);
    const keyword = safeGet(item, 'keyword');
    return {
      path: formatIssuePath(segments),
      message: safeText(safeGet(item, 'message')) || 'is invalid',
      ...(typeof keyword === 'string' ? { code: keyword } : {}),
    };
  });
  const [first] = issues;
  const code =
    first?.code === 'required' ? ErrorCode.MISSING_REQUIRED_FIELD : ErrorCode.INVALID_INPUT;
  return {
    code,
    details: { ...(first?.path ? { field: first.path } : {}), issues },
  };
}
