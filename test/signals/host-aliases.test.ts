import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HostAliasesError } from '../../functions/signals/errors.ts';
import { hostAliases, loadHostAliases, parseHostAliases } from '../../functions/signals/host-aliases.ts';
import { dcom10006 } from '../../samples/windows-events.ts';
import { at, signalsFrom } from './sample-signals.ts';

const TABLE = {
  app02: ['10.1.2.3', 'orders.corp.example.net', 'fe80::1'],
  'WEB01.corp.example.net': ['10.1.2.9'],
};
const CLSID = '{9B1F5C1E-0000-4F5B-9B2C-123456789ABC}';

describe('host alias table (issue 9 §4)', () => {
  const aliases = hostAliases(TABLE);

  it.each([
    ['10.1.2.3', 'app02'],
    ['\\\\10.1.2.3', 'app02'],
    ['ORDERS.corp.example.net', 'app02'],
    ['orders.corp.example.net.', 'app02'],
    ['orders', 'app02'],
    ['[fe80::1]', 'app02'],
    ['10.1.2.9', 'web01'],
  ])('%s stands for %s', (named, host) => {
    expect(aliases.hostFor(named)).toBe(host);
  });

  it.each(['10.1.2.4', 'orders.other.example.net', 'app03', '110.1.2.3'])('%s is not listed', (named) => {
    expect(aliases.hostFor(named)).toBeUndefined();
  });

  it('a bare first label shared by two hosts is ambiguous and resolves to nothing', () => {
    const shared = hostAliases({ app02: ['orders.corp.example.net'], app03: ['orders.lab.example.net'] });
    expect(shared.hostFor('orders')).toBeUndefined();
    expect(shared.hostFor('orders.lab.example.net')).toBe('app03');
  });

  it('a 10006 naming the server by address or alias is a failure on that host; the name as written is kept', async () => {
    const byIp = dcom10006({
      computer: 'CLIENT7',
      time: at(1),
      recordId: 1,
      server: '10.1.2.3',
      clsid: CLSID,
    });
    const byAlias = dcom10006({
      computer: 'CLIENT7',
      time: at(2),
      recordId: 2,
      server: 'orders.corp.example.net',
      clsid: CLSID,
    });
    const unknown = dcom10006({
      computer: 'CLIENT7',
      time: at(3),
      recordId: 3,
      server: '10.9.9.9',
      clsid: CLSID,
    });
    const found = await signalsFrom([byIp, byAlias, unknown], { style: 'wevtutil' }, { aliases });
    expect(found.map((s) => s.kind === 'failure' && [s.host, s.hostAsNamed])).toEqual([
      ['app02', '10.1.2.3'],
      ['app02', 'orders.corp.example.net'],
      ['10.9.9.9', '10.9.9.9'],
    ]);
  });

  it('without a table, names stay as shortHostName makes them', async () => {
    const byAlias = dcom10006({
      computer: 'CLIENT7',
      time: at(2),
      recordId: 2,
      server: 'orders.corp.example.net',
      clsid: CLSID,
    });
    expect((await signalsFrom([byAlias]))[0]).toMatchObject({ host: 'orders' });
  });
});

describe('loading an alias file', () => {
  it('reads and validates a JSON file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hivewatch-aliases-'));
    try {
      const file = join(dir, 'aliases.json');
      await writeFile(file, JSON.stringify(TABLE));
      expect((await loadHostAliases(file)).hostFor('10.1.2.3')).toBe('app02');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a missing file is an error that names it', async () => {
    await expect(loadHostAliases('/nonexistent/aliases.json')).rejects.toThrow(
      /host alias file \/nonexistent\/aliases\.json: cannot be read/,
    );
  });

  it.each([
    ['not JSON', '{app02: ', /not JSON/],
    ['not an object of lists', '{"app02": "10.1.2.3"}', /app02: /],
    ['an empty alias', '{"app02": [""]}', /app02\.0: an alias is empty/],
    ['a host with no aliases', '{"app02": []}', /app02: a host has no aliases/],
    [
      'one alias for two hosts',
      '{"app02": ["10.1.2.3"], "app03": ["10.1.2.3"]}',
      /alias 10\.1\.2\.3 is listed for both app02 and app03/,
    ],
  ])('%s is refused with the file name and the reason', (_, text, reason) => {
    let error: unknown;
    try {
      parseHostAliases(text, 'aliases.json');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(HostAliasesError);
    expect((error as HostAliasesError).file).toBe('aliases.json');
    expect((error as Error).message).toMatch(reason);
  });
});
