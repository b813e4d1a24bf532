import { Injectable } from '@nestjs/common';

/** Longest a single dependency probe may take, so /health/ready responds within 3 s. */
export const MAX_PROBE_TIMEOUT_MS = 2000;

/** A check of one dependency that readiness requires. */
export interface DependencyProbe {
  /** Key of the dependency in the health report, such as `database`. */
  readonly name: string;
  /** Milliseconds after which the probe counts as failed; at most MAX_PROBE_TIMEOUT_MS. */
  readonly timeoutMs: number;
  /**
   * Resolves when the dependency replies and rejects otherwise. Stops its work (closes its
   * connection) when `signal` aborts, which happens when the timeout expires.
   */
  probe(signal: AbortSignal): Promise<void>;
}

/**
 * A probe failure whose message is safe to publish in the unauthenticated health report. Other
 * errors are reduced to a generic reason, because their messages can name internal hosts.
 */
export class ProbeError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ProbeError';
  }
}

/**
 * The dependencies readiness requires. HealthModule adds PostgreSQL, and Redis when REDIS_URL is
 * set. A lib that brings another required dependency adds its probe here at startup: the Neo4j
 * graph store will add `neo4j` when NEO4J_URI is set, once that adapter exists.
 */
@Injectable()
export class DependencyProbes {
  private readonly probes = new Map<string, DependencyProbe>();

  add(probe: DependencyProbe): void {
    if (probe.timeoutMs <= 0 || probe.timeoutMs > MAX_PROBE_TIMEOUT_MS) {
      throw new RangeError(
        `probe ${probe.name}: timeoutMs must be between 1 and ${MAX_PROBE_TIMEOUT_MS}, got ${probe.timeoutMs}`,
      );
    }
    if (this.probes.has(probe.name)) {
      throw new Error(`a probe named ${probe.name} is already registered`);
    }
    this.probes.set(probe.name, probe);
  }

  list(): DependencyProbe[] {
    return [...this.probes.values()];
  }
}
