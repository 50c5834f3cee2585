/**
 * Deterministic scenario generators (seeded, no clock, no Math.random): the same call writes the same
 * bytes. `npm start` ships the morning; the golden test scans the golden day.
 */
export { GOLDEN_SCENARIO, writeGoldenScenario } from './golden-scenario.ts';
export { MORNING_SCENARIO, writeMorningScenario } from './morning-scenario.ts';
