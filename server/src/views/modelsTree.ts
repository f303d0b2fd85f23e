import type { models } from 'oci-generativeai';
import type { Cloud, CloudStatus } from '../cloud/cloud';
import { escapeMarkdown } from '../features/markdownText';
import { loadOci } from '../oci/load';
import type { ModelsFilter, ModelsTreeNode } from '../protocol';
import type { ConfiguredCompartment, ModelsViewSettings } from '../settings';

/** A person waits on the tree: long enough for a slow link, short enough to say so. */
const CALL_BOUND_MS = 15_000;

/** What a compartment has listed so far. */
interface Listing {
  items: models.ModelSummary[];
  nextPage: string | undefined;
  /** The last call failed: this sentence is shown, with a way to retry. */
  failure?: { message: string; kind: string };
  /** A page being fetched: a second expansion waits for it rather than asking again. */
  loading?: Promise<void>;
}

/** What the tree knows of the world beyond itself. */
export interface ModelsTreeContext {
  cloud: Cloud;
  /** Model OCIDs the workspace's Terraform files already name. */
  managed: () => ReadonlySet<string>;
}

/**
 * The models view as data: roots (the configured compartments and the tenancy), each compartment's models grouped
 * Base / Custom, a page at a time, and the state nodes that say what to do when nothing can be listed. The client
 * renders these nodes as they are.
 */
export class ModelsTree {
  private settings: ModelsViewSettings = { compartments: [], pageSize: 50 };
  private filterValue: ModelsFilter = {};
  private readonly listings = new Map<string, Listing>();

  constructor(private readonly context: ModelsTreeContext) {}

  get filter(): ModelsFilter {
    return this.filterValue;
  }

  /** New settings: answers whether the tree must be shown again. */
  configure(settings: ModelsViewSettings): boolean {
    const changed = JSON.stringify(settings) !== JSON.stringify(this.settings);
    if (settings.pageSize !== this.settings.pageSize) this.listings.clear();
    this.settings = settings;
    return changed;
  }

  setFilter(filter: ModelsFilter): void {
    this.filterValue = Object.fromEntries(Object.entries(filter).filter(([, value]) => typeof value === 'string' && value !== '')) as ModelsFilter;
    this.listings.clear();
  }

  /** Forget one compartment's listing, or all (a new profile, region or trust). */
  refresh(compartmentId?: string): void {
    if (compartmentId) this.listings.delete(compartmentId);
    else this.listings.clear();
  }

  async children(parentId: string | undefined): Promise<ModelsTreeNode[]> {
    if (parentId === undefined) return this.roots();
    const [kind, compartmentId, type] = parentId.split(':') as [string, string, string | undefined];
    if (kind === 'compartment') return this.compartmentChildren(compartmentId);
    if (kind === 'group' && type) return this.groupChildren(compartmentId, type);
    return [];
  }

  async loadMore(compartmentId: string): Promise<void> {
    const listing = this.listings.get(compartmentId);
    if (!listing?.nextPage) return;
    await this.fetchPage(compartmentId, listing, listing.nextPage);
  }

  private roots(): ModelsTreeNode[] {
    const status = this.context.cloud.status;
    const tenancy = this.context.cloud.tenancy;
    if (status.state !== 'ready' || !tenancy) return stateNodes(status);
    const roots = this.settings.compartments.filter((c) => c.id !== tenancy).map((c) => compartmentNode(c, true));
    const configuredTenancy = this.settings.compartments.find((c) => c.id === tenancy);
    roots.push(compartmentNode({ id: tenancy, name: configuredTenancy?.name ?? 'Tenancy (root compartment)' }, configuredTenancy !== undefined));
    return roots;
  }

  private async compartmentChildren(compartmentId: string): Promise<ModelsTreeNode[]> {
    let listing = this.listings.get(compartmentId);
    if (!listing) {
      listing = { items: [], nextPage: undefined };
      this.listings.set(compartmentId, listing);
      await this.fetchPage(compartmentId, listing, undefined);
    } else if (listing.loading) {
      await listing.loading;
    }
    if (listing.failure) {
      // Shown once; expanding again asks OCI again.
      this.listings.delete(compartmentId);
      return failureNodes(compartmentId, listing.failure);
    }
    const nodes: ModelsTreeNode[] = [];
    for (const [type, title] of [['BASE', 'Base models'], ['CUSTOM', 'Custom models']] as const) {
      const count = listing.items.filter((model) => model.type === type).length;
      if (!count) continue;
      nodes.push({
        id: `group:${compartmentId}:${type}`,
        label: title,
        description: `${count}${listing.nextPage ? '+' : ''}`,
        icon: { id: type === 'BASE' ? 'library' : 'beaker' },
        contextValue: 'modelGroup',
        collapsible: 'expanded',
      });
    }
    if (!nodes.length && !listing.nextPage) {
      const filtered = Object.keys(this.filterValue).length > 0;
      nodes.push(messageNode(`empty:${compartmentId}`, filtered ? 'No models match the filter.' : 'No models in this compartment.', filtered ? clearFilterCommand() : undefined));
    }
    if (listing.nextPage) {
      nodes.push({
        id: `more:${compartmentId}`,
        label: 'Load more...',
        icon: { id: 'ellipsis' },
        contextValue: 'loadMore',
        collapsible: 'none',
        command: { title: 'Load more', command: 'ociGenaiTf.models.loadMore', arguments: [compartmentId] },
      });
    }
    return nodes;
  }

