import type { Reply } from './api';
import { OPERATION_NAMES, checkFault, type OperationName } from './faults';
import type { Emulator } from './emulator';

/**
 * The emulator's control routes, under a prefix the SDK never uses. They take no signature and answer only
 * loopback callers (the emulator listens on 127.0.0.1 anyway). Bodies are JSON.
 *
 *   GET    /__emulator                  url, region, tenancyId, userId, compartmentId, namespace, operations, clockOffsetMs
 *   POST   /__emulator/faults           { operation, fault, times?, after? }  times: a count (default 1) or "always";
 *                                        after: how many requests of the operation to serve first (default 0)
 *   DELETE /__emulator/faults           forget every fault not yet applied
 *   PUT    /__emulator/clock            { offsetMs }  the emulator's clock = real time + offsetMs
 *   GET    /__emulator/requests         { items: RecordedRequest[] }
 *   DELETE /__emulator/requests         forget the recorded requests
 *   GET    /__emulator/state            { models, clusters, workRequests, multipartUploads }
 *   POST   /__emulator/api-keys         { keyId, publicKeyPem }  register an API key
 *   POST   /__emulator/session-tokens   { publicKeyPem, expiresInSeconds? } -> { token }
 *
 * A fault is one of { kind: "status", status, code?, message?, retryAfterSeconds? }, { kind: "slow", delayMs, afterBytes? },
 * { kind: "drop" }, { kind: "malformed" }, { kind: "lostResponse" } (see faults.ts).
 */
export const ADMIN_PREFIX = '/__emulator';

export function handleAdmin(emulator: Emulator, method: string, path: string, body: Buffer): Reply {
  const route = `${method} ${path.replace(/\/+$/, '')}`;
  try {
    switch (route) {
      case `GET ${ADMIN_PREFIX}`:
        return ok({
          url: emulator.url,
          region: emulator.region,
          tenancyId: emulator.tenancyId,
          userId: emulator.userId,
          compartmentId: emulator.compartmentId,
          namespace: emulator.namespace,
          operations: OPERATION_NAMES,
          clockOffsetMs: emulator.clockOffset,
        });
      case `POST ${ADMIN_PREFIX}/faults`: {
        const { operation, fault, times, after } = json(body);
        if (!OPERATION_NAMES.includes(operation)) throw new RangeError(`operation must be one of ${OPERATION_NAMES.join(', ')}.`);
        checkFault(fault);
        emulator.injectFault(operation as OperationName, fault, { times: times === 'always' ? Infinity : (times ?? 1), after: after ?? 0 });
        return noContent();
      }
      case `DELETE ${ADMIN_PREFIX}/faults`:
        emulator.clearFaults();
        return noContent();
      case `PUT ${ADMIN_PREFIX}/clock`:
        emulator.setClockOffset(json(body).offsetMs);
        return noContent();
      case `GET ${ADMIN_PREFIX}/requests`:
        return ok({ items: emulator.requests });
      case `DELETE ${ADMIN_PREFIX}/requests`:
        emulator.clearRequests();
        return noContent();
      case `GET ${ADMIN_PREFIX}/state`:
        return ok({
          models: emulator.state.models(),
          clusters: emulator.state.clusters(),
          workRequests: emulator.state.workRequests(),
          multipartUploads: emulator.state.multipartUploads(),
        });
      case `POST ${ADMIN_PREFIX}/api-keys`: {
        const { keyId, publicKeyPem } = json(body);
        if (typeof keyId !== 'string' || typeof publicKeyPem !== 'string') throw new RangeError('keyId and publicKeyPem must be strings.');
        emulator.registerApiKey(keyId, publicKeyPem);
        return noContent();
      }
      case `POST ${ADMIN_PREFIX}/session-tokens`: {
        const { publicKeyPem, expiresInSeconds } = json(body);
        if (typeof publicKeyPem !== 'string') throw new RangeError('publicKeyPem must be a string.');
        if (expiresInSeconds !== undefined && !Number.isInteger(expiresInSeconds)) throw new RangeError('expiresInSeconds must be an integer.');
        return ok({ token: emulator.issueSessionToken(publicKeyPem, { expiresInSeconds }) });
      }
      default:
        return { status: 404, body: { code: 'NotFound', message: `No emulator control route ${route}. See admin.ts for the list.` } };
    }
  } catch (error) {
    return { status: 400, body: { code: 'InvalidParameter', message: (error as Error).message } };
  }
}

function json(body: Buffer): Record<string, any> {
  const value: unknown = JSON.parse(body.length > 0 ? body.toString('utf8') : '{}');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new RangeError('The body must be a JSON object.');
  return value as Record<string, any>;
}

function ok(body: unknown): Reply {
  return { status: 200, body };
}

function noContent(): Reply {
  return { status: 204 };
}
