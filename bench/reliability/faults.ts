/**
 * The six faults, each injected while the fleet is loading, as `Fault`s of fleet-run.ts. Where each acts is a share of
 * the run's windows, so a short fleet gets the same faults at the same moments of its day.
 */
import type { FleetObject } from '../../samples/fleet-scenario.ts';
import type { Fault, RunControl } from './fleet-run.ts';

const at = (run: RunControl, share: number) => Math.floor(run.windows * share);
const clock = (run: RunControl) => new Date(run.now()).toISOString().slice(11, 16);

/**
 * A function process SIGKILLed while it holds a batch, three times: the window is uploaded and notified, and the
 * first process to take a batch of it is killed 150 ms in. SQS hands the batch out again after the visibility timeout.
 */
export function killMidBatch(): Fault {
  const notes: string[] = [];
  return {
    name: 'function process killed mid-batch (SIGKILL)',
    async deliver(objects, w, run) {
      await run.upload(objects);
      await run.notify(objects);
      if (![0.25, 0.5, 0.75].some((share) => w === at(run, share))) return;
      const killed = await run.pool.killMidBatch(150, 60_000);
      notes.push(
        killed === undefined
          ? `no batch to kill at ${clock(run)}`
          : `killed a function process ${killed.ms} ms into a batch of ${killed.records} at ${clock(run)} (simulated)`,
      );
    },
    notes: () => notes,
  };
}

/**
 * DynamoDB failing: for a tenth of the run a quarter of all calls get throttling (ProvisionedThroughputExceeded,
 * ThrottlingException) or 500s, injected by SDK middleware inside the retry loop; later DynamoDB Local itself is
 * stopped and started again on its data folder (-dbPath), the functions getting connection errors meanwhile.
 */
export function dynamoDbDown(): Fault {
  const notes: string[] = [];
  return {
    name: 'DynamoDB throttling and 5xx, then DynamoDB Local stopped and restarted',
    async deliver(objects, w, run) {
      if (w === at(run, 0.3)) {
        run.pool.set({ kind: 'dynamo', rate: 0.25 });
        notes.push(`25% of DynamoDB calls throttled or 5xx from ${clock(run)}`);
      }
      if (w === at(run, 0.4)) {
        run.pool.set({ kind: 'dynamo', rate: 0 });
        const injected = run.pool.usages().reduce((n, u) => n + u.injected, 0);
        notes.push(
          `…until ${clock(run)}: ${injected} errors injected (the SDK retried them; objects whose retries ran out came back from SQS)`,
        );
      }
      await run.upload(objects);
      await run.notify(objects);
      if (w === at(run, 0.6)) {
        await new Promise((r) => setTimeout(r, 300)); // the functions are reading this window's objects
        const { downSeconds } = await run.services.restartDynamoDb(5_000);
        notes.push(
          `DynamoDB Local stopped at ${clock(run)} while the window's objects were ingested, answering again ${downSeconds.toFixed(1)} s later (same -dbPath, same port)`,
        );
      }
    },
    notes: () => notes,
  };
}

/** SNS refusing every publish for a quarter of the run, from the functions and the sweeper alike. */
export function snsDown(): Fault {
  const notes: string[] = [];
  let since = 0;
  const set = (run: RunControl, down: boolean) => {
    run.pool.set({ kind: 'sns', down });
    run.sweeperNotifier.down = down;
  };
  return {
    name: 'SNS unavailable',
    async beforeWindow(w, run) {
      if (w === at(run, 0.2)) {
        set(run, true);
        since = performance.now();
        notes.push(`SNS refused every publish from ${clock(run)}`);
      }
      if (w === at(run, 0.45)) {
        set(run, false);
        const refused = run.pool.usages().reduce((n, u) => n + u.refused, 0) + run.sweeperNotifier.refused;
        notes.push(
          `…until ${clock(run)} (${((performance.now() - since) / 1000).toFixed(0)} s of real time): ${refused} publishes refused`,
        );
      }
    },
    notes: () => notes,
  };
}

/** Every notification sent twice: once with the upload, once more with the next window's. */
export function notifiedTwice(): Fault {
  let previous: FleetObject[] = [];
  let sent = 0;
  return {
    name: 'every S3 notification delivered twice',
    async deliver(objects, _w, run) {
      await run.upload(objects);
      await run.notify([...objects, ...previous]);
      sent += objects.length + previous.length;
      previous = objects;
    },
    async finish(run) {
      await run.notify(previous);
      sent += previous.length;
    },
    notes: () => [`${sent} notifications for ${sent / 2} objects`],
  };
}

/** Each hour's notifications held back and sent newest first at the hour's end. */
export function reverseOrder(): Fault {
  let held: FleetObject[] = [];
  let hours = 0;
  return {
    name: 'notifications in reverse order (each hour, newest first)',
    async deliver(objects, w, run) {
      await run.upload(objects);
      held.push(...objects);
      if ((w + 1) % 12 === 0 || w === run.windows - 1) {
        await run.notify([...held].reverse());
        held = [];
        hours += 1;
      }
    },
    notes: () => [`${hours} hours of notifications sent newest first`],
  };
}

/** One object's compressed bytes overwritten in its middle (a bad disk, a truncated multipart part): it must be reported, nothing else lost. */
export function corruptOne(): Fault & { corrupted?: { key: string; events: number } } {
  const fault: Fault & { corrupted?: { key: string; events: number } } = {
    name: 'one object corrupted',
    async deliver(objects, w, run) {
      if (!fault.corrupted && w >= at(run, 0.4)) {
        const victim = objects.find(
          (o) => o.shipper === 'fluent-bit-gzip' && o.signals === 0 && o.events >= 8,
        );
        if (victim) {
          const body = Buffer.from(victim.body);
          const middle = Math.floor(body.length * 0.55);
          for (let i = 0; i < 48; i++) body[middle + i] = (i * 151 + 17) & 0xff;
          objects = objects.map((o) => (o === victim ? { ...o, body } : o));
          fault.corrupted = { key: victim.key, events: victim.events };
        }
      }
      await run.upload(objects);
      await run.notify(objects);
    },
    notes: () =>
      fault.corrupted
        ? [`corrupted ${fault.corrupted.key} (${fault.corrupted.events} events, no signal)`]
        : ['no object corrupted'],
  };
  return fault;
}
