import { EndpointBuilder, NoRetryConfigurationDetails, type AuthenticationDetailsProvider, type HttpClient } from 'oci-common';
import { GenerativeAiClient } from 'oci-generativeai';
import { signingIdentity, type PassphrasePrompt } from './credentials';
import { explainFailure, OciFailure } from './failures';
import { loadProfile, OciConfigError, type ConnectionSettings, type Profile } from './profile';
import { retryDelay } from './retryPolicy';
import { ObservedHttpClient } from './transport';
import { sleep } from '../sleep';

/** The time a call may take in all, attempts and waits included, and what cancels it. */
export interface CallBounds {
  /** Milliseconds since the epoch. */
  deadline: number;
  signal?: AbortSignal | undefined;
}

export function within(milliseconds: number, signal?: AbortSignal): CallBounds {
  return { deadline: Date.now() + milliseconds, signal };
}

export interface CallOptions extends CallBounds {
  /** What is being done, after "Could not": named in every failure. */
  action: string;
  /** Whether the request may be sent again: reads, and creates that carry a retry token. */
  idempotent: boolean;
  /** The region to call, when it is not the profile's (an OCID names its region). */
  region?: string | undefined;
}

/** What the connection needs of an SDK client: where it sends. */
export interface ServiceClient {
  endpoint: string;
  regionId: string;
}

/** One OCI service the connection calls: its SDK client, and the setting that replaces the region's endpoint. */
export interface OciService<C extends ServiceClient> {
  /** How failures name it: "no Object Storage endpoint exists for region ...". */
  title: string;
  /** The connection setting with an endpoint to call instead of the region's. */
  endpointSetting: 'endpoint' | 'objectStorageEndpoint';
  /** How failures name that setting. */
  endpointHint: string;
  /** A client that sends through `httpClient`, with the SDK's own retries off (ours replace them). */
  createClient(httpClient: HttpClient): C;
}

export const GENERATIVE_AI: OciService<GenerativeAiClient> = {
  title: 'Generative AI',
  endpointSetting: 'endpoint',
  endpointHint: 'the endpoint setting (--endpoint)',
  createClient: (httpClient) => new GenerativeAiClient({ httpClient }, { retryConfiguration: NoRetryConfigurationDetails }),
};

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** A configured endpoint, checked: https, or plain http to this machine only. `example` is a region's endpoint. */
export function checkEndpoint(endpoint: string, example = 'https://generativeai.us-chicago-1.oci.oraclecloud.com'): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new OciConfigError(`The endpoint "${endpoint}" is not a URL; give one such as ${example}.`);
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new OciConfigError(`The endpoint ${endpoint} must use https; plain http is allowed only to this machine (127.0.0.1, ::1, localhost).`);
  }
  // The Generative AI SDK appends the API version itself; Object Storage's paths carry none.
  return `${url.origin}${url.pathname.replace(/\/+$/, '').replace(/\/20231130$/, '')}`;
}

/**
 * The user's connection to OCI: their profile, read once, and every call made with our retry policy, within a
 * time bound, cancellable, and failing with one sentence that names cause and fix.
 */
export class OciConnection {
  readonly profile: Profile;
  private readonly endpoints: Partial<Record<OciService<ServiceClient>['endpointSetting'], string>> = {};
  private identityPromise: Promise<AuthenticationDetailsProvider> | undefined;

  /** Reads the profile at once, so that a broken config is reported before anything is called. */
  constructor(
    settings: ConnectionSettings,
    private readonly askPassphrase?: PassphrasePrompt,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.profile = loadProfile(settings, env);
    if (settings.endpoint) this.endpoints.endpoint = checkEndpoint(settings.endpoint);
    if (settings.objectStorageEndpoint) {
      this.endpoints.objectStorageEndpoint = checkEndpoint(settings.objectStorageEndpoint, 'https://objectstorage.us-chicago-1.oraclecloud.com');
    }
  }

  get region(): string {
    return this.profile.region;
  }

  /** A service's URL for a region, as calls will use it (without the API version). */
  endpointFor(region = this.profile.region, service: OciService<ServiceClient> = GENERATIVE_AI): string {
    const configured = this.endpoints[service.endpointSetting];
    if (configured) return configured;
    // The SDK knows each realm's domain: ask a client that never sends anything, and fill in its template's
    // options as it does before each request.
    const probe = service.createClient({ send: () => Promise.reject(new Error('not sent')) });
    probe.regionId = region;
    return EndpointBuilder.updateEndpointTemplateForOptions(probe.endpoint, undefined, false).replace(/\/20231130$/, '');
  }

