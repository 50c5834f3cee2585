import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type DroppedFile, watchFolder } from '../../local/watch-folder.ts';

const dir = mkdtempSync(join(tmpdir(), 'hivewatch-watch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm start --watch DIR', () => {
  it('reports each dropped file once, with its path under DIR, host folders included', async () => {
    const seen: DroppedFile[] = [];
    const stop = new AbortController();
    const watching = watchFolder(
      dir,
      async (file) => {
        seen.push(file);
        if (seen.length === 2) stop.abort();
      },
      { intervalMs: 50, signal: stop.signal },
    );
    writeFileSync(join(dir, 'export.xml'), '<Event/>');
    mkdirSync(join(dir, 'app01'));
    writeFileSync(join(dir, 'app01', 'System.xml.gz'), 'gz');
    writeFileSync(join(dir, '.partial'), 'hidden files are skipped');
    await watching;
    expect(seen.map((f) => [f.relativePath, f.size]).sort()).toEqual([
      ['app01/System.xml.gz', 2],
      ['export.xml', 8],
    ]);
  });
});
