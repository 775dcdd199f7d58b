import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';

/** Azurite's well-known development account (public, documented by Microsoft; not a secret). */
const ACCOUNT = 'devstoreaccount1';
const ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const AZURITE_BLOB = createRequire(import.meta.url).resolve('azurite/dist/src/blob/main.js');

export type Azurite = {
  port: number;
  connectionString: string;
  /** Stops the process and resolves once it has exited. */
  stop(): Promise<void>;
};

/**
 * Starts Azurite's Blob service from the npm package on a loopback port (0 = any free one) and resolves
 * once it listens. In memory by default; with `location` it keeps blobs on disk, so a restart on the same
 * port finds them again.
 */
export async function startAzurite(options: { port?: number; location?: string } = {}): Promise<Azurite> {
  const persistence = options.location ? ['--location', options.location] : ['--inMemoryPersistence'];
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(
    process.execPath,
    [AZURITE_BLOB, '--blobHost', '127.0.0.1', '--blobPort', String(options.port ?? 0), '--disableTelemetry', '--skipApiVersionCheck', ...persistence],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = once(child, 'exit');
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /successfully listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        child.stdout.off('data', onData);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then(() => reject(new Error(`Azurite exited before listening:\n${output}`)));
  });
  // Keep the pipes drained so a chatty Azurite never blocks.
  child.stdout.resume();
  return {
    port,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${ACCOUNT_KEY};BlobEndpoint=http://127.0.0.1:${port}/${ACCOUNT};`,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
