export {
  type DependencyProbe,
  DependencyProbes,
  MAX_PROBE_TIMEOUT_MS,
  ProbeError,
} from './dependency-probe';
export { HealthModule } from './health.module';
export { ShutdownState } from './shutdown-state';
