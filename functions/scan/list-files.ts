import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { reasonOf, type ScanError } from './file-scan.ts';

export interface ListedFile {
  file: string;
  size: number;
}

/**
 * Inside a directory, hidden files and Markdown notes (the SOURCES.md beside an export) are not logs;
 * the reader cannot tell them from a broken log, so they are left out. Files named on the command line are always read.
 */
function isLogCandidate(name: string): boolean {
  return !name.startsWith('.') && !name.toLowerCase().endsWith('.md');
}

/** Expands the given paths into files (directories recursively), sorted by path; paths that cannot be listed become errors. */
export async function listFiles(
  paths: readonly string[],
): Promise<{ files: ListedFile[]; errors: ScanError[] }> {
  const files = new Map<string, ListedFile>();
  const errors: ScanError[] = [];
  const seenDirectories = new Set<string>(); // a symlink back up the tree must not loop
  const visit = async (path: string): Promise<void> => {
    try {
      const info = await stat(path);
      if (info.isDirectory()) {
        const identity = `${info.dev}:${info.ino}`;
        if (seenDirectories.has(identity)) return;
        seenDirectories.add(identity);
        const entries = await readdir(path);
        for (const entry of entries.sort()) if (isLogCandidate(entry)) await visit(join(path, entry));
      } else if (info.isFile()) {
        files.set(path, { file: path, size: info.size });
      }
    } catch (error) {
      errors.push({ file: path, offset: 0, reason: reasonOf(error) });
    }
  };
  for (const path of paths) await visit(path);
  return {
    files: [...files.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
    errors,
  };
}
