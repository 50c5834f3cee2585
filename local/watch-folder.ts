import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface DroppedFile {
  readonly path: string;
  /** Path under the watched folder, with `/` separators. */
  readonly relativePath: string;
  readonly size: number;
}

/**
 * Reports each file under `dir` once, when its size and mtime held still between two looks (a copy in
 * progress is not picked up half-written). Polling, so it behaves the same on every OS and file system.
 */
export function watchFolder(
  dir: string,
  onFile: (file: DroppedFile) => Promise<void>,
  options: { intervalMs?: number; signal: AbortSignal },
): Promise<void> {
  const seen = new Set<string>();
  const lastLook = new Map<string, string>();
  return new Promise((resolve) => {
    let busy = false;
    const look = async () => {
      if (busy) return;
      busy = true;
      try {
        for (const path of listFiles(dir)) {
          if (seen.has(path)) continue;
          const stat = statSync(path, { throwIfNoEntry: false });
          if (!stat) continue;
          const fingerprint = `${stat.size}:${stat.mtimeMs}`;
          if (lastLook.get(path) !== fingerprint) {
            lastLook.set(path, fingerprint);
            continue;
          }
          seen.add(path);
          await onFile({ path, relativePath: relative(dir, path).split(sep).join('/'), size: stat.size });
        }
      } finally {
        busy = false;
      }
    };
    const timer = setInterval(() => void look(), options.intervalMs ?? 500);
    options.signal.addEventListener('abort', () => {
      clearInterval(timer);
      resolve();
    });
  });
}

function listFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listFiles(path));
    else if (entry.isFile()) files.push(path);
  }
  return files.sort();
}
