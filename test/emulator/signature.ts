import { createHash, verify, type KeyObject } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * OCI's request signatures (draft-cavage HTTP signatures, version 1), checked the way the service does:
 *
 *   Authorization: Signature version="1",keyId="…",algorithm="rsa-sha256",headers="(request-target) host x-date …",signature="…"
 *
 * The signing string is rebuilt from the listed headers as received; `(request-target)` is the lower-case method,
 * a space, and the path with its query exactly as sent. `(request-target)`, `host` and `x-date` (or `date`) must be
 * signed; POST, PUT and PATCH must also sign `content-type`, `content-length` and `x-content-sha256`, and the last
 * two must describe the body actually received. The date must be within five minutes of the server's clock.
 *
 * Object Storage's PutObject and UploadPart are the exception OCI documents ("Special Instructions for Object
 * Storage PUT"): the body is not signed. The SDK signs only `(request-target)`, `host` and `x-date` for them (its
 * signer's forceExcludeBody), so no body header is required and the body is not checked against any.
 */
export interface ReceivedRequest {
  method: string;
  /** The request target as received: path and query, undecoded. */
  target: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** False for an object's bytes (PutObject, UploadPart), which are not signed. */
  bodySigned: boolean;
}

/** Answers the public key behind a keyId, or why there is none. */
export type KeyLookup = (keyId: string, nowMs: number) => { publicKey: KeyObject } | { reason: string };

export type SignatureCheck = { ok: true; keyId: string } | { ok: false; keyId: string | undefined; reason: string };

const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

const BODY_METHODS = ['POST', 'PUT', 'PATCH'];
const BODY_HEADERS = ['content-type', 'content-length', 'x-content-sha256'];

export function verifySignature(request: ReceivedRequest, lookupKey: KeyLookup, nowMs: number): SignatureCheck {
  const authorization = request.headers.authorization;
  if (!authorization) return { ok: false, keyId: undefined, reason: 'no Authorization header' };
  const params = parseAuthorization(authorization);
  if (!params) return { ok: false, keyId: undefined, reason: 'the Authorization header is not an HTTP signature' };
  const keyId = params.get('keyId');
  const fail = (reason: string): SignatureCheck => ({ ok: false, keyId, reason });
  if (params.get('version') !== '1') return fail('the signature is not version="1"');
  if (!keyId) return fail('the signature has no keyId');
  const algorithm = params.get('algorithm');
  if (algorithm !== undefined && algorithm.toLowerCase() !== 'rsa-sha256') return fail(`the algorithm ${algorithm} is not rsa-sha256`);
  const signature = params.get('signature');
  if (!signature) return fail('the signature is empty');

  const signed = (params.get('headers') ?? 'date').toLowerCase().split(/\s+/).filter(Boolean);
  const dateHeader = signed.includes('x-date') ? 'x-date' : 'date';
  const bodyChecked = request.bodySigned && BODY_METHODS.includes(request.method);
  const required = ['(request-target)', 'host', dateHeader, ...(bodyChecked ? BODY_HEADERS : [])];
  const unsigned = required.filter((name) => !signed.includes(name));
  if (unsigned.length > 0) return fail(`required headers are not signed: ${unsigned.join(', ')}`);
  const lines: string[] = [];
  for (const name of signed) {
    if (name === '(request-target)') {
      lines.push(`(request-target): ${request.method.toLowerCase()} ${request.target}`);
      continue;
    }
    const value = headerValue(request.headers, name);
    if (value === undefined) return fail(`the signed header ${name} is not in the request`);
    lines.push(`${name}: ${value}`);
  }

  const date = Date.parse(headerValue(request.headers, dateHeader) ?? '');
  if (Number.isNaN(date)) return fail(`the ${dateHeader} header is not an HTTP date`);
  if (Math.abs(date - nowMs) > MAX_CLOCK_SKEW_MS) {
    return fail(`the ${dateHeader} header is ${Math.round((date - nowMs) / 1000)} s from the server's clock (more than 5 minutes)`);
  }

  if (bodyChecked) {
    if (headerValue(request.headers, 'content-length') !== String(request.body.length)) return fail('content-length does not match the body received');
    const digest = createHash('sha256').update(request.body).digest('base64');
    if (headerValue(request.headers, 'x-content-sha256') !== digest) return fail('x-content-sha256 does not match the body received');
  }

  const key = lookupKey(keyId, nowMs);
  if ('reason' in key) return fail(key.reason);
  let valid: boolean;
  try {
    valid = verify('sha256', Buffer.from(lines.join('\n'), 'utf8'), key.publicKey, Buffer.from(signature, 'base64'));
  } catch {
    valid = false;
  }
  return valid ? { ok: true, keyId } : fail('the signature does not match the request');
}

/** A keyId that is safe to record: a session token is a credential, so only its kind is kept. */
export function redactKeyId(keyId: string | undefined): string | undefined {
  return keyId?.startsWith('ST$') ? 'ST$<redacted session token>' : keyId;
}

/** `Signature k1="v1",k2="v2"` -> parameters, or undefined when the header has another shape. */
function parseAuthorization(header: string): Map<string, string> | undefined {
  const match = /^Signature\s+(.*)$/is.exec(header.trim());
  if (!match) return undefined;
  const params = new Map<string, string>();
  const rest = match[1]!.replace(/\s*([A-Za-z]+)="([^"]*)"\s*(,|$)/g, (_whole, key: string, value: string) => {
    params.set(key, value);
    return '';
  });
  return rest === '' && params.size > 0 ? params : undefined;
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
