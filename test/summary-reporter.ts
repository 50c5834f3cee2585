import type { Reporter, TestCase, TestModule } from 'vitest/node';

/** Ends the run with the plain closing line CI reads: `N passed, N failed, N skipped`. */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const all = testModules.flatMap((module): TestCase[] => [...module.children.allTests()]);
    const state = (test: TestCase) => test.result().state;
    // it.fails tests document known limitations: counted apart, not as passes.
    const expectedFail = all.filter((t) => t.options.fails && state(t) === 'passed').length;
    const passed = all.filter((t) => state(t) === 'passed').length - expectedFail;
    const failed = all.filter((t) => state(t) === 'failed').length;
    const skipped = all.filter((t) => state(t) === 'skipped').length;
    process.stdout.write(
      `\n${expectedFail} known limitations (it.fails)\n${passed} passed, ${failed} failed, ${skipped} skipped\n`,
    );
  }
}
