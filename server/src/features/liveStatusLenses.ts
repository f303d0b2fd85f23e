import type { CodeLens } from 'vscode-languageserver-types';
import type { ModelBlockStatus } from '../drift/driftChecks';
import { driftSummary, reportFields } from '../drift/driftReport';
import { liveStatusTitle } from '../drift/liveStatus';
import { SERVER_COMMANDS } from '../protocol';

/**
 * Above each model block the module knows an OCID for: what OCI says of the model (a click reads it again), and
 * whether the file still describes it (a click shows the whole comparison).
 */
export function liveStatusLenses(uri: string, statuses: readonly ModelBlockStatus[]): CodeLens[] {
  return statuses.flatMap((status) => {
    const range = { start: { line: status.line, character: 0 }, end: { line: status.line, character: 0 } };
    const lenses: CodeLens[] = [{ range, command: { title: liveStatusTitle(status.live), command: SERVER_COMMANDS.refreshLiveStatus, arguments: [uri] } }];
    if (status.live.lookup !== 'pending') {
      const title = status.comparison ? driftSummary(reportFields(status.comparison), status.comparison.notCompared.length) : 'Show Drift';
      lenses.push({ range, command: { title, command: SERVER_COMMANDS.showDrift, arguments: [uri, status.address] } });
    }
    return lenses;
  });
}
