import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { z } from 'zod';
import { HostAliasesError } from './errors.ts';
import { shortHostName } from './host-name.ts';

/**
 * A host alias file: each host with the addresses and DNS names (aliases, CNAMEs) clients may name it by,
 * `{"app02": ["10.1.2.3", "orders.corp.example.net"]}`.
 */
export const HostAliasFileSchema = z.record(
  z.string().trim().min(1, 'a host name is empty'),
  z.array(z.string().trim().min(1, 'an alias is empty')).min(1, 'a host has no aliases'),
);
export type HostAliasFile = z.infer<typeof HostAliasFileSchema>;

/** Resolves the names a DCOM client used for a server (10006 param2) to the host they stand for. */
export interface HostAliases {
  /** The host's short name, or undefined when the table does not list the name. */
  hostFor(named: string): string | undefined;
}

/** As clients write a name: trimmed, no leading `\\`, lower case, no trailing dot, no brackets round IPv6. */
function normalName(name: string): string {
  return name
    .trim()
    .replace(/^\\\\/, '')
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
    .toLowerCase();
}

const firstLabel = (name: string) => name.slice(0, name.indexOf('.'));

/**
 * The table as a resolver. A name matches an alias exactly; a bare name (no dot, not an address) also
 * matches the first label of a DNS alias (`orders` for `orders.corp.example.net`) unless two hosts share
 * that label. The same alias listed for two hosts is refused: the table would be ambiguous.
 */
export function hostAliases(table: HostAliasFile, file = 'host aliases'): HostAliases {
  const exact = new Map<string, string>();
  const labels = new Map<string, string | null>();
  const issues: string[] = [];
  for (const [key, aliases] of Object.entries(table)) {
    const host = shortHostName(key);
    for (const alias of aliases) {
      const name = normalName(alias);
      const other = exact.get(name);
      if (other !== undefined && other !== host)
        issues.push(`alias ${alias} is listed for both ${other} and ${host}`);
      exact.set(name, host);
      if (isIP(name) === 0 && name.includes('.')) {
        const label = firstLabel(name);
        const seen = labels.get(label);
        labels.set(label, seen === undefined || seen === host ? host : null);
      }
    }
  }
  if (issues.length > 0) throw new HostAliasesError(file, issues);
  return {
    hostFor(named) {
      const name = normalName(named);
      const host = exact.get(name);
      if (host !== undefined) return host;
      if (name.includes('.') || isIP(name) !== 0) return undefined;
      return labels.get(name) ?? undefined;
    },
  };
}

/** Parses and validates the JSON text of an alias file; every problem is reported with the file name. */
export function parseHostAliases(text: string, file: string): HostAliases {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new HostAliasesError(file, [`not JSON: ${(err as Error).message}`], { cause: err });
  }
  const parsed = HostAliasFileSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (i) => `${i.path.length > 0 ? `${i.path.join('.')}: ` : ''}${i.message}`,
    );
    throw new HostAliasesError(file, issues, { cause: parsed.error });
  }
  return hostAliases(parsed.data, file);
}

/** Reads an alias file (the scan's `--aliases FILE`, the stack setting's file). */
export async function loadHostAliases(file: string): Promise<HostAliases> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new HostAliasesError(file, [`cannot be read: ${(err as Error).message}`], { cause: err });
  }
  return parseHostAliases(text, file);
}
