import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { ModelsTreeChangedNotification, ModelsTreeChildrenRequest, type ModelsFilter, type ModelsTreeNode } from '../../server/src/protocol';

export const MODELS_VIEW_ID = 'ociGenaiTf.models';
/** A context key for `when` clauses: a filter is applied. */
const FILTERED_CONTEXT_KEY = 'ociGenaiTf.models.filtered';
/** How long the tree waits for a server that is starting or restarting before it says so. */
const SERVER_WAIT_MS = 60_000;

const COLLAPSIBLE: Record<ModelsTreeNode['collapsible'], vscode.TreeItemCollapsibleState> = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
};

/**
 * The "Models" tree. The server decides every node; this renders them, asks for children, and refreshes when the
 * server says the tree changed.
 */
export class ModelsTree implements vscode.TreeDataProvider<ModelsTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ModelsTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** The node object VS Code was last given for each id: refreshing one node must name that very object. */
  private readonly shown = new Map<string, ModelsTreeNode>();
  private readonly view: vscode.TreeView<ModelsTreeNode>;
  private readonly subscriptions: vscode.Disposable[];
  private filterValue: ModelsFilter = {};

  constructor(private readonly client: LanguageClient) {
    this.view = vscode.window.createTreeView(MODELS_VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this.subscriptions = [
      this.view,
      this.changed,
      client.onNotification(ModelsTreeChangedNotification, ({ filter }) => {
        this.showFilter(filter);
        this.refresh();
      }),
      // A restarted server starts with an empty tree; a server that failed to start gets its message shown.
      client.onDidChangeState(({ newState }) => {
        if (newState === State.Running || newState === State.StartFailed) this.refresh();
      }),
    ];
  }

  /** The filter the server last reported. */
  get filter(): ModelsFilter {
    return this.filterValue;
  }

  /** Renders `node` again and asks for its children again; the whole tree without one. */
  refresh(node?: ModelsTreeNode): void {
    if (!node) this.shown.clear();
    this.changed.fire(node);
  }

  /** The node with this id as it is shown now, if it is. */
  shownNode(id: string): ModelsTreeNode | undefined {
    return this.shown.get(id);
  }

  async getChildren(parent?: ModelsTreeNode): Promise<ModelsTreeNode[]> {
    try {
      await untilRunning(this.client);
      const nodes = await this.client.sendRequest(ModelsTreeChildrenRequest, parent ? { parentId: parent.id } : {});
      for (const node of nodes) this.shown.set(node.id, node);
      return nodes;
    } catch (error) {
      return [failureNode(error, parent)];
    }
  }

  getTreeItem(node: ModelsTreeNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label, COLLAPSIBLE[node.collapsible]);
    item.id = node.id;
    item.description = node.description;
    // Not trusted and without command links: the server escapes text from the service, and it stays text.
    if (node.tooltip !== undefined) item.tooltip = new vscode.MarkdownString(node.tooltip);
    if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon.id, node.icon.color ? new vscode.ThemeColor(node.icon.color) : undefined);
    item.contextValue = node.contextValue;
    if (node.command) item.command = { title: node.command.title, command: node.command.command, arguments: node.command.arguments ?? [] };
    return item;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private showFilter(filter: ModelsFilter): void {
    this.filterValue = filter;
    const parts = [filter.capability, filter.lifecycleState, filter.vendor].filter((part): part is string => Boolean(part));
    this.view.description = parts.length ? parts.join(' · ') : undefined;
    void vscode.commands.executeCommand('setContext', FILTERED_CONTEXT_KEY, parts.length > 0);
  }
}

/** Resolves once the client is running: at once, or when a start or restart under way completes. */
function untilRunning(client: LanguageClient): Promise<void> {
  if (client.state === State.Running) return Promise.resolve();
  if (client.state === State.StartFailed) return Promise.reject(new Error(notRunning));
  return new Promise((resolve, reject) => {
    const settle = (error?: Error): void => {
      clearTimeout(timer);
      subscription.dispose();
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(() => settle(new Error(notRunning)), SERVER_WAIT_MS);
    const subscription = client.onDidChangeState(({ newState }) => {
      if (newState === State.Running) settle();
      else if (newState === State.StartFailed) settle(new Error(notRunning));
    });
  });
}

const notRunning = 'The language server is not running; its log is in the "OCI Generative AI for Terraform" output.';

/** The one node shown in place of children that could not be asked for; its id is unique under its parent. */
function failureNode(error: unknown, parent: ModelsTreeNode | undefined): ModelsTreeNode {
  const message = error instanceof Error ? error.message : String(error);
  return {
    id: `message:clientFailure:${parent?.id ?? ''}`,
    label: message,
    tooltip: message,
    icon: { id: 'error', color: 'errorForeground' },
    contextValue: 'message',
    collapsible: 'none',
  };
}
