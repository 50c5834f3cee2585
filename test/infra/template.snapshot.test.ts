import { expect, it } from 'vitest';
import { synthesizeHivewatch } from './synthesized-stack.ts';

it('synthesises the whole template as reviewed (asset hashes masked)', () => {
  const json = JSON.stringify(synthesizeHivewatch().template.toJSON(), null, 2);
  // Asset hashes change with every edit to a function; what the snapshot guards is the infrastructure.
  expect(json.replace(/[0-9a-f]{64}/g, '<asset-hash>')).toMatchSnapshot();
});
