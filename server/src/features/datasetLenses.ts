import type { CodeLens } from 'vscode-languageserver-types';
import { objectUrl } from '../cloud/objectTarget';
import { SERVER_COMMANDS } from '../protocol';
import type { DatasetBlock } from './trainingDatasets';

/**
 * On each `training_dataset` block: "Check dataset" (reads the object and checks it) and "Upload dataset..." (a
 * local file to it) when its object is known; when an argument is known only to Terraform, a lens without a
 * command that says which. For an editor that may call OCI only: the caller decides.
 */
export function datasetLenses(uri: string, blocks: readonly DatasetBlock[]): CodeLens[] {
  return blocks.flatMap((block): CodeLens[] => {
    const range = { start: { line: block.typeRange.start.line, character: 0 }, end: { line: block.typeRange.start.line, character: 0 } };
    if (block.target) {
      const url = objectUrl(block.target);
      return [
        { range, command: { title: 'Check dataset', command: SERVER_COMMANDS.checkDataset, arguments: [uri, url] } },
        { range, command: { title: 'Upload dataset...', command: SERVER_COMMANDS.uploadDataset, arguments: [uri, url] } },
      ];
    }
    if (!block.unknown) return [];
    return [{ range, command: { title: `Dataset not checked: ${block.unknown.field} = ${block.unknown.written} is known only to Terraform`, command: '' } }];
  });
}
