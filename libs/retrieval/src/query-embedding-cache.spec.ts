import { QueryEmbeddingCache } from './query-embedding-cache';

const TENANT_A = '00000000-0000-4000-8000-00000000000a';
const TENANT_B = '00000000-0000-4000-8000-00000000000b';

describe('QueryEmbeddingCache', () => {
  it('returns a stored vector for the same tenant, model and text', () => {
    const cache = new QueryEmbeddingCache(4);
    cache.set(TENANT_A, 'hashing', 'spalla', [1, 0]);

    expect(cache.get(TENANT_A, 'hashing', 'spalla')).toEqual([1, 0]);
  });

  it("never returns another tenant's or model's entry", () => {
    const cache = new QueryEmbeddingCache(4);
    cache.set(TENANT_A, 'hashing', 'spalla', [1, 0]);

    expect(cache.get(TENANT_B, 'hashing', 'spalla')).toBeUndefined();
    expect(cache.get(TENANT_A, 'openai', 'spalla')).toBeUndefined();
  });

  it('evicts the least recently used entry past capacity', () => {
    const cache = new QueryEmbeddingCache(2);
    cache.set(TENANT_A, 'hashing', 'uno', [1]);
    cache.set(TENANT_A, 'hashing', 'due', [2]);
    cache.get(TENANT_A, 'hashing', 'uno');
    cache.set(TENANT_A, 'hashing', 'tre', [3]);

    expect(cache.size).toBe(2);
    expect(cache.get(TENANT_A, 'hashing', 'due')).toBeUndefined();
    expect(cache.get(TENANT_A, 'hashing', 'uno')).toEqual([1]);
    expect(cache.get(TENANT_A, 'hashing', 'tre')).toEqual([3]);
  });

  it('keeps keys apart when parts contain separators', () => {
    const cache = new QueryEmbeddingCache(4);
    cache.set(TENANT_A, 'a:b', 'c', [1]);

    expect(cache.get(TENANT_A, 'a', 'b:c')).toBeUndefined();
  });
});
