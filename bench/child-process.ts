import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

const running = new Set<ChildProcess>();

/** Registers a child process, so an interrupted benchmark can stop it. */
export function trackChild(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
}

/** Sends SIGTERM to every child process still running. */
export function stopChildren(): void {
  for (const child of running) {
    child.kill('SIGTERM');
  }
}

/** A helper process of the benchmark that prints one JSON line when it is ready. */
export class HelperProcess<Ready> {
  private constructor(
    private readonly child: ChildProcess,
    readonly ready: Ready,
  ) {}

  get pid(): number {
    return this.child.pid as number;
  }

  /** Starts `dist/bench/bench/<script>.js` and resolves with its first line of output, parsed. */
  static async start<Ready>(script: string, args: string[] = []): Promise<HelperProcess<Ready>> {
    const child = spawn(process.execPath, [resolve(__dirname, `${script}.js`), ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    trackChild(child);
    // Log lines may come first, and later output is read and dropped so the pipe never fills.
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const readyLine = await new Promise<string>((done, fail) => {
      lines.on('line', (line) => {
        if (line.startsWith('{')) {
          done(line);
        }
      });
      child.once('exit', (code) =>
        fail(new Error(`${script} exited with code ${code} before it was ready`)),
      );
    });

    return new HelperProcess<Ready>(child, JSON.parse(readyLine) as Ready);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) {
      return;
    }
    const exited = new Promise((done) => this.child.once('exit', done));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}
