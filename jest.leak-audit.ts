/**
 * The leak audit (SECURITY.md O6, Z6, X10): every test file runs with its stdout, stderr and
 * console captured; if a JWT-shaped string, an Authorization header, a client secret or a
 * registered secret appears in them, the file fails, naming what was found (redacted).
 *
 * Each file's figures go to `test-output/leak-audit/` for `docs/security.md`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { LogLeakAudit } from '@baton/testing';

const audit = LogLeakAudit.start();

afterAll(() => {
  const report = audit.stop();
  const testFile = relative(__dirname, expect.getState().testPath ?? 'unknown');
  const folder = join(__dirname, 'test-output', 'leak-audit');
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    join(folder, `${testFile.replace(/[\\/]/g, '__')}.json`),
    JSON.stringify({ testFile, charactersScanned: report.charactersScanned, leaks: report.leaks.length }),
  );
  if (report.leaks.length > 0) {
    const found = report.leaks.map((leak) => `  - ${leak.kind} after "${leak.excerpt}"`).join('\n');
    throw new Error(`Leak audit: ${basename(testFile)} printed ${report.leaks.length} secret(s) to its logs:\n${found}`);
  }
});
