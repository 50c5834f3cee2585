/** Renders the fleet's objects in a worker thread, one window per request, so rendering never stalls the driver. */
import { parentPort, workerData } from 'node:worker_threads';
import {
  type FleetObject,
  type FleetOptions,
  fleetObjects,
  fleetPlan,
} from '../../samples/fleet-scenario.ts';

const objects = fleetObjects(fleetPlan(workerData as FleetOptions));
let carried: FleetObject | undefined;

function nextWindow(): FleetObject[] | undefined {
  const first = carried ?? objects.next().value;
  if (!first) return undefined;
  const window = [first];
  carried = undefined;
  for (let next = objects.next(); !next.done; next = objects.next()) {
    if (next.value.window !== first.window) {
      carried = next.value;
      break;
    }
    window.push(next.value);
  }
  return window;
}

parentPort?.on('message', () => {
  const window = nextWindow();
  if (!window) return parentPort?.postMessage(undefined);
  const copies = window.map((o) => ({ ...o, body: new Uint8Array(o.body) }));
  parentPort?.postMessage(
    copies,
    copies.map((o) => o.body.buffer as ArrayBuffer),
  );
});
