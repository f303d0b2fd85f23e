/**
 * An answer in OCI's error shape: an HTTP status and the body `{ "code": ..., "message": ... }`, with the codes
 * and (where OCI's wording is generic on purpose, as for 401) the messages of OCI's API error table.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** OCI never says why authentication failed; the emulator's request record does. */
const NOT_AUTHENTICATED_MESSAGE = 'The required information to complete authentication was not provided or was incorrect.';

export function notAuthenticated(): ApiError {
  return new ApiError(401, 'NotAuthenticated', NOT_AUTHENTICATED_MESSAGE);
}

export function notAuthorizedOrNotFound(what?: string): ApiError {
  return new ApiError(
    404,
    'NotAuthorizedOrNotFound',
    what ? `Authorization failed or requested resource not found: ${what}.` : 'Authorization failed or requested resource not found.',
  );
}

export function missingParameter(name: string): ApiError {
  return new ApiError(400, 'MissingParameter', `Missing required parameter: ${name}.`);
}

export function invalidParameter(message: string): ApiError {
  return new ApiError(400, 'InvalidParameter', message);
}

/** A resource named in the request body (not the URL) that does not exist or cannot be seen. */
export function relatedResourceNotFound(field: string, id: string): ApiError {
  return new ApiError(400, 'RelatedResourceNotAuthorizedOrNotFound', `${field}: the resource ${id} was not found, or you are not authorized to use it.`);
}

/** A JSON request body, or OCI's answer to one that is not JSON. */
export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new ApiError(400, 'CannotParseRequest', 'The request body is not valid JSON.');
  }
}

export function incorrectState(message: string): ApiError {
  return new ApiError(409, 'IncorrectState', message);
}

/** The message and extra headers OCI sends with each status the fault injector can produce. */
export function errorForStatus(status: number, code?: string, message?: string, retryAfterSeconds?: number): ApiError {
  const standard = STANDARD_ERRORS[status] ?? { code: 'InternalServerError', message: 'Internal server error.' };
  const headers: Record<string, string> = {};
  if (status === 429 || retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds ?? 1);
  return new ApiError(status, code ?? standard.code, message ?? standard.message, headers);
}

const STANDARD_ERRORS: Record<number, { code: string; message: string }> = {
  400: { code: 'InvalidParameter', message: 'A parameter is invalid or incorrectly formatted.' },
  401: { code: 'NotAuthenticated', message: NOT_AUTHENTICATED_MESSAGE },
  404: { code: 'NotAuthorizedOrNotFound', message: 'Authorization failed or requested resource not found.' },
  409: { code: 'IncorrectState', message: 'The requested state for the resource conflicts with its current state.' },
  412: { code: 'NoEtagMatch', message: 'The ETag specified in the request does not match the ETag for the resource.' },
  429: { code: 'TooManyRequests', message: 'Too many requests for the tenancy.' },
  500: { code: 'InternalServerError', message: 'Internal server error.' },
  502: { code: 'BadGateway', message: 'Bad gateway.' },
  503: { code: 'ServiceUnavailable', message: 'The service is currently unavailable.' },
  504: { code: 'GatewayTimeout', message: 'Gateway timeout.' },
};