  private groupChildren(compartmentId: string, type: string): ModelsTreeNode[] {
    const listing = this.listings.get(compartmentId);
    if (!listing) return [];
    const managed = this.context.managed();
    const names = new Map(listing.items.map((model) => [model.id, model.displayName]));
    const region = this.context.cloud.status.region ?? '';
    return listing.items.filter((model) => model.type === type).map((model) => modelNode(compartmentId, model, managed.has(model.id), names, region));
  }

  private fetchPage(compartmentId: string, listing: Listing, page: string | undefined): Promise<void> {
    const connection = this.context.cloud.connection();
    if (!connection) {
      listing.failure = { message: this.context.cloud.status.message, kind: 'config' };
      return Promise.resolve();
    }
    const oci = loadOci();
    listing.loading = oci
      .listModelsPage(connection, { compartmentId, ...this.filterValue } as Parameters<typeof oci.listModelsPage>[1], page, this.settings.pageSize, oci.within(CALL_BOUND_MS))
      .then(
        (answer) => {
          listing.items.push(...answer.items);
          listing.nextPage = answer.nextPage;
          listing.failure = undefined;
        },
        (error: unknown) => {
          listing.failure = error instanceof oci.OciFailure ? { message: error.message, kind: error.kind } : { message: String(error), kind: 'unknown' };
        },
      )
      .finally(() => (listing.loading = undefined));
    return listing.loading;
  }
}

function compartmentNode(compartment: ConfiguredCompartment, configured: boolean): ModelsTreeNode {
  return {
    id: `compartment:${compartment.id}`,
    label: compartment.name ?? shortOcid(compartment.id),
    description: compartment.name ? shortOcid(compartment.id) : undefined,
    tooltip: `${escapeMarkdown(compartment.name ?? 'Compartment')}\n\n${escapeMarkdown(compartment.id)}`,
    icon: { id: compartment.id.startsWith('ocid1.tenancy.') ? 'home' : 'folder' },
    contextValue: configured ? 'compartment.configured' : 'compartment',
    collapsible: 'collapsed',
  };
}

/** `ocid1.compartment.oc1..aaaa…wxyz`: enough to tell compartments apart. */
function shortOcid(ocid: string): string {
  const unique = ocid.slice(ocid.lastIndexOf('.') + 1);
  return `${ocid.slice(0, ocid.lastIndexOf('.') + 1)}…${unique.slice(-8)}`;
}

const STATE_ICONS: Record<string, { id: string; color?: string }> = {
  ACTIVE: { id: 'pass', color: 'testing.iconPassed' },
  CREATING: { id: 'loading~spin' },
  FAILED: { id: 'error', color: 'errorForeground' },
  DELETING: { id: 'trash' },
  DELETED: { id: 'circle-slash', color: 'disabledForeground' },
};

/**
 * The console page of a model. The path is the Generative AI section's model page; the console itself redirects a
 * base model's OCID to the catalogue.
 */
function consoleUrl(ocid: string, region: string): string {
  return `https://cloud.oracle.com/ai-service/generative-ai/models/${encodeURIComponent(ocid)}?region=${encodeURIComponent(region)}`;
}

function modelNode(compartmentId: string, model: models.ModelSummary, managed: boolean, names: Map<string, string | undefined>, region: string): ModelsTreeNode {
  const state = model.lifecycleState;
  const description = [model.vendor, model.version, state].filter(Boolean).join(' · ');
  const target = { id: model.id, type: model.type, consoleUrl: consoleUrl(model.id, region), ...(model.displayName ? { displayName: model.displayName } : {}) };
  return {
    id: `model:${compartmentId}:${model.id}`,
    label: model.displayName ?? model.id,
    description: managed ? `${description} · in this workspace` : description,
    tooltip: modelTooltip(model, managed, names),
    icon: STATE_ICONS[state] ?? { id: 'circle-outline' },
    contextValue: `model.${model.type === 'BASE' ? 'base' : 'custom'}${managed ? '.managed' : ''}`,
    collapsible: 'none',
    command: { title: 'Show details', command: 'ociGenaiTf.models.showDetails', arguments: [{ model: target }] },
    model: target,
  };
}

