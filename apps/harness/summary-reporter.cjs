const { SummaryReporter, VerboseReporter } = require('@jest/reporters');

/**
 * The harness's Jest reporter: Jest's own verbose output and summary, then one plain line,
 * `N passed, N failed`, alone and last, so any tool reading the log can count the results.
 *
 * It wraps Jest's reporters instead of sitting beside `'default'` because Jest always prints
 * its summary after every custom reporter, which would push this line off the end.
 */
class HarnessReporter {
  constructor(globalConfig) {
    this.reporters = [new VerboseReporter(globalConfig), new SummaryReporter(globalConfig, {})];
  }

  async forward(hook, args) {
    for (const reporter of this.reporters) {
      if (typeof reporter[hook] === 'function') await reporter[hook](...args);
    }
  }

  onRunStart(...args) {
    return this.forward('onRunStart', args);
  }

  onTestStart(...args) {
    return this.forward('onTestStart', args);
  }

  onTestCaseResult(...args) {
    return this.forward('onTestCaseResult', args);
  }

  onTestResult(...args) {
    return this.forward('onTestResult', args);
  }

  async onRunComplete(contexts, results) {
    await this.forward('onRunComplete', [contexts, results]);
    process.stdout.write(`\n${results.numPassedTests} passed, ${results.numFailedTests} failed\n`);
  }

  getLastError() {
    for (const reporter of this.reporters) {
      const error = reporter.getLastError?.();
      if (error) return error;
    }
    return undefined;
  }
}

module.exports = HarnessReporter;
