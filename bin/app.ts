import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { StackSettingsError } from '../lib/errors.ts';
import { HivewatchStack } from '../lib/hivewatch-stack.ts';
import { readStackSettings } from '../lib/settings.ts';

// A bad context value is the operator's to fix: show the list of problems, not a stack trace.
process.on('uncaughtException', (error) => {
  console.error(error instanceof StackSettingsError ? error.message : error);
  process.exit(1);
});
const app = new App();
const settings = readStackSettings(app.node);
new HivewatchStack(app, 'Hivewatch', { stackName: settings.prefix, settings });
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