  /** The signing identity, decrypted once; a failed attempt (a declined passphrase) is asked again next time. */
  private identity(): Promise<AuthenticationDetailsProvider> {
    if (!this.identityPromise) {
      this.identityPromise = signingIdentity(this.profile, this.askPassphrase);
      this.identityPromise.catch(() => (this.identityPromise = undefined));
    }
    return this.identityPromise;
  }

  /** A call to the Generative AI service. */
  call<T>(run: (client: GenerativeAiClient) => Promise<T>, options: CallOptions): Promise<T> {
    return this.callWith(GENERATIVE_AI, run, options);
  }

  /**
   * A call to any service, with a fresh client per attempt. The time bound holds until `run` settles: a body it
   * answers unread (a download) is bounded by its reader, not by the call's deadline.
   */
  async callWith<C extends ServiceClient, T>(service: OciService<C>, run: (client: C) => Promise<T>, options: CallOptions): Promise<T> {
    const region = options.region ?? this.profile.region;
    const endpoint = this.endpointFor(region, service);
    const budgetMs = Math.max(0, options.deadline - Date.now());
    const context = (exchange: ObservedHttpClient['exchange']) => ({
      action: options.action,
      service: service.title,
      endpointHint: service.endpointHint,
      profileName: this.profile.name,
      sessionProfile: this.profile.sessionTokenFile !== undefined,
      fingerprint: this.profile.fingerprint,
      region,
      endpoint,
      regionEndpoint: this.endpoints[service.endpointSetting] === undefined,
      exchange,
      budgetMs,
    });
    let identity: AuthenticationDetailsProvider;
    try {
      identity = await this.identity();
    } catch (error) {
      if (error instanceof OciConfigError) throw new OciFailure('config', `Could not ${options.action}: ${error.message}`);
      throw error;
    }
    for (let attempt = 0; ; attempt++) {
      this.throwIfStopped(options, budgetMs, false);
      const bound = attemptBound(options.deadline - Date.now(), options.signal);
      const http = new ObservedHttpClient(identity, bound.signal);
      const client = service.createClient(http);
      client.endpoint = endpoint;
      try {
        return await run(client);
      } catch (error) {
        this.throwIfStopped(options, budgetMs, bound.timedOut);
        const delay = retryDelay(error, http.exchange, attempt, options.idempotent);
        if (delay === undefined || Date.now() + delay >= options.deadline) throw explainFailure(error, context(http.exchange));
        await sleep(delay, options.signal);
      } finally {
        bound.release();
      }
    }
  }

  private throwIfStopped(options: CallOptions, budgetMs: number, timedOut: boolean): void {
    if (options.signal?.aborted) throw new OciFailure('cancelled', `Cancelled: ${options.action}.`);
    if (timedOut || Date.now() >= options.deadline) {
      throw new OciFailure(
        'timeout',
        `Could not ${options.action}: OCI did not answer within ${formatSeconds(budgetMs)}; check your network, or try again.`,
      );
    }
  }
}

/**
 * What stops one attempt: the caller's signal, or the time left. Released when the attempt settles, so that
 * neither a timer nor a listener on the caller's signal outlives it.
 */
function attemptBound(milliseconds: number, signal: AbortSignal | undefined): { signal: AbortSignal; timedOut: boolean; release(): void } {
  const controller = new AbortController();
  const cancel = (): void => controller.abort(signal?.reason);
  const bound = {
    signal: controller.signal,
    timedOut: false,
    release(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', cancel);
    },
  };
  const timer = setTimeout(() => {
    bound.timedOut = true;
    controller.abort(new DOMException('The call took longer than its time bound.', 'TimeoutError'));
  }, milliseconds);
  if (signal?.aborted) cancel();
  else signal?.addEventListener('abort', cancel, { once: true });
  return bound;
}

export function formatSeconds(milliseconds: number): string {
  const seconds = milliseconds / 1000;
  return `${seconds < 10 ? seconds.toFixed(1).replace(/\.0$/, '') : Math.round(seconds)} s`;
}
