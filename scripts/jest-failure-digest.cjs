/**
 * A Jest reporter that, when `BATON_TEST_FAILURES` names a directory, writes there one short
 * text per project with failures: each failing test's name and the head of its message, and
 * any suite that could not run. `.ci/run` prints these after a red `npm test`, so the end of
 * a CI log names what failed even when Nx interleaves thirteen projects' output.
 * Without the variable it does nothing.
 */
const fs = require('node:fs');
const path = require('node:path');

const MESSAGE_LINES = 25;
const ANSI = /\u001b\[[0-9;]*m/g;

class FailureDigestReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const directory = process.env.BATON_TEST_FAILURES;
    if (!directory || (results.numFailedTests === 0 && results.numRuntimeErrorTestSuites === 0)) return;
    const lines = [];
    for (const suite of results.testResults) {
      const file = path.relative(this.rootDir, suite.testFilePath);
      if (suite.testExecError) lines.push(`SUITE ${file} did not run`, ...head(suite.testExecError.message), '');
      for (const test of suite.testResults) {
        if (test.status !== 'failed') continue;
        lines.push(`FAILED ${file} › ${test.fullName} (${test.duration ?? '?'} ms)`);
        for (const message of test.failureMessages) lines.push(...head(message));
        lines.push('');
      }
    }
    fs.mkdirSync(directory, { recursive: true });
    const name = path.basename(this.rootDir) || 'root';
    fs.writeFileSync(path.join(directory, `${name}-${process.pid}.txt`), `${this.rootDir}\n${lines.join('\n')}\n`);
  }
}

function head(message) {
  return String(message)
    .replace(ANSI, '')
    .split('\n')
    .filter((line) => !(/^\s+at /.test(line) && line.includes('node_modules')))
    .slice(0, MESSAGE_LINES)
    .map((line) => `    ${line}`);
}

module.exports = FailureDigestReporter;
