import type { ComputerContribution } from '../correlation/contribution.ts';
import { bucketsOfRun } from '../hosts/place-runs.ts';

/** DynamoDB takes 100 items per transaction; this leaves room for the incidents a host's change writes. */
const ItemBudget = 90;
const ItemsPerHost = 4;

/**
 * The object's contributions in groups that each fit one transaction: a computer's part (its runs and the states
 * of its signals) is never split, so what it claims and what it counts are written together.
 */
export function transactionsOf(contributions: readonly ComputerContribution[]): ComputerContribution[][] {
  const groups: ComputerContribution[][] = [];
  let current: ComputerContribution[] = [];
  let items = 0;
  for (const contribution of contributions) {
    if (contribution.admitted === 0) continue; // every signal was counted already: nothing to write
    const cost = itemsOf(contribution);
    if (current.length > 0 && items + cost > ItemBudget) {
      groups.push(current);
      current = [];
      items = 0;
    }
    current.push(contribution);
    items += cost;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

function itemsOf(contribution: ComputerContribution): number {
  const buckets = new Set(
    contribution.runs.flatMap((run) => bucketsOfRun(run).map((b) => `${run.channel}|${b}`)),
  );
  return buckets.size + contribution.states.size * ItemsPerHost;
}