function modelTooltip(model: models.ModelSummary, managed: boolean, names: Map<string, string | undefined>): string {
  const lines = [`**${escapeMarkdown(model.displayName ?? model.id)}** ${escapeMarkdown(model.version ?? '')}`, ''];
  const row = (name: string, value: string | undefined): void => {
    if (value) lines.push(`${name}: ${escapeMarkdown(value)}  `);
  };
  row('OCID', model.id);
  row('Type', model.type === 'BASE' ? 'base model' : 'custom model');
  row('State', [model.lifecycleState, model.lifecycleDetails].filter(Boolean).join(': '));
  row('Vendor', model.vendor);
  row('Capabilities', model.capabilities.join(', '));
  row('Created', model.timeCreated ? String(model.timeCreated) : undefined);
  if (model.baseModelId) row('Base model', names.get(model.baseModelId) ?? model.baseModelId);
  row('Training', model.fineTuneDetails?.trainingConfig?.trainingConfigType);
  const metrics = model.modelMetrics;
  if (metrics) {
    row('Final accuracy', metrics.finalAccuracy === undefined ? undefined : String(metrics.finalAccuracy));
    row('Final loss', metrics.finalLoss === undefined ? undefined : String(metrics.finalLoss));
  }
  if (managed) lines.push('', '_This workspace already names this model._');
  return lines.join('\n');
}

function messageNode(kind: string, label: string, command?: ModelsTreeNode['command'], icon = 'info'): ModelsTreeNode {
  const color = icon === 'error' ? 'errorForeground' : icon === 'warning' ? 'editorWarning.foreground' : undefined;
  return {
    id: `message:${kind}`,
    label,
    tooltip: escapeMarkdown(label),
    icon: color ? { id: icon, color } : { id: icon },
    contextValue: 'message',
    collapsible: 'none',
    ...(command ? { command } : {}),
  };
}

function clearFilterCommand(): ModelsTreeNode['command'] {
  return { title: 'Clear the filter', command: 'ociGenaiTf.models.clearFilter' };
}

const SELECT_PROFILE = { title: 'Choose a profile and region', command: 'ociGenaiTf.selectProfile' };
const OPEN_CONFIG = { title: 'Open the OCI config file', command: 'ociGenaiTf.openConfigFile' };

/** What the tree says when it cannot list anything, each with the thing to do about it. */
function stateNodes(status: CloudStatus): ModelsTreeNode[] {
  switch (status.state) {
    case 'off':
      return [messageNode('off', 'Calls to OCI are off: turn on the "OCI: Enabled" setting.', { title: 'Open the setting', command: 'workbench.action.openSettings', arguments: ['ociGenaiTf.oci.enabled'] }, 'circle-slash')];
    case 'untrusted':
      return [messageNode('untrusted', 'Trust this workspace to see your models: OCI is never called from an untrusted one.', { title: 'Manage workspace trust', command: 'workbench.trust.manage' }, 'shield')];
    case 'unconfigured':
      return [
        messageNode('unconfigured', 'No OCI config file: run `oci setup config`, or choose your config file in the settings.', { title: 'Open the setting', command: 'workbench.action.openSettings', arguments: ['ociGenaiTf.oci.configFile'] }, 'warning'),
      ];
    case 'error':
    case 'ready':
      return [messageNode('error', status.message, OPEN_CONFIG, 'error'), messageNode('select-profile', 'Choose another profile or region...', SELECT_PROFILE, 'account')];
  }
}

function failureNodes(compartmentId: string, failure: { message: string; kind: string }): ModelsTreeNode[] {
  const nodes: ModelsTreeNode[] = [
    {
      ...messageNode(`failure:${compartmentId}`, failure.message, { title: 'Retry', command: 'ociGenaiTf.models.refresh', arguments: [compartmentId] }, 'error'),
      description: 'click to retry',
    },
  ];
  if (failure.kind === 'authentication' || failure.kind === 'config' || failure.kind === 'clock-skew') {
    nodes.push(messageNode(`select-profile:${compartmentId}`, 'Choose another profile or region...', SELECT_PROFILE, 'account'));
    nodes.push(messageNode(`open-config:${compartmentId}`, 'Open the OCI config file', OPEN_CONFIG, 'go-to-file'));
  }
  return nodes;
}
