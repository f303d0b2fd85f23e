import type { PassphrasePrompt } from '../oci/credentials';
import type { OciLiveCatalog } from '../oci/liveCatalog';
import { loadOci } from '../oci/load';
import { loadProfile, OciConfigError, resolveConfigLocation, type ConnectionSettings, type Profile } from '../oci/profile';
import type { LiveCatalog } from './liveData';

/** The editor's settings for OCI (`ociGenaiTf.oci.*`). */
export interface CloudSettings extends ConnectionSettings {
  /** The compartment live values come from when a block's own cannot be worked out. */
  compartmentId?: string | undefined;
  /** Off: the editor never calls OCI. */
  enabled: boolean;
}

export type CloudState = 'off' | 'untrusted' | 'unconfigured' | 'error' | 'ready';

/** What the status bar and the log show: which profile and region, or why there is no connection. */
export interface CloudStatus {
  state: CloudState;
  profile?: string;
  region?: string;
  configFile?: string;
  message: string;
}

export interface CloudEvents {
  /** New live data came in: diagnostics and hovers that use it may read differently now. */
  liveDataChanged(): void;
  statusChanged(status: CloudStatus): void;
  /** A background call failed: for the log, since nobody waits on it. */
  callFailed(message: string): void;
}

/**
 * The editor's access to the tenancy: whether it may call OCI (setting, workspace trust, a readable profile), and
 * the live catalog when it may. The SDK is loaded on the first call, not before.
 */
/**
 * Loading the SDK takes a tenth of a second: not while the editor waits for the first diagnostics, but soon after,
 * so that live checks appear without the user asking first.
 */
const WARM_UP_DELAY_MS = 1500;

export class Cloud {
  private warmUp: NodeJS.Timeout | undefined;
  private settings: CloudSettings = { enabled: true };
  private trusted = true;
  private askPassphrase: PassphrasePrompt | undefined;
  private profile: Profile | undefined;
  private live: OciLiveCatalog | undefined;
  private current: CloudStatus = { state: 'unconfigured', message: 'OCI: not read yet' };

  constructor(
    private readonly events: CloudEvents,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  get status(): CloudStatus {
    return this.current;
  }

  /** A change of settings, trust or prompt: the connection is made again, and caches start empty. */
  configure(update: { settings?: CloudSettings; trusted?: boolean; askPassphrase?: PassphrasePrompt | undefined }): void {
    if (update.settings) this.settings = update.settings;
    if (update.trusted !== undefined) this.trusted = update.trusted;
    if ('askPassphrase' in update) this.askPassphrase = update.askPassphrase;
    this.live?.dispose();
    this.live = undefined;
    this.profile = undefined;
    clearTimeout(this.warmUp);
    this.setStatus(this.readStatus());
    if (this.current.state === 'ready') {
      this.warmUp = setTimeout(() => this.catalog() && this.events.liveDataChanged(), WARM_UP_DELAY_MS);
      this.warmUp.unref();
    }
  }

  /** The live catalog if something has already made it: for diagnostics, which must not wait for the SDK. */
  loadedCatalog(): LiveCatalog | undefined {
    return this.current.state === 'ready' ? this.live : undefined;
  }

  /** The live catalog, or undefined when the editor may not or cannot call OCI. */
  catalog(): LiveCatalog | undefined {
    if (this.current.state !== 'ready' || !this.profile) return undefined;
    if (!this.live) {
      const oci = loadOci();
      try {
        const connection = new oci.OciConnection(this.settings, this.askPassphrase, this.env);
        this.live = new oci.OciLiveCatalog(
          connection,
          () => this.events.liveDataChanged(),
          (message) => this.events.callFailed(message),
        );
      } catch (error) {
        this.setStatus({ ...this.current, state: 'error', message: error instanceof Error ? error.message : String(error) });
        return undefined;
      }
    }
    return this.live;
  }

  /** Where live values come from when a block does not say: the setting, else the tenancy (root compartment). */
  defaultCompartment(): string | undefined {
    return this.settings.compartmentId || this.profile?.tenancy;
  }

  dispose(): void {
    clearTimeout(this.warmUp);
    this.live?.dispose();
    this.live = undefined;
  }

  private readStatus(): CloudStatus {
    if (!this.settings.enabled) return { state: 'off', message: 'OCI: off (the live values setting is off)' };
    if (!this.trusted) return { state: 'untrusted', message: 'OCI: not called in an untrusted workspace' };
    const { configFile, profile } = resolveConfigLocation(this.settings, this.env);
    try {
      this.profile = loadProfile(this.settings, this.env);
    } catch (error) {
      if (!(error instanceof OciConfigError)) throw error;
      const missing = error.message.startsWith('No OCI config file');
      return { state: missing ? 'unconfigured' : 'error', profile, configFile, message: error.message };
    }
    const { name, region } = this.profile;
    return { state: 'ready', profile: name, region, configFile, message: `OCI: profile [${name}], region ${region}` };
  }

  private setStatus(status: CloudStatus): void {
    const changed = JSON.stringify(status) !== JSON.stringify(this.current);
    this.current = status;
    if (changed) this.events.statusChanged(status);
  }
}
