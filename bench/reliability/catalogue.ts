import { bytesCases } from './cases-bytes.ts';
import { fieldCases } from './cases-fields.ts';
import { jsonCases } from './cases-json.ts';
import { originCases } from './cases-origin.ts';
import { xmlCases } from './cases-xml.ts';
import type { HostileCase } from './hostile-case.ts';

/** Every hostile case, in the order of docs/hostile-input.md. */
export const catalogue: readonly HostileCase[] = [
  ...xmlCases,
  ...bytesCases,
  ...jsonCases,
  ...fieldCases,
  ...originCases,
];

/** The cases quick enough for `npm test` (test/reliability/hostile-catalogue.test.ts). */
export const fastCases = catalogue.filter((c) => !c.slow);
