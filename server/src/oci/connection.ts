import { EndpointBuilder, NoRetryConfigurationDetails, type AuthenticationDetailsProvider } from 'oci-common';
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

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** A configured endpoint, checked: https, or plain http to this machine only. */
export function checkEndpoint(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new OciConfigError(`The endpoint "${endpoint}" is not a URL; give one such as https://generativeai.us-chicago-1.oci.oraclecloud.com.`);
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new OciConfigError(`The endpoint ${endpoint} must use https; plain http is allowed only to this machine (127.0.0.1, ::1, localhost).`);
  }
  // The SDK appends the API version itself.
  return `${url.origin}${url.pathname.replace(/\/+$/, '').replace(/\/20231130$/, '')}`;
}

/**
 * The user's connection to the Generative AI service: their profile, read once, and every call made with our
 * retry policy, within a time bound, cancellable, and failing with one sentence that names cause and fix.
 */
export class OciConnection {
  readonly profile: Profile;
  private readonly endpoint: string | undefined;
  private identityPromise: Promise<AuthenticationDetailsProvider> | undefined;

  /** Reads the profile at once, so that a broken config is reported before anything is called. */
  constructor(
    settings: ConnectionSettings,
    private readonly askPassphrase?: PassphrasePrompt,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.profile = loadProfile(settings, env);
    this.endpoint = settings.endpoint ? checkEndpoint(settings.endpoint) : undefined;
  }

  get region(): string {
    return this.profile.region;
  }

  /** The service's URL for a region, as calls will use it (without the API version). */
  endpointFor(region = this.profile.region): string {
    if (this.endpoint) return this.endpoint;
    // The SDK knows each realm's domain: ask a client that never sends anything, and fill in its template's
    // options as it does before each request.
    const probe = new GenerativeAiClient({ httpClient: { send: () => Promise.reject(new Error('not sent')) } });
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

  async call<T>(run: (client: GenerativeAiClient) => Promise<T>, options: CallOptions): Promise<T> {
    const region = options.region ?? this.profile.region;
    const endpoint = this.endpointFor(region);
    const budgetMs = Math.max(0, options.deadline - Date.now());
    const context = (exchange: ObservedHttpClient['exchange']) => ({
      action: options.action,
      profileName: this.profile.name,
      sessionProfile: this.profile.sessionTokenFile !== undefined,
      fingerprint: this.profile.fingerprint,
      region,
      endpoint,
      regionEndpoint: this.endpoint === undefined,
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
      const remaining = options.deadline - Date.now();
      this.throwIfStopped(options, budgetMs);
      const attemptSignal = options.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(remaining)]) : AbortSignal.timeout(remaining);
      const http = new ObservedHttpClient(identity, attemptSignal);
      const client = new GenerativeAiClient({ httpClient: http }, { retryConfiguration: NoRetryConfigurationDetails });
      client.endpoint = endpoint;
      try {
        return await run(client);
      } catch (error) {
        this.throwIfStopped(options, budgetMs);
        const delay = retryDelay(error, http.exchange, attempt, options.idempotent);
        if (delay === undefined || Date.now() + delay >= options.deadline) throw explainFailure(error, context(http.exchange));
        await sleep(delay, options.signal);
      }
    }
  }

  private throwIfStopped(options: CallOptions, budgetMs: number): void {
    if (options.signal?.aborted) throw new OciFailure('cancelled', `Cancelled: ${options.action}.`);
    if (Date.now() >= options.deadline) {
      throw new OciFailure(
        'timeout',
        `Could not ${options.action}: OCI did not answer within ${formatSeconds(budgetMs)}; check your network, or try again.`,
      );
    }
  }
}

function formatSeconds(milliseconds: number): string {
  const seconds = milliseconds / 1000;
  return `${seconds < 10 ? seconds.toFixed(1).replace(/\.0$/, '') : Math.round(seconds)} s`;
}
