/**
 * `hivewatch scan` on a folder, in this process, measured: the result document, the seconds it took and the peak
 * RSS of the whole process (its reading threads included). Prints one JSON object; used by `npm run bench:storm`.
 */
import { correlationConfig } from '../functions/correlation/correlation-config.ts';
import { scan } from '../functions/scan/scan.ts';
import { scanDocument } from '../functions/scan/scan-document.ts';

const dir = process.argv[2];
if (!dir) throw new Error('usage: tsx bench/scan-measured.ts DIR');
const started = performance.now();
const result = await scan([dir], { config: correlationConfig() });
const seconds = (performance.now() - started) / 1000;
const { incidents } = scanDocument(result);
process.stdout.write(
  `${JSON.stringify({
    document: { incidents },
    seconds,
    xmlBytes: result.stats.xmlBytes,
    events: result.stats.events,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
