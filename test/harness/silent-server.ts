import type { AddressInfo } from 'node:net';
import { createServer, type Socket } from 'node:net';

/**
 * An endpoint that hangs: a TCP server on 127.0.0.1 that accepts every connection, reads what it
 * is sent and never writes a byte. What a wedged load balancer or a black-holed proxy looks like
 * to an AWS client once the connection is up.
 */
export interface SilentServer {
  readonly url: string;
  /** Connections accepted so far: one per attempt the client made. */
  readonly connections: number;
  close(): Promise<void>;
}

export async function startSilentServer(): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('data', () => {}); // read and ignore, so the client's request is fully sent
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
