import { InMemorySignalStore } from '../../functions/correlation/in-memory-signal-store.ts';
import { describeSignalStoreContract } from './signal-store.contract.ts';

describeSignalStoreContract('InMemorySignalStore', () => new InMemorySignalStore());
