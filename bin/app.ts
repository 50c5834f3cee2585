import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { HivewatchStack } from '../lib/hivewatch-stack.ts';
import { readStackSettings } from '../lib/settings.ts';

const app = new App();
const settings = readStackSettings(app.node);
new HivewatchStack(app, 'Hivewatch', { stackName: settings.prefix, settings });
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
