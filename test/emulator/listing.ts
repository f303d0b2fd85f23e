import { invalidParameter, missingParameter } from './errors';

/** Query parameters of one request, read the way the service checks them (400 naming the parameter). */
export class Query {
  constructor(private readonly params: URLSearchParams) {}

  required(name: string): string {
    const value = this.params.get(name);
    if (value === null || value === '') throw missingParameter(name);
    return value;
  }

  optional(name: string): string | undefined {
    return this.params.get(name) ?? undefined;
  }

  /** A repeated parameter (`capability=CHAT&capability=FINE_TUNE`), each value checked against `allowed`. */
  all(name: string, allowed: readonly string[]): string[] {
    const values = this.params.getAll(name);
    for (const value of values) this.check(name, value, allowed);
    return values;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const value = this.optional(name);
    if (value !== undefined) this.check(name, value, allowed);
    return value as T | undefined;
  }

  private check(name: string, value: string, allowed: readonly string[]): void {
    if (!allowed.includes(value)) throw invalidParameter(`Invalid value for ${name}: "${value}". Allowed values: ${allowed.join(', ')}.`);
  }
}

export type SortOrder = 'ASC' | 'DESC';

/** The `sortBy` values an operation accepts, how to compare items by each, and each one's default order. */
export interface SortSpec<T> {
  keys: Record<string, { value: (item: T) => string | number; defaultOrder: SortOrder }>;
  defaultKey: string;
}

/**
 * Page sizes: OCI documents `limit` per operation without a service-wide default; the emulator uses 100 when it
 * is absent and accepts 1 to 1000.
 */
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

/** Sorts (ties by id, so pages never overlap), then cuts the page that `limit` and `page` ask for. */
export function listPage<T extends object>(
  items: readonly T[],
  query: Query,
  sort: SortSpec<T>,
  idOf: (item: T) => string,
): { items: T[]; nextPage: string | undefined } {
  const sortBy = query.oneOf('sortBy', Object.keys(sort.keys)) ?? sort.defaultKey;
  const key = sort.keys[sortBy]!;
  const order = query.oneOf<SortOrder>('sortOrder', ['ASC', 'DESC']) ?? key.defaultOrder;
  const direction = order === 'ASC' ? 1 : -1;
  const sorted = [...items].sort((a, b) => {
    const x = key.value(a);
    const y = key.value(b);
    if (x !== y) return (x < y ? -1 : 1) * direction;
    return idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : 0;
  });
  const limit = parseLimit(query.optional('limit'));
  const offset = parsePageToken(query.optional('page'));
  const page = sorted.slice(offset, offset + limit);
  return { items: page, nextPage: offset + limit < sorted.length ? pageToken(offset + limit) : undefined };
}

/** Times compare as numbers, so `...Z` and `...+00:00` spellings sort alike. */
export function timeValue(iso: string): number {
  return Date.parse(iso);
}

function parseLimit(text: string | undefined): number {
  if (text === undefined) return DEFAULT_LIMIT;
  const limit = Number(text);
  if (!/^\d+$/.test(text) || limit < 1 || limit > MAX_LIMIT) throw invalidParameter(`Invalid value for limit: "${text}". It must be an integer from 1 to ${MAX_LIMIT}.`);
  return limit;
}

/** Page tokens are opaque to clients; inside, the offset of the page's first item. */
function pageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64url');
}

function parsePageToken(token: string | undefined): number {
  if (token === undefined) return 0;
  try {
    const { offset } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { offset: unknown };
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // Falls through to the error below.
  }
  throw invalidParameter(`Invalid value for page: "${token}". Pass the opc-next-page value of the previous response.`);
}
