import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICKS = 100;

/** CPU seconds (user + system) of a process and its live descendants, from /proc; 0 where /proc is absent. */
export function processTreeCpuSeconds(pid: number): number {
  let ticks = 0;
  for (const p of [pid, ...descendants(pid)]) ticks += ownTicks(p);
  return ticks / TICKS;
}

/** This process's own CPU seconds plus those of every child it has waited for (cutime/cstime). */
export function selfAndReapedCpuSeconds(): number {
  const fields = statFields('self');
  if (!fields) return process.cpuUsage().user / 1e6;
  return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / TICKS;
}

function ownTicks(pid: number): number {
  const fields = statFields(String(pid));
  return fields ? Number(fields[11]) + Number(fields[12]) : 0;
}

/** /proc/<pid>/stat after the command name (which may hold spaces): fields 3… as an array (state first). */
function statFields(pid: string): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function descendants(pid: number): number[] {
  const found: number[] = [];
  let children: string[] = [];
  try {
    children = readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean),
    );
  } catch {
    return found;
  }
  for (const child of children.map(Number)) found.push(child, ...descendants(child));
  return found;
}
