import type { OciConnection } from '../oci/connection';
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

const NOT_READ: CloudStatus = { state: 'unconfigured', message: 'OCI: not read yet' };

export class Cloud {
  private warmUp: NodeJS.Timeout | undefined;
  private settings: CloudSettings = { enabled: true };
  private trusted = true;
  private askPassphrase: PassphrasePrompt | undefined;
  private profile: Profile | undefined;
  private connectionValue: OciConnection | undefined;
  private live: OciLiveCatalog | undefined;
  private current: CloudStatus = NOT_READ;

  constructor(
    private readonly events: CloudEvents,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  get status(): CloudStatus {
    return this.current;
  }

  /**
   * A change of settings, trust or prompt. When what the connection depends on changed, it is made again and the
   * caches start empty; a change of the default compartment alone keeps them.
   */
  configure(update: { settings?: CloudSettings; trusted?: boolean; askPassphrase?: PassphrasePrompt | undefined }): void {
    const before = this.connectionKey();
    if (update.settings) this.settings = update.settings;
    if (update.trusted !== undefined) this.trusted = update.trusted;
    const promptChanged = 'askPassphrase' in update && update.askPassphrase !== this.askPassphrase;
    if ('askPassphrase' in update) this.askPassphrase = update.askPassphrase;
    if (!promptChanged && this.connectionKey() === before && this.current !== NOT_READ) return;
    this.live?.dispose();
    this.live = undefined;
    this.connectionValue = undefined;
    this.profile = undefined;
    clearTimeout(this.warmUp);
    this.setStatus(this.readStatus());
    if (this.current.state === 'ready') {
      this.warmUp = setTimeout(() => this.catalog() && this.events.liveDataChanged(), WARM_UP_DELAY_MS);
      this.warmUp.unref();
    }
  }

  /** What the connection is made from: when it is the same, the connection and its caches stay. */
  private connectionKey(): string {
    const { configFile, profile, region, endpoint, objectStorageEndpoint, enabled } = this.settings;
    return JSON.stringify({ configFile, profile, region, endpoint, objectStorageEndpoint, enabled, trusted: this.trusted });
  }

  /** The connection, made on first use; undefined when the editor may not or cannot call OCI. */
  connection(): OciConnection | undefined {
    if (this.current.state !== 'ready' || !this.profile) return undefined;
    if (!this.connectionValue) {
      try {
        this.connectionValue = new (loadOci().OciConnection)(this.settings, this.askPassphrase, this.env);
      } catch (error) {
        this.setStatus({ ...this.current, state: 'error', message: error instanceof Error ? error.message : String(error) });
        return undefined;
      }
    }
    return this.connectionValue;
  }

  /** The live catalog if something has already made it: for diagnostics, which must not wait for the SDK. */
  loadedCatalog(): LiveCatalog | undefined {
    return this.current.state === 'ready' ? this.live : undefined;
  }

  /** The live catalog, or undefined when the editor may not or cannot call OCI. */
  catalog(): LiveCatalog | undefined {
    if (this.live) return this.live;
    const connection = this.connection();
    if (!connection) return undefined;
    this.live = new (loadOci().OciLiveCatalog)(
      connection,
      () => this.events.liveDataChanged(),
      (message) => this.events.callFailed(message),
    );
    return this.live;
  }

  /** Where live values come from when a block does not say: the setting, else the tenancy (root compartment). */
  defaultCompartment(): string | undefined {
    return this.settings.compartmentId || this.profile?.tenancy;
  }

  /** The config file and profile the settings name, whether or not they can be read. */
  configLocation(): { configFile: string; profile: string } {
    return resolveConfigLocation(this.settings, this.env);
  }

  /** The tenancy of the profile in use, for the root of the models view. */
  get tenancy(): string | undefined {
    return this.current.state === 'ready' ? this.profile?.tenancy : undefined;
  }

  dispose(): void {
    clearTimeout(this.warmUp);
    this.live?.dispose();
    this.live = undefined;
    this.connectionValue = undefined;
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
