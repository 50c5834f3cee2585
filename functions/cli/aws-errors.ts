import { CliError } from './errors.ts';

/** What the CLI was trying to reach when an SDK call failed, to name it in the message. */
export interface AwsContext {
  region?: string;
  stack?: string;
  table?: string;
  /** `--local`: the data folder. */
  localDir?: string;
}

/**
 * The SDK's errors that a person can fix, said plainly with the fix: no credentials, no or wrong region, stack not
 * found, table missing, credentials rejected or expired, access denied, endpoint unreachable. Undefined for any
 * other error (a bug: the CLI lets it through with its stack trace).
 */
export function explainAwsError(error: unknown, context: AwsContext): CliError | undefined {
  if (!(error instanceof Error)) return undefined;
  const name = error.name;
  const code = networkCode(error);
  const where = context.region ? ` in region ${context.region}` : '';
  const say = (message: string) => new CliError(message, { cause: error });
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(error.message)) {
    return say(
      'no AWS credentials found: sign in (aws sso login --profile NAME, then AWS_PROFILE=NAME) or set ' +
        'AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY; or use --local for the npm start data folder',
    );
  }
  if (/^Region is missing/.test(error.message)) {
    return say('no AWS region: give --region (e.g. --region eu-west-1) or set AWS_REGION, or use --local');
  }
  if (name === 'ValidationError' && /does not exist/.test(error.message) && context.stack) {
    return say(
      `stack ${context.stack} not found${where}: check the name (npm run cdk -- list) and the region ` +
        '(--region or AWS_REGION must be the one it was deployed to)',
    );
  }
  if (name === 'ResourceNotFoundException') {
    if (context.localDir) {
      return say(
        `no table ${context.table ?? ''} in the data folder ${context.localDir}: run \`npm start\` first`,
      );
    }
    return say(
      `table ${context.table ?? '(unknown)'} not found${where}: wrong region (--region, AWS_REGION), a table ` +
        'name mistyped, or the stack was deleted; --stack NAME finds the tables for you',
    );
  }
  if (['ExpiredToken', 'ExpiredTokenException', 'TokenRefreshRequired'].includes(name)) {
    return say('your AWS session has expired: sign in again (aws sso login)');
  }
  if (
    [
      'UnrecognizedClientException',
      'InvalidClientTokenId',
      'InvalidSignatureException',
      'SignatureDoesNotMatch',
    ].includes(name)
  ) {
    return say(
      `AWS rejected the credentials${where} (${name}): they are invalid, or belong to another partition`,
    );
  }
  if (['AccessDenied', 'AccessDeniedException'].includes(name)) {
    return say(`not allowed${where}: ${error.message}`);
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return say(`cannot reach AWS${where} (${code}): is the region name right, and is the network up?`);
  }
  if (code === 'ECONNREFUSED') {
    return say(`nothing answers at the endpoint (${code}): is the local service running?`);
  }
  return undefined;
}

function networkCode(error: Error): string | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}
