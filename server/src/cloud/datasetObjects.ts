import type { OciConnection } from '../oci/connection';
import { loadOci } from '../oci/load';
import type { ObjectHead } from '../oci/objectStorage';
import { RefreshingCache } from '../oci/refreshingCache';
import type { Cloud } from './cloud';
import type { ObjectTarget } from './objectTarget';

/** Datasets are uploaded and replaced more often than models change: a minute old is fresh enough for a warning. */
const FRESH_FOR_MS = 60 * 1000;
const RETRY_AFTER_FAILURE_MS = 30 * 1000;
/** Background calls: nobody waits on them, but a dead network must not keep them open for long. */
const CALL_BOUND_MS = 8000;

export interface DatasetObjectEvents {
  /** Answers came in: the warnings that use them may read differently now (called once for answers arriving together). */
  changed(): void;
  /** A lookup failed for another reason than a missing object: for the log, since the warning stays silent. */
  failed(message: string): void;
}

/**
 * What Object Storage says of the objects training datasets name (HeadObject, and what is missing when it is
 * not there), cached per object and fetched in the background, so that diagnostics never wait on the network.
 * Silent (no answer) when the editor may not call OCI, and before the SDK is loaded: the live catalog's warm-up
 * loads it soon after the editor may call OCI, and its answers publish again.
 */
export class DatasetObjects {
  private heads: RefreshingCache<string, ObjectHead> | undefined;
  private connection: OciConnection | undefined;
  private changePending = false;

  constructor(
    private readonly cloud: Cloud,
    private readonly events: DatasetObjectEvents,
  ) {}

  /** Whether objects can be asked about now: the editor may call OCI and the SDK is loaded. */
  available(): boolean {
    return this.cache() !== undefined;
  }

  /** What OCI said of the object last; undefined while it is asked, when it cannot be, or when asking failed. */
  head(target: ObjectTarget): ObjectHead | undefined {
    return this.cache()?.get(keyOf(target)).value;
  }

  /** The object was just written: ask again, and show the new answer when it comes. */
  forget(target: ObjectTarget): void {
    this.heads?.forget(keyOf(target));
    this.announceChange();
  }

  dispose(): void {
    this.heads?.dispose();
    this.heads = undefined;
    this.connection = undefined;
  }

  /** The cache of the connection in use; another profile, region or endpoint starts an empty one. */
  private cache(): RefreshingCache<string, ObjectHead> | undefined {
    // A loaded catalog means that the editor may call OCI and that the SDK is loaded; diagnostics must not load it.
    const connection = this.cloud.loadedCatalog() ? this.cloud.connection() : undefined;
    if (connection !== this.connection) {
      this.dispose();
      this.connection = connection;
      if (connection) this.heads = new RefreshingCache((key, signal) => this.fetch(connection, targetOf(key), signal), () => this.announceChange(), FRESH_FOR_MS, RETRY_AFTER_FAILURE_MS);
    }
    return this.heads;
  }

  private async fetch(connection: OciConnection, target: ObjectTarget, signal: AbortSignal): Promise<ObjectHead> {
    const oci = loadOci();
    try {
      return await oci.headObject(connection, target, oci.within(CALL_BOUND_MS, signal));
    } catch (error) {
      if (!signal.aborted) this.events.failed(error instanceof Error ? error.message : String(error));
      throw error;
    }
  }

  private announceChange(): void {
    if (this.changePending) return;
    this.changePending = true;
    setImmediate(() => {
      this.changePending = false;
      this.events.changed();
    });
  }
}

/** Exact whatever the names hold (an `oci://` URL is not, for names that are not valid). */
function keyOf(target: ObjectTarget): string {
  return JSON.stringify([target.namespace, target.bucket, target.object]);
}

function targetOf(key: string): ObjectTarget {
  const [namespace, bucket, object] = JSON.parse(key) as [string, string, string];
  return { namespace, bucket, object };
}
