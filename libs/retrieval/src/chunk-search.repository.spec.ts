import { randomUUID } from 'node:crypto';

import type { EntityManager } from 'typeorm';

import { DatabaseRuntime, TenantDatabase } from '@fisiorag/database';

import { ChunkSearchRepository } from './chunk-search.repository';
import { buildKeywordQuery } from './keyword/build-keyword-query';

const DIMENSION = 64;

interface NewChunk {
  content: string;
  heading?: string;
  embedding: number[];
}

/** Deterministic pseudo-random numbers (mulberry32), so every run inserts the same vectors. */
function randomSource(seed: number): () => number {
  let state = seed;

  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;

    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normalise(vector: number[]): number[] {
  const norm = Math.hypot(...vector);

  return vector.map((value) => value / norm);
}

/** A unit vector at a small random angle from `centre`. */
function near(centre: number[], spread: number, random: () => number): number[] {
  return normalise(centre.map((value) => value + spread * (random() - 0.5)));
}

function axis(index: number): number[] {
  return Array.from({ length: DIMENSION }, (_, position) => (position === index ? 1 : 0));
}

function cosine(a: number[], b: number[]): number {
  return a.reduce((sum, value, index) => sum + value * (b[index] as number), 0);
}

describe('ChunkSearchRepository', () => {
  let runtime: DatabaseRuntime;
  let tenantDb: TenantDatabase;
  const repository = new ChunkSearchRepository();

  async function createTenant(slug: string): Promise<string> {
    const id = randomUUID();
    await runtime.dataSource.query('INSERT INTO tenants (id, slug, name) VALUES ($1, $2, $3)', [
      id,
      slug,
      slug,
    ]);

    return id;
  }

  async function createDocument(
    tenantId: string,
    title: string,
    chunks: NewChunk[],
    status: 'ready' | 'processing' = 'ready',
  ): Promise<string> {
    const documentId = randomUUID();
    const content = chunks.map((chunk) => chunk.content).join('\n\n');
    await tenantDb.run(tenantId, async (manager) => {
      await manager.query(
        `INSERT INTO documents (id, tenant_id, title, mime_type, content_sha256, content, char_count, status)
         VALUES ($1, $2, $3, 'text/markdown', $4, $5, $6, $7)`,
        [documentId, tenantId, title, randomUUID(), content, content.length, status],
      );
      let offset = 0;
      const batchSize = 500;
      for (let first = 0; first < chunks.length; first += batchSize) {
        const batch = chunks.slice(first, first + batchSize);
        const starts = batch.map((chunk) => {
          const start = offset;
          offset += chunk.content.length + 2;

          return start;
        });
        await manager.query(
          `INSERT INTO chunks (tenant_id, document_id, ordinal, heading, content, start_offset, end_offset,
                               token_estimate, embedding)
           SELECT $1, $2, ordinal, heading, content, start_offset, start_offset + length(content), 10,
                  embedding::vector
           FROM unnest($3::int[], $4::text[], $5::text[], $6::int[], $7::text[])
             AS input(ordinal, heading, content, start_offset, embedding)`,
          [
            tenantId,
            documentId,
            batch.map((_, index) => first + index),
            batch.map((chunk) => chunk.heading ?? ''),
            batch.map((chunk) => chunk.content),
            starts,
            batch.map((chunk) => `[${chunk.embedding.join(',')}]`),
          ],
        );
      }
    });

    return documentId;
  }

  function keywordSearch(tenantId: string, text: string, k = 10) {
    const query = buildKeywordQuery(text);

    return query === null
      ? Promise.resolve([])
      : tenantDb.run(tenantId, (manager) => repository.searchByKeywords(manager, query, k));
  }

  let clinicId: string;
  let otherClinicId: string;

  beforeAll(async () => {
    runtime = await DatabaseRuntime.open({
      pgliteDataDir: 'memory://',
      poolSize: 3,
      vectorDimension: DIMENSION,
    });
    tenantDb = new TenantDatabase(runtime.dataSource);
    clinicId = await createTenant('clinica-keyword');
    otherClinicId = await createTenant('clinica-altra');
    const random = randomSource(7);

    await createDocument(clinicId, 'Lombalgia aspecifica', [
      {
        heading: 'Red flags',
        content:
          "Le red flags richiedono l'invio al medico: anestesia a sella e sospetta sindrome della cauda equina.",
        embedding: near(axis(0), 0.1, random),
      },
      {
        heading: 'Esercizio',
        content: "L'esercizio terapeutico è l'intervento centrale; la caviglia non c'entra.",
        embedding: near(axis(1), 0.1, random),
      },
      {
        heading: 'Perché muoversi',
        content: 'Perché restare attivi: il riposo a letto prolungato peggiora la disabilità.',
        embedding: near(axis(2), 0.1, random),
      },
    ]);
    await createDocument(otherClinicId, 'Documento riservato', [
      {
        content:
          'Protocollo interno: invio al medico per sindrome della cauda equina e anestesia a sella.',
        embedding: near(axis(0), 0.1, random),
      },
    ]);
    await createDocument(
      clinicId,
      'Bozza in elaborazione',
      [
        {
          content: 'Bozza: sindrome della cauda equina, non ancora pronta.',
          embedding: near(axis(0), 0.1, random),
        },
      ],
      'processing',
    );
  });

  afterAll(async () => {
    await runtime.close();
  });

  describe('searchByKeywords', () => {
    it('finds passages despite an elided article', async () => {
      const hits = await keywordSearch(clinicId, "Quando serve l'invio al medico?");

      expect(hits[0]?.content).toContain("l'invio al medico");
      expect(hits[0]?.documentTitle).toBe('Lombalgia aspecifica');
      expect(hits[0]?.score).toBeGreaterThan(0);
      expect(hits[0]?.score).toBeLessThan(1);
    });

    it('treats the typographic apostrophe as a separator', async () => {
      const hits = await keywordSearch(clinicId, 'l’invio al medico');

      expect(hits.map((hit) => hit.headingPath)).toHaveLength(1);
      expect(hits[0]?.content).toContain('invio');
    });

    it('survives tsquery operators in the question', async () => {
      const hits = await keywordSearch(
        clinicId,
        'cauda: & | ! ( ) equina <-> sella:* \\ "anestesia',
      );

      expect(hits[0]?.content).toContain('cauda equina');
    });

    it('returns no hits for a stop-word-only question', async () => {
      const hits = await keywordSearch(clinicId, 'il la di per con che non');

      expect(hits).toEqual([]);
    });

    it('matches with accents typed or omitted', async () => {
      const typed = await keywordSearch(clinicId, 'perché');
      const omitted = await keywordSearch(clinicId, 'perche');

      expect(typed[0]?.content).toContain('Perché restare attivi');
      expect(omitted.map((hit) => hit.chunkId)).toEqual(typed.map((hit) => hit.chunkId));
    });

    it('matches Italian inflections through the stemmer', async () => {
      const hits = await keywordSearch(clinicId, 'esercizi terapeutici');

      expect(hits[0]?.content).toContain('esercizio terapeutico');
    });

    it('ranks heading matches above content-only matches', async () => {
      const hits = await keywordSearch(clinicId, 'esercizio attivi');

      expect(hits[0]?.content).toContain('esercizio terapeutico');
    });

    it("never returns another tenant's chunks", async () => {
      const hits = await keywordSearch(clinicId, 'protocollo interno cauda equina');
      const otherHits = await keywordSearch(otherClinicId, 'protocollo interno cauda equina');

      expect(hits.every((hit) => hit.documentTitle === 'Lombalgia aspecifica')).toBe(true);
      expect(otherHits.map((hit) => hit.documentTitle)).toEqual(['Documento riservato']);
    });

    it('skips documents that are not ready', async () => {
      const hits = await keywordSearch(clinicId, 'bozza pronta');

      expect(hits).toEqual([]);
    });

    it('returns chunk offsets into the document content', async () => {
      const [hit] = await keywordSearch(clinicId, 'riposo letto');
      const rows: { content: string }[] = await tenantDb.run(clinicId, (manager) =>
        manager.query('SELECT content FROM documents WHERE id = $1', [hit?.documentId]),
      );

      expect(rows[0]?.content.slice(hit?.startOffset, hit?.endOffset)).toBe(hit?.content);
    });
  });

  describe('searchByVector', () => {
    it("ranks by cosine similarity within the caller's tenant", async () => {
      const hits = await tenantDb.run(clinicId, (manager) =>
        repository.searchByVector(manager, axis(0), 5),
      );

      expect(hits).toHaveLength(3);
      expect(hits[0]?.content).toContain('cauda equina');
      expect(hits[0]?.score).toBeGreaterThan(0.9);
      expect(hits.map((hit) => hit.documentTitle)).not.toContain('Documento riservato');
      expect(hits.map((hit) => hit.documentTitle)).not.toContain('Bozza in elaborazione');
      for (let index = 1; index < hits.length; index += 1) {
        expect(hits[index]?.score).toBeLessThanOrEqual(hits[index - 1]?.score as number);
      }
    });

    it('rejects a vector with non-finite values', async () => {
      await expect(
        tenantDb.run(clinicId, (manager) => repository.searchByVector(manager, [Number.NaN, 1], 5)),
      ).rejects.toThrow(RangeError);
    });
  });

  describe('searchByVector on an index shared with a large tenant', () => {
    const random = randomSource(42);
    const crowded = normalise(axis(3).map((value, index) => value + (index === 4 ? 0.3 : 0)));
    let largeTenantId: string;
    let smallTenantId: string;
    let smallVectors: number[][];

    beforeAll(async () => {
      largeTenantId = await createTenant('clinica-grande');
      smallTenantId = await createTenant('clinica-piccola');
      await createDocument(
        largeTenantId,
        'Manuale grande',
        Array.from({ length: 3000 }, (_, index) => ({
          content: `Passaggio numero ${index}.`,
          embedding: near(crowded, 0.2, random),
        })),
      );
      smallVectors = Array.from({ length: 20 }, () => near(axis(5), 1.5, random));
      await createDocument(
        smallTenantId,
        'Dispensa piccola',
        smallVectors.map((embedding, index) => ({
          content: `Dispensa, paragrafo ${index}.`,
          embedding,
        })),
      );
      // The planner serves a tenant this small by an exact sort of the rows it finds through the
      // b-tree indexes on chunks. Without them, and without sequential scans, only the HNSW index
      // is left: the path a larger tenant takes, and the one under test.
      await runtime.dataSource.query('DROP INDEX chunks_tenant_document_idx');
      await runtime.dataSource.query(
        'ALTER TABLE chunks DROP CONSTRAINT chunks_document_id_ordinal_key',
      );
      await runtime.dataSource.query('ANALYZE chunks');
    }, 120_000);

    it('returns the top k of a small tenant through the HNSW index', async () => {
      const k = 10;
      const { plan, hits, statements } = await tenantDb.run(smallTenantId, async (manager) => {
        await manager.query('SET LOCAL enable_seqscan = off');
        const explained: { 'QUERY PLAN': string }[] = await manager.query(
          `EXPLAIN SELECT id FROM chunks ORDER BY embedding <=> $1::vector LIMIT ${k}`,
          [`[${crowded.join(',')}]`],
        );

        const query = jest.spyOn(manager, 'query');
        const found = await repository.searchByVector(manager, crowded, k);

        return {
          plan: explained.map((row) => row['QUERY PLAN']).join('\n'),
          hits: found,
          statements: query.mock.calls.map(([sql]) => sql),
        };
      });
      const expected = smallVectors
        .map((vector, index) => ({ index, similarity: cosine(vector, crowded) }))
        .sort((a, b) => b.similarity - a.similarity)
        .slice(0, k)
        .map(({ index }) => `Dispensa, paragrafo ${index}.`);

      expect(plan).toContain('chunks_embedding_hnsw_idx');
      expect(statements.filter((sql) => sql.includes(') + 0'))).toEqual([]);
      expect(hits).toHaveLength(k);
      expect(hits.every((hit) => hit.documentTitle === 'Dispensa piccola')).toBe(true);
      expect(hits.map((hit) => hit.content)).toEqual(expected);
    });

    it('falls back to an exact scan when the index misses rows', async () => {
      // pgvector leaves zero vectors out of a cosine HNSW index, so the index scan cannot find
      // this chunk and only the exact scan returns it.
      const tenantId = await createTenant('clinica-vettore-nullo');
      await createDocument(tenantId, 'Vettore nullo', [
        { content: 'Indicizzato.', embedding: near(crowded, 0.2, random) },
        { content: 'Senza vettore.', embedding: Array.from({ length: DIMENSION }, () => 0) },
      ]);

      const hits = await tenantDb.run(tenantId, async (manager: EntityManager) => {
        await manager.query('SET LOCAL enable_seqscan = off');

        return repository.searchByVector(manager, crowded, 5);
      });

      expect(hits.map((hit) => hit.content)).toEqual(['Indicizzato.', 'Senza vettore.']);
      expect(hits[1]?.score).toBe(0);
    });
  });
});
