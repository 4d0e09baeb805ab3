import * as net from 'node:net';

/**
 * A TCP proxy in front of a real server (PostgreSQL, Temporal) that a test can cut or freeze, to
 * see how bangfu behaves when that server is unreachable — without stopping the server the other
 * suites share. `cut()`: every open connection is reset and new ones are reset on accept (the
 * server is gone). `freeze()`: connections are accepted but nothing is forwarded either way (the
 * server hangs). `restore()`: back to passing traffic.
 */
export class TcpProxy {
  private mode: 'pass' | 'cut' | 'freeze' = 'pass';
  private readonly open = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  static async start(targetHost: string, targetPort: number): Promise<TcpProxy> {
    const ref: { proxy?: TcpProxy } = {};
    const server = net.createServer((client) => ref.proxy!.accept(client, targetHost, targetPort));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ref.proxy = new TcpProxy(server, (server.address() as net.AddressInfo).port);
    return ref.proxy;
  }

  private track(s: net.Socket): void {
    this.open.add(s);
    s.on('close', () => this.open.delete(s));
    s.on('error', () => undefined);
  }

  private accept(client: net.Socket, host: string, port: number): void {
    this.track(client);
    if (this.mode === 'cut') {
      client.resetAndDestroy();
      return;
    }
    if (this.mode === 'freeze') return; // accepted, never answered
    const upstream = net.connect(port, host);
    this.track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', close);
    upstream.on('close', close);
  }

  /** The server is gone: open connections reset, new ones reset on accept. */
  cut(): void {
    this.mode = 'cut';
    for (const s of this.open) s.resetAndDestroy();
  }

  /** The server hangs: open connections stop forwarding, new ones are accepted and left silent. */
  freeze(): void {
    this.mode = 'freeze';
    for (const s of this.open) {
      s.unpipe();
      s.pause();
    }
  }

  /** Traffic passes again (connections frozen or cut before stay dead: clients reconnect). */
  restore(): void {
    for (const s of this.open) s.destroy();
    this.mode = 'pass';
  }

  async close(): Promise<void> {
    for (const s of this.open) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
