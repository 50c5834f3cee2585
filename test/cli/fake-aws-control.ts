import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * CloudFormation (DescribeStacks, GetTemplate) and STS (GetCallerIdentity) on a loopback port, speaking the AWS Query
 * protocol the SDK uses for both: a form-encoded POST with `Action`, an XML answer, and for errors an `ErrorResponse`
 * with `Code` and `Message`. Shapes from the AWS API references (CloudFormation DescribeStacks / GetTemplate, STS
 * GetCallerIdentity, "Common Errors"); the real SDK parses them, so a wrong shape fails the tests that use it.
 * Point the CLI at it with AWS_ENDPOINT_URL_CLOUDFORMATION and AWS_ENDPOINT_URL_STS.
 */
export interface FakeStack {
  outputs: Record<string, string>;
  /** The template body GetTemplate returns (JSON, as the CDK deploys it). */
  template: string;
}

export interface FakeAwsControl {
  endpoint: string;
  /** The Action of every request, in order. */
  readonly actions: string[];
  stop(): Promise<void>;
}

export async function startFakeAwsControl(options: {
  stacks: Record<string, FakeStack>;
  callerArn: string;
}): Promise<FakeAwsControl> {
  const actions: string[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      const form = new URLSearchParams(body);
      const action = form.get('Action') ?? '';
      actions.push(action);
      const reply = answer(action, form, options);
      response.writeHead(reply.status, { 'content-type': 'text/xml' });
      response.end(reply.xml);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    actions,
    stop: () => new Promise<void>((done) => server.close(() => done())),
  };
}

const CloudFormationNs = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';
const StsNs = 'https://sts.amazonaws.com/doc/2011-06-15/';

function answer(
  action: string,
  form: URLSearchParams,
  options: { stacks: Record<string, FakeStack>; callerArn: string },
): { status: number; xml: string } {
  const meta =
    '<ResponseMetadata><RequestId>7f6a1c2e-0000-4000-8000-000000000001</RequestId></ResponseMetadata>';
  if (action === 'GetCallerIdentity') {
    const account = options.callerArn.split(':')[4] ?? '123456789012';
    return {
      status: 200,
      xml: `<GetCallerIdentityResponse xmlns="${StsNs}"><GetCallerIdentityResult><Arn>${xml(options.callerArn)}</Arn><UserId>AROAEXAMPLEID:oncall</UserId><Account>${account}</Account></GetCallerIdentityResult>${meta}</GetCallerIdentityResponse>`,
    };
  }
  const name = form.get('StackName') ?? '';
  const stack = options.stacks[name];
  if (!stack) {
    return {
      status: 400,
      xml: `<ErrorResponse xmlns="${CloudFormationNs}"><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id ${xml(name)} does not exist</Message></Error><RequestId>7f6a1c2e-0000-4000-8000-000000000002</RequestId></ErrorResponse>`,
    };
  }
  if (action === 'DescribeStacks') {
    const outputs = Object.entries(stack.outputs)
      .map(
        ([k, v]) => `<member><OutputKey>${xml(k)}</OutputKey><OutputValue>${xml(v)}</OutputValue></member>`,
      )
      .join('');
    return {
      status: 200,
      xml: `<DescribeStacksResponse xmlns="${CloudFormationNs}"><DescribeStacksResult><Stacks><member><StackName>${xml(name)}</StackName><StackId>arn:aws:cloudformation:eu-west-1:123456789012:stack/${xml(name)}/6f1d0a20-0000-4000-8000-000000000000</StackId><CreationTime>2026-11-01T10:00:00Z</CreationTime><StackStatus>CREATE_COMPLETE</StackStatus><Outputs>${outputs}</Outputs></member></Stacks></DescribeStacksResult>${meta}</DescribeStacksResponse>`,
    };
  }
  if (action === 'GetTemplate') {
    return {
      status: 200,
      xml: `<GetTemplateResponse xmlns="${CloudFormationNs}"><GetTemplateResult><TemplateBody>${xml(stack.template)}</TemplateBody><StagesAvailable><member>Original</member><member>Processed</member></StagesAvailable></GetTemplateResult>${meta}</GetTemplateResponse>`,
    };
  }
  return {
    status: 400,
    xml: `<ErrorResponse xmlns="${CloudFormationNs}"><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>${xml(action)} is not served here</Message></Error><RequestId>x</RequestId></ErrorResponse>`,
  };
}

function xml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
