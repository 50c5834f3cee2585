/** fauxqs in its own process for the pipeline bench, objects stored as files: prints its endpoint, runs until killed. */
import { startLocalFauxqs } from '../local/fauxqs.ts';

const fauxqs = await startLocalFauxqs({ dataDir: process.argv[2] ?? 'bench/.data/pipeline/fauxqs' });
process.stdout.write(`${fauxqs.endpoint}\n`);
process.on('SIGTERM', () => void fauxqs.stop().then(() => process.exit(0)));
