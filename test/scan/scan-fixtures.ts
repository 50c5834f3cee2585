import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { correlationConfig } from '../../functions/correlation/correlation-config.ts';
import { scan } from '../../functions/scan/scan.ts';
import { type EventSpec, type FileOptions, renderFile } from '../../samples/render-events.ts';

export const SID = 'S-1-5-21-3623811015-3361044348-30300820-1004';
export const CLSID = '{4E14FBA2-2E22-11D1-9964-00C04FBBB345}';
export const DLLHOST = '\\Device\\HarddiskVolume2\\Windows\\System32\\dllhost.exe';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A fresh directory, removed after the test. */
export async function scratchDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hivewatch-scan-'));
  dirs.push(dir);
  return dir;
}

/** Writes files of events (`name → events`, rendered as wevtutil writes them unless said otherwise). */
export async function writeLogs(
  files: Record<string, readonly EventSpec[] | { events: readonly EventSpec[]; format: FileOptions }>,
): Promise<string> {
  const dir = await scratchDir();
  for (const [name, content] of Object.entries(files)) {
    const { events, format } = Array.isArray(content)
      ? { events: content as readonly EventSpec[], format: { style: 'wevtutil' } as FileOptions }
      : (content as { events: readonly EventSpec[]; format: FileOptions });
    await writeFile(join(dir, name), renderFile(events, format));
  }
  return dir;
}

/** Scans with the default contract settings. */
export function scanWithDefaults(paths: string[], extra: Partial<Parameters<typeof scan>[1]> = {}) {
  return scan(paths, { config: correlationConfig(), threads: 1, ...extra });
}

/** A Windows SystemTime (7 digits) `minutes` after 2026-11-17 11:00:00. */
export function minutesAfterLeak(minutes: number): string {
  const ms = Date.UTC(2026, 10, 17, 11, 0, 0) + minutes * 60_000;
  return `${new Date(ms).toISOString().slice(0, 19)}.1234567Z`;
}
