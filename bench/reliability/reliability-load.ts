/**
 * `npm run reliability:load [-- --hosts 200 --hours 24 --fault-hosts 40 --fault-hours 3 --functions 4 --only load|faults --faults kill,dynamodb,sns,twice,reverse,corrupt]`:
 * the generated fleet (samples/fleet-scenario.ts) through the real ingest function on DynamoDB Local and fauxqs, at
 * full size once (figures and checks against the generator's facts), then six faults injected into runs of a smaller
 * fleet of the same generator, each compared with a clean run of that fleet. Ends with one summary line. Every wait
 * is bounded, so it stops by itself.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { selfAndReapedCpuSeconds } from './cpu-time.ts';
import { compareWithClean, type FaultCheck } from './fault-checks.ts';
import { corruptOne, dynamoDbDown, killMidBatch, notifiedTwice, reverseOrder, snsDown } from './faults.ts';
import { type Fault, type RunResult, runFleet } from './fleet-run.ts';
import { checkLoad, type LoadCheck } from './load-checks.ts';
import {
  accountingLines,
  faultTable,
  fleetLine,
  incidentTable,
  loadTable,
  runLine,
  summaryLine,
} from './report.ts';
import { type Services, startServices } from './services.ts';

const Args = z.object({
  hosts: z.coerce.number().int().min(40),
  hours: z.coerce.number().positive(),
  'fault-hosts': z.coerce.number().int().min(40),
  'fault-hours': z.coerce.number().positive(),
  functions: z.coerce.number().int().min(1).max(16),
  only: z.enum(['load', 'faults', 'all']),
  faults: z.string(),
});
/** The faults by the name `--faults` takes, in the order they run. */
const FAULTS: Record<string, () => Fault & { corrupted?: { key: string; events: number } }> = {
  kill: killMidBatch,
  dynamodb: dynamoDbDown,
  sns: snsDown,
  twice: notifiedTwice,
  reverse: reverseOrder,
  corrupt: corruptOne,
};
const { values } = parseArgs({
  options: {
    hosts: { type: 'string', default: '200' },
    hours: { type: 'string', default: '24' },
    'fault-hosts': { type: 'string', default: '40' },
    'fault-hours': { type: 'string', default: '2' },
    functions: { type: 'string', default: '4' },
    only: { type: 'string', default: 'all' },
    faults: { type: 'string', default: Object.keys(FAULTS).join(',') },
  },
});
const args = Args.parse(values);
process.env.POWERTOOLS_METRICS_DISABLED = 'true'; // the sweeper runs here: its EMF lines are for CloudWatch
const say = (line = '') => process.stdout.write(`${line}\n`);
const started = performance.now();

say(
  `reliability:load — node ${process.version}, ${cpus().length} CPUs, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} at start`,
);
const shared = await startServices();
let load: LoadCheck | undefined;
const faults: FaultCheck[] = [];
try {
  if (args.only !== 'faults') {
    const run = await runFleet({
      name: 'load',
      fleet: { hosts: args.hosts, hours: args.hours },
      services: shared,
      functions: args.functions,
      deadlineMs: 45 * 60_000,
      log: say,
    });
    load = checkLoad(run);
    say();
    say(fleetLine(run));
    say();
    say(
      `load (${args.functions} function processes polling the queue, batches of 10, sweeper every simulated 5 minutes):`,
    );
    say(loadTable(run, load));
    say();
    say(incidentTable(load));
    say();
    say(accountingLines(load));
  }
  if (args.only !== 'load') {
    const fleet = { hosts: args['fault-hosts'], hours: args['fault-hours'] };
    say();
    say(
      `faults: each on a ${fleet.hosts}-host, ${fleet.hours}-hour fleet of the same generator (the full day takes the time budget once), compared with a clean run of it`,
    );
    const small = (name: string, services: Services, fault?: Fault) =>
      runFleet({
        name,
        fleet,
        services,
        functions: args.functions,
        deadlineMs: 8 * 60_000,
        log: say,
        ...(fault ? { fault } : {}),
      });
    const clean = await small('clean', shared);
    say(`  ${runLine(clean)}`);
    const chosen = args.faults.split(',').map((name) => {
      const make = FAULTS[name];
      if (!make) throw new Error(`--faults: no fault named ${name} (${Object.keys(FAULTS).join(', ')})`);
      return make();
    });
    for (const fault of chosen) {
      const own = fault.name.startsWith('DynamoDB') ? await startServices({ persistent: true }) : undefined;
      let run: RunResult;
      try {
        run = await small(fault.name, own ?? shared, fault);
      } finally {
        await own?.stop();
      }
      say(`  ${runLine(run)}`);
      faults.push(compareWithClean(clean, run, fault.corrupted));
    }
    say();
    say(faultTable(faults));
  }
} catch (error) {
  say(`\nreliability-load: stopped — ${(error as Error).name}: ${(error as Error).message}`);
  await shared.stop().catch(() => {});
  process.exit(1);
} finally {
  await shared.stop().catch(() => {});
}
say();
say(
  `whole command: ${((performance.now() - started) / 1000).toFixed(0)} s wall, ${selfAndReapedCpuSeconds().toFixed(0)} s CPU (every process it started), load average now ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
const held =
  (!load ||
    (load.foundOnce === load.incidents.length && load.decoyAlerts.length === 0 && load.events.lost === 0)) &&
  faults.every((f) => f.converged);
say(
  summaryLine(
    load ??
      ({
        foundOnce: 0,
        incidents: [],
        decoyAlerts: [],
        events: { lost: 0 } as LoadCheck['events'],
      } as unknown as LoadCheck),
    faults,
  ),
);
process.exit(held ? 0 : 1);
