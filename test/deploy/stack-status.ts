import {
  type CloudFormationClient,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  type Stack,
} from '@aws-sdk/client-cloudformation';

/** Polls until the stack is CREATE_COMPLETE; any other end state, or the deadline, is an error with its events. */
export async function waitForStack(
  cloudFormation: CloudFormationClient,
  stackName: string,
  withinMs: number,
): Promise<Stack> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const [stack] =
      (await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks ?? [];
    const status = stack?.StackStatus ?? 'missing';
    if (stack && status === 'CREATE_COMPLETE') return stack;
    if (!status.endsWith('_IN_PROGRESS') || Date.now() > deadline) {
      throw new Error(
        `stack ${stackName} is ${status}${stack?.StackStatusReason ? ` (${stack.StackStatusReason})` : ''}` +
          `${Date.now() > deadline ? ` after ${withinMs / 1000} s` : ''}\n${await eventLines(cloudFormation, stackName)}`,
      );
    }
    await new Promise((done) => setTimeout(done, 200));
  }
}

async function eventLines(cloudFormation: CloudFormationClient, stackName: string): Promise<string> {
  const events = await cloudFormation
    .send(new DescribeStackEventsCommand({ StackName: stackName }))
    .then((r) => r.StackEvents ?? [])
    .catch(() => []);
  return events
    .slice(0, 30)
    .map(
      (e) => `  ${e.LogicalResourceId} ${e.ResourceType} ${e.ResourceStatus} ${e.ResourceStatusReason ?? ''}`,
    )
    .join('\n');
}
