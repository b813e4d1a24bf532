/**
 * Least-recently-used cache of query embeddings, keyed by tenant, model and normalised text so
 * a tenant never reads another tenant's entry. A Map keeps insertion order, which serves as the
 * recency order: a hit moves its entry to the end, an insert past capacity drops the first.
 */
export class QueryEmbeddingCache {
  private readonly entries = new Map<string, readonly number[]>();

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(tenantId: string, model: string, text: string): readonly number[] | undefined {
    const key = cacheKey(tenantId, model, text);
    const vector = this.entries.get(key);
    if (vector !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, vector);
    }

    return vector;
  }

  set(tenantId: string, model: string, text: string, vector: readonly number[]): void {
    const key = cacheKey(tenantId, model, text);
    this.entries.delete(key);
    this.entries.set(key, vector);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}

// JSON keeps the parts apart whatever characters the model name or the text contains.
function cacheKey(tenantId: string, model: string, text: string): string {
  return JSON.stringify([tenantId, model, text]);
}
