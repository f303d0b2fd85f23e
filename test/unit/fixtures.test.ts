import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { compareWithExpectations, expectationsIn } from '../support/expectations';
import { FIXTURES, openFile, testWorkspace } from '../support/workspace';

function terraformFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...terraformFiles(file));
    else if (/\.(tf|tfvars)$/.test(entry.name)) found.push(file);
  }
  return found.sort();
}

/**
 * Every fixture states its expected diagnostics in `# expect:` comments; every other line must get none. Each
 * folder is a module, so references resolve across its files.
 */
for (const group of ['valid', 'invalid', 'half-typed']) {
  describe(`fixtures/${group}`, () => {
    for (const file of terraformFiles(path.join(FIXTURES, group))) {
      it(path.relative(FIXTURES, file), async () => {
        const workspace = await testWorkspace();
        try {
          const diagnostics = openFile(workspace, file);
          const expectations = expectationsIn(fs.readFileSync(file, 'utf8'));
          if (group === 'valid') assert.equal(expectations.length, 0, 'valid fixtures expect nothing');
          assert.deepEqual(compareWithExpectations(diagnostics, expectations), []);
        } finally {
          workspace.dispose();
        }
      });
    }
  });
}
