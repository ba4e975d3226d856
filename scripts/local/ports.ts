import { type AddressInfo, createServer, type Server } from 'node:net';

/** A port nothing listens on right now, chosen by the OS. */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port!;
}

/** Distinct free ports: all are held open together, so the OS cannot hand out the same one twice. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Server>((listening, reject) => {
          const server = createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => listening(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((closed) => server.close(closed))));
  return ports;
}

/**
 * Fails when something already listens on the port. Without this check a second stack would wait on the
 * first one's server and declare itself ready while its own process dies with "address in use".
 */
export function assertPortFree(port: number, setting: string): Promise<void> {
  return new Promise((done, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `port ${port} (${setting}) is already in use: stop whatever listens there (another npm start?) or set ${setting}`
            : `cannot listen on port ${port} (${setting}): ${error.message}`,
        ),
      ),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => done()));
  });
}
