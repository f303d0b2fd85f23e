import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diagnosticsWhen, screenshot, sleep, workspaceFile } from './helpers';

const main = workspaceFile('editing/main.tf');

async function open(): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(main);
  await vscode.window.showTextDocument(document);
  return document;
}

function labels(list: vscode.CompletionList): string[] {
  return list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
}

describe('editing assistance in VS Code', () => {
  it('completes argument names, allowed values and references at several positions', async () => {
    const document = await open();
    await diagnosticsWhen(main, (d) => d.length === 1);
    const line = (text: string): number => document.getText().split('\n').findIndex((l) => l.includes(text));
    const complete = (position: vscode.Position): Thenable<vscode.CompletionList> =>
      vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', main, position);

    // Inside training_config, after the chosen LoRA type: LoRA fields, not Vanilla's.
    const inTraining = labels(await complete(new vscode.Position(line('lora_rank'), 6)));
    assert.ok(inTraining.includes('lora_alpha') && !inTraining.includes('num_of_last_layers'), inTraining.join(', '));
    // In the value of training_config_type: the three types.
    const typeLine = line('training_config_type');
    const values = labels(await complete(new vscode.Position(typeLine, document.lineAt(typeLine).text.indexOf('"') + 1)));
    assert.ok(values.includes('"VANILLA_TRAINING_CONFIG"'), values.join(', '));
    // After `oci_generative_ai_dedicated_ai_cluster.`: the declared cluster.
    const clusterLine = line('dedicated_ai_cluster_id');
    const names = labels(await complete(new vscode.Position(clusterLine, document.lineAt(clusterLine).text.indexOf('.training') + 1)));
    assert.ok(names.includes('training'), names.join(', '));
  });

  it('shows a hover on an argument and on a reference', async () => {
    const document = await open();
    const hoverText = async (text: string, offset: number): Promise<string> => {
      const lineNumber = document.getText().split('\n').findIndex((l) => l.includes(text));
      const position = new vscode.Position(lineNumber, document.lineAt(lineNumber).text.indexOf(text) + offset);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', main, position);
      return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    };
    assert.match(await hoverText('base_model_id', 3), /base_model_id.*required/);
    assert.match(await hoverText('var.compartment_id', 6), /Compartment of the models\./);
  });

  it('shows the allowed values of training_config_type, and the hover of an argument, as a person sees them (screenshots)', async () => {
    const document = await open();
    const editor = vscode.window.activeTextEditor!;
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    const typeLine = document.getText().split('\n').findIndex((l) => l.includes('training_config_type'));
    const text = document.lineAt(typeLine).text;
    const inValue = new vscode.Position(typeLine, text.indexOf('"') + 1);
    editor.selection = new vscode.Selection(inValue, inValue);
    await vscode.commands.executeCommand('editor.action.triggerSuggest');
    await sleep(1500);
    await screenshot('suggest-training-config-type');
    await vscode.commands.executeCommand('hideSuggestWidget');
    const onName = new vscode.Position(typeLine, text.indexOf('training_config_type') + 4);
    editor.selection = new vscode.Selection(onName, onName);
    await vscode.commands.executeCommand('editor.action.showHover');
    await sleep(1500);
    await screenshot('hover');
    await vscode.commands.executeCommand('editor.action.hideHover');
  });

  it('shows the outline, folds blocks, colours tokens and goes to a definition', async () => {
    const document = await open();
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', main);
    const model = symbols.find((symbol) => symbol.name.startsWith('oci_generative_ai_model.'));
    assert.ok(model, symbols.map((s) => s.name).join(', '));
    assert.ok(model.children.some((child) => child.name === 'fine_tune_details'));

    const folds = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', main);
    assert.ok(folds.some((fold) => fold.start === model.range.start.line), JSON.stringify(folds));

    const legend = await vscode.commands.executeCommand<vscode.SemanticTokensLegend>('vscode.provideDocumentSemanticTokensLegend', main);
    const tokens = await vscode.commands.executeCommand<vscode.SemanticTokens>('vscode.provideDocumentSemanticTokens', main);
    assert.ok(legend.tokenTypes.includes('property'));
    // Decode the first tokens of the model's header: `resource` is a keyword, its type label a type.
    const decoded: { line: number; character: number; type: string }[] = [];
    let line = 0;
    let character = 0;
    for (let i = 0; i < tokens.data.length; i += 5) {
      line += tokens.data[i]!;
      character = tokens.data[i]! === 0 ? character + tokens.data[i + 1]! : tokens.data[i + 1]!;
      decoded.push({ line, character, type: legend.tokenTypes[tokens.data[i + 3]!]! });
    }
    const header = decoded.filter((token) => token.line === model.range.start.line).map((token) => token.type);
    assert.deepEqual(header.slice(0, 2), ['keyword', 'type']);

    const useLine = document.getText().split('\n').findIndex((l) => l.includes('var.compartment_id'));
    const position = new vscode.Position(useLine, document.lineAt(useLine).text.indexOf('var.compartment_id') + 6);
    const locations = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', main, position);
    const target = locations[0]!;
    assert.ok(('targetUri' in target ? target.targetUri : target.uri).path.endsWith('editing/variables.tf'));
  });

  it('leaves highlighting to others when its setting is off', async () => {
    await open();
    // Workspace settings: writing user settings in code-server replaces the file the runner wrote (the emulator's endpoint).
    const configuration = vscode.workspace.getConfiguration('ociGenaiTf');
    await configuration.update('semanticHighlighting', false, vscode.ConfigurationTarget.Workspace);
    try {
      assert.equal(await vscode.commands.executeCommand('vscode.provideDocumentSemanticTokens', main), undefined);
    } finally {
      await configuration.update('semanticHighlighting', undefined, vscode.ConfigurationTarget.Workspace);
    }
    const tokens = await vscode.commands.executeCommand<vscode.SemanticTokens>('vscode.provideDocumentSemanticTokens', main);
    assert.ok(tokens.data.length > 0);
  });

  it('applies the quick fix of a diagnostic through VS Code, which clears it', async () => {
    const [diagnostic] = await diagnosticsWhen(main, (d) => d.length === 1);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', main, diagnostic!.range);
    const fix = actions.find((action) => action.title === 'Change `lora_rank` to `lora_r`');
    assert.ok(fix?.edit, actions.map((a) => a.title).join(', '));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.deepEqual(await diagnosticsWhen(main, (d) => d.length === 0), []);
    assert.ok((await open()).getText().includes('      lora_r = 8'));
  });

  it('formats the document as terraform fmt does', async () => {
    const document = await open();
    const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', main, { tabSize: 2, insertSpaces: true });
    assert.ok(edits.length > 0);
    const edit = new vscode.WorkspaceEdit();
    edit.set(main, edits);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(document.getText().includes('      lora_r               = 8'), document.getText());
  });
});
