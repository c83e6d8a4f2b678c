import { drift } from '../src/compose';

describe('the committed schemas', () => {
  it('match a fresh composition of the subgraphs in the code (run `npm run compose` after a schema change)', async () => {
    expect(await drift()).toEqual([]);
  });
});
