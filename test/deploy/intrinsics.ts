/** What a CloudFormation intrinsic refers to, looked up in the deployed stack. */
export interface IntrinsicContext {
  readonly pseudo: Record<string, string>;
  ref(logicalId: string): string;
  getAtt(logicalId: string, attribute: string): Promise<string>;
}

/**
 * Resolves the intrinsics CDK writes into custom-resource properties and rules (Ref, Fn::GetAtt, Fn::Join, and the
 * condition functions of Rules). Anything else is an error, never passed through unresolved. Scalars become
 * strings, as CloudFormation hands every property value to a custom resource.
 */
export async function resolveIntrinsics(value: unknown, context: IntrinsicContext): Promise<unknown> {
  if (Array.isArray(value)) return Promise.all(value.map((v) => resolveIntrinsics(v, context)));
  if (value === null || typeof value !== 'object') return String(value);
  const entries = Object.entries(value as Record<string, unknown>);
  const [first] = entries;
  if (entries.length === 1 && first && (first[0] === 'Ref' || first[0].startsWith('Fn::'))) {
    const [name, argument] = first;
    return intrinsic(name, argument, context);
  }
  const resolved: Record<string, unknown> = {};
  for (const [key, v] of entries) resolved[key] = await resolveIntrinsics(v, context);
  return resolved;
}

async function intrinsic(name: string, argument: unknown, context: IntrinsicContext): Promise<unknown> {
  const args = async () => (await resolveIntrinsics(argument, context)) as unknown[];
  switch (name) {
    case 'Ref': {
      const id = String(argument);
      return context.pseudo[id] ?? context.ref(id);
    }
    case 'Fn::GetAtt': {
      const [id, attribute] = argument as [string, string];
      return context.getAtt(id, attribute);
    }
    case 'Fn::Join': {
      const [delimiter, parts] = (await args()) as [string, string[]];
      return parts.join(delimiter);
    }
    case 'Fn::Contains': {
      const [list, item] = (await args()) as [string[], string];
      return String(list.includes(item));
    }
    case 'Fn::Equals': {
      const [a, b] = await args();
      return String(JSON.stringify(a) === JSON.stringify(b));
    }
    case 'Fn::Not': {
      const [condition] = await args();
      return String(condition !== 'true');
    }
    case 'Fn::And':
      return String((await args()).every((c) => c === 'true'));
    case 'Fn::Or':
      return String((await args()).some((c) => c === 'true'));
    default:
      throw new Error(`intrinsic ${name} is not resolved by the deploy test: ${JSON.stringify(argument)}`);
  }
}
