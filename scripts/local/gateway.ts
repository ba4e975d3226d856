import { Agent, createServer, type IncomingHttpHeaders, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The local API's front door, in front of serverless offline. It passes every request and response through
 * unchanged but one: when a handler throws (or cannot even be loaded), serverless offline answers an HTTP API
 * route with status 200 and the Lambda error document (`errorMessage`, `errorType`, `stackTrace`) as the
 * body, which a client reads as success. API Gateway answers such an invocation with a 5xx; so does this
 * gateway: a 502 in the RealWorld error shape, naming the error, so nothing broken looks like an answer.
 */

export interface GatewayOptions {
  port: number;
  /** Where serverless offline's HTTP server listens. */
  upstreamPort: number;
  /** Told about every handler error turned into a 502. */
  onHandlerError?: (route: string, error: LambdaError) => void;
}

export interface LambdaError {
  errorMessage: string;
  errorType: string;
}

export interface RunningGateway {
  port: number;
  stop(): Promise<void>;
}

/** Only bodies this small are read whole to be checked; Lambda's own response limit is 6 MB. */
const CHECKED_BODY_LIMIT = 7 * 1024 * 1024;

/** The Lambda runtime's error document, as serverless offline relays it; never a body one of our routes returns. */
export function lambdaErrorIn(body: string): LambdaError | undefined {
  if (!body.startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    if (typeof parsed.errorMessage === 'string' && typeof parsed.errorType === 'string' && !('errors' in parsed)) {
      return { errorMessage: parsed.errorMessage, errorType: parsed.errorType };
    }
  } catch {
    // not JSON: not the error document
  }
  return undefined;
}

export const handlerFailureBody = (error: LambdaError) =>
  JSON.stringify({ errors: { server: [`the handler failed: ${error.errorType}: ${error.errorMessage}`] } });

const isJson = (headers: IncomingHttpHeaders) => (headers['content-type'] ?? '').includes('json');

export function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });

  const relay = (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const route = `${incoming.method} ${incoming.url}`;
    const upstream = request(
      { host: '127.0.0.1', port: options.upstreamPort, method: incoming.method, path: incoming.url, headers: incoming.headers, agent },
      (answer) => {
        const length = Number(answer.headers['content-length'] ?? 0);
        if (!isJson(answer.headers) || length > CHECKED_BODY_LIMIT) {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
          return;
        }
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('error', () => outgoing.destroy());
        answer.on('end', () => {
          const body = Buffer.concat(chunks);
          const failure = lambdaErrorIn(body.toString('utf8'));
          if (!failure) {
            outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
            outgoing.end(body);
            return;
          }
          options.onHandlerError?.(route, failure);
          const replacement = handlerFailureBody(failure);
          const { 'transfer-encoding': _chunked, ...kept } = answer.headers;
          const headers = { ...kept, 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(replacement)) };
          outgoing.writeHead(502, headers);
          outgoing.end(replacement);
        });
      },
    );
    upstream.on('error', (error) => {
      if (outgoing.headersSent) return void outgoing.destroy();
      const body = JSON.stringify({ errors: { server: [`the local API is not answering: ${error.message}`] } });
      outgoing.writeHead(502, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)) });
      outgoing.end(body);
    });
    incoming.on('aborted', () => upstream.destroy());
    incoming.pipe(upstream);
  };

  const server: Server = createServer(relay);
  return new Promise((listening, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      listening({
        port: (server.address() as AddressInfo).port,
        stop: () =>
          new Promise<void>((closed) => {
            agent.destroy();
            server.close(() => closed());
            server.closeAllConnections();
          }),
      });
    });
  });
}
