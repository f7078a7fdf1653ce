#!/usr/bin/env node
// Adds up the Jest JSON reports given as arguments and prints one closing line,
// "summary: N passed, N failed, N skipped", so every suite of the test command
// is counted in one place. Exits non-zero when any test failed or a suite broke.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
let brokenSuites = 0;
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    console.error(`summary: no report at ${file} (that suite did not finish)`);
    brokenSuites += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  brokenSuites += report.numRuntimeErrorTestSuites;
  for (const suite of report.testResults) {
    if (suite.status === 'failed' && suite.assertionResults.length === 0) {
      console.error(`summary: suite failed to run: ${suite.name}`);
    }
  }
}
console.log(
  `summary: ${passed} passed, ${
    failed + brokenSuites
  } failed, ${skipped} skipped`,
);
process.exit(failed + brokenSuites > 0 ? 1 : 0);
