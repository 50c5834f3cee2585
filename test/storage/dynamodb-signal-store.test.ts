import { DynamoDbSignalStore } from '../../functions/storage/dynamodb-signal-store.ts';
import { describeSignalStoreContract } from '../correlation/signal-store.contract.ts';
import { useLocalServices } from '../local/services.ts';

const local = useLocalServices();

describeSignalStoreContract(
  'DynamoDbSignalStore on DynamoDB Local',
  async () => {
    const resources = await local.fresh();
    return new DynamoDbSignalStore({
      tableName: resources.names.tables.SIGNALS_TABLE,
      client: local.services().documents,
    });
  },
  { manySignals: 1500 },
);
