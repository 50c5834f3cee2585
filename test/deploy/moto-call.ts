import { XMLParser } from 'fast-xml-parser';

/*
 * Calls to moto for the services the project has no SDK client for (Lambda, SSM, IAM, KMS, CloudWatch Logs,
 * EventBridge): the test only reads back what the stack created. moto routes a request by the service named in
 * the Authorization header's credential scope and does not check the signature, so none is computed.
 */
export interface MotoTarget {
  readonly endpoint: string;
  readonly region: string;
}

const authorization = (target: MotoTarget, service: string) =>
  `AWS4-HMAC-SHA256 Credential=testing/20260101/${target.region}/${service}/aws4_request, SignedHeaders=host, Signature=0`;

async function send(url: string, init: RequestInit, what: string): Promise<string> {
  const response = await fetch(url, init);
  const text = await response.text();
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status} ${text.slice(0, 500)}`);
  return text;
}

/** A JSON 1.1 action (SSM `AmazonSSM.GetParameter`, KMS `TrentService.…`, Logs, EventBridge). */
export async function jsonCall<T>(
  target: MotoTarget,
  service: string,
  action: string,
  body: Record<string, unknown>,
): Promise<T> {
  const text = await send(
    `${target.endpoint}/`,
    {
      method: 'POST',
      headers: {
        authorization: authorization(target, service),
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': action,
      },
      body: JSON.stringify(body),
    },
    action,
  );
  return JSON.parse(text || '{}') as T;
}

/** A REST JSON request (Lambda: `GET /2015-03-31/functions/<name>/configuration`). */
export async function restCall<T>(
  target: MotoTarget,
  service: string,
  method: 'GET' | 'PUT' | 'POST',
  path: string,
  body?: Record<string, unknown>,
): Promise<T> {
  const text = await send(
    `${target.endpoint}${path}`,
    {
      method,
      headers: { authorization: authorization(target, service), 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    },
    `${method} ${path}`,
  );
  return JSON.parse(text || '{}') as T;
}

const xml = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (name) => name === 'member',
});

/** A query-protocol action (IAM), its XML response as an object (`member` always a list). */
export async function queryCall(
  target: MotoTarget,
  service: string,
  version: string,
  action: string,
  params: Record<string, string>,
): Promise<Record<string, unknown>> {
  const text = await send(
    `${target.endpoint}/`,
    {
      method: 'POST',
      headers: {
        authorization: authorization(target, service),
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      },
      body: new URLSearchParams({ Action: action, Version: version, ...params }).toString(),
    },
    action,
  );
  const parsed = xml.parse(text) as Record<string, Record<string, unknown>>;
  return parsed[`${action}Response`]?.[`${action}Result`] as Record<string, unknown>;
}
