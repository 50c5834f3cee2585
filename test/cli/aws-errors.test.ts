import { ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { explainAwsError } from '../../functions/cli/aws-errors.ts';
import {
  detectionSettingsFromEnv,
  detectionSettingsFromTemplate,
} from '../../functions/cli/detection-settings.ts';
import { CliError } from '../../functions/cli/errors.ts';

/** An error as the SDK throws it: a name (the service's error code) and a message. */
const sdkError = (name: string, message: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), { name, ...extra });

describe('SDK errors said plainly', () => {
  it('each one a person can fix gets its fix; anything else is left alone', () => {
    const cases: [Error, Parameters<typeof explainAwsError>[1], RegExp][] = [
      [
        sdkError('CredentialsProviderError', 'Could not load credentials from any providers'),
        {},
        /^no AWS credentials found/,
      ],
      [new Error('Region is missing'), {}, /^no AWS region: give --region/],
      [
        sdkError('ValidationError', 'Stack with id prod does not exist'),
        { stack: 'prod', region: 'eu-west-1' },
        /^stack prod not found in region eu-west-1/,
      ],
      [
        new ResourceNotFoundException({ message: 'Requested resource not found', $metadata: {} }),
        { table: 'hw-incidents', region: 'eu-west-1' },
        /^table hw-incidents not found in region eu-west-1: wrong region/,
      ],
      [
        new ResourceNotFoundException({
          message: 'Cannot do operations on a non-existent table',
          $metadata: {},
        }),
        { table: 'hivewatch-incidents', localDir: '.data/local' },
        /^no table hivewatch-incidents in the data folder \.data\/local: run `npm start` first$/,
      ],
      [
        sdkError('ExpiredTokenException', 'The security token included in the request is expired'),
        {},
        /^your AWS session has expired/,
      ],
      [
        sdkError('UnrecognizedClientException', 'The security token included in the request is invalid.'),
        { region: 'eu-west-1' },
        /^AWS rejected the credentials in region eu-west-1/,
      ],
      [
        sdkError(
          'AccessDeniedException',
          'User: arn:aws:iam::1:user/x is not authorized to perform: dynamodb:Query',
        ),
        {},
        /^not allowed: User: .* dynamodb:Query$/,
      ],
      [
        sdkError('TypeError', 'fetch failed', {
          cause: Object.assign(new Error('getaddrinfo ENOTFOUND dynamodb.eu-wst-1.amazonaws.com'), {
            code: 'ENOTFOUND',
          }),
        }),
        { region: 'eu-wst-1' },
        /^cannot reach AWS in region eu-wst-1 \(ENOTFOUND\): is the region name right/,
      ],
    ];
    for (const [error, context, message] of cases) {
      const explained = explainAwsError(error, context);
      expect(explained).toBeInstanceOf(CliError);
      expect(explained?.message).toMatch(message);
      expect(explained?.cause).toBe(error);
    }
    expect(explainAwsError(new TypeError('x is not a function'), {})).toBeUndefined();
    expect(explainAwsError('not an error', {})).toBeUndefined();
  });
});

describe('the detection settings a resolve recomputes with', () => {
  it('from the functions of the deployed stack (its template), whatever else it holds', () => {
    const template = JSON.stringify({
      Resources: {
        Table: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'x' } },
        Sweeper: {
          Type: 'AWS::Lambda::Function',
          Properties: {
            Environment: {
              Variables: {
                DETECTION_QUIET: '12h',
                DETECTION_THRESHOLD: '3',
                NOTIFY_AT_RISK: 'true',
                INCIDENTS_TABLE: { Ref: 'Table' },
              },
            },
          },
        },
      },
    });
    const settings = detectionSettingsFromTemplate(template, 'hw');
    expect(settings?.correlation).toMatchObject({
      quiet: 12 * 3_600_000,
      threshold: 3,
      window: 7 * 86_400_000,
    });
    expect(settings?.notifyAtRisk).toBe(true);
    expect(settings?.source).toBe('the functions of stack hw');
    expect(detectionSettingsFromTemplate('Resources:\n  X: {}', 'hw')).toBeUndefined(); // YAML: not the CDK's
    expect(detectionSettingsFromTemplate(JSON.stringify({ Resources: {} }), 'hw')).toBeUndefined();
  });

  it('from DETECTION_* here otherwise (defaults where unset); a bad one names its variable', () => {
    expect(detectionSettingsFromEnv({}).correlation).toMatchObject({ quiet: 86_400_000, settle: 900_000 });
    expect(() => detectionSettingsFromEnv({ DETECTION_QUIET: 'soon' })).toThrow(
      /DETECTION_QUIET: "soon" is not a duration/,
    );
  });
});
