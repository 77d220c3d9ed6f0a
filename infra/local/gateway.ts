/**
 * The local stand-in for API Gateway (HTTP API, payload v2) + CloudFront: one HTTP server that
 * - turns `/api/*` requests into payload-v2 events and hands them to the same handler modules the CDK app
 *   deploys, after verifying the Cognito ID token as the HTTP API JWT authorizer would;
 * - serves `/config.json`, the static web build with the SPA fallback, and local-only extras (`/local/*`).
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { ApiError } from '../../shared/errors.ts';
import { ROUTE_TIMEOUT_SECONDS, routeKey, type RouteDefinition } from '../../functions/routes.ts';
import type { TokenVerifier } from './jwt-verifier.ts';
import { lambdaContext } from './lambda-invocation.ts';

export type LambdaHttpHandler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<unknown>;

export interface GatewayOptions {
  routes: readonly RouteDefinition[];
  loadHandler: (route: RouteDefinition) => Promise<LambdaHttpHandler>;
  verifier: TokenVerifier;
  webDir: string;
  /** `/config.json`; `cognito.endpoint` is filled in per request with this gateway's own `/local/cognito`. */
  config: { cognito: Record<string, unknown> } & Record<string, unknown>;
  /**
   * cognito-local's endpoint, proxied at `/local/cognito` so that the browser needs nothing but the gateway's
   * origin (a forwarded port 3000 is enough to use the app from another machine or a dev container).
   */
  cognitoEndpoint?: string;
  /** Extra local-only GET endpoints, e.g. `/local/outbox`. */
  localEndpoints?: Record<string, () => Promise<unknown>>;
  log: (entry: Record<string, unknown>) => void;
}

/** API Gateway's own payload cap; the handlers enforce the much smaller limit of this API. */
const GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;

interface CompiledRoute {
  route: RouteDefinition;
  pattern: RegExp;
  parameterNames: string[];
}

function compile(route: RouteDefinition): CompiledRoute {
  const parameterNames: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const parameter = /^\{(\w+)\}$/.exec(segment);
      if (!parameter) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      parameterNames.push(parameter[1]!);
      return '([^/]+)';
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}$`), parameterNames };
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

const SITE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

export function createGateway(options: GatewayOptions): Server {
  const compiled = options.routes.map(compile);
  const handlerCache = new Map<string, Promise<LambdaHttpHandler>>();
  const handlerFor = (route: RouteDefinition) => {
    let handler = handlerCache.get(route.id);
    if (!handler) {
      handler = options.loadHandler(route);
      handlerCache.set(route.id, handler);
    }
    return handler;
  };
  const webRoot = resolve(options.webDir);

  return createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const done = (promise: Promise<void>) =>
      promise.catch((error: unknown) => {
        options.log({ level: 'ERROR', message: 'gateway failure', errorType: (error as Error)?.name });
        if (!response.headersSent) sendJson(response, 500, new ApiError('internal', 'Something went wrong on our side').toBody());
        else response.end();
      });

    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
      done(handleApi(request, response, url));
    } else if (url.pathname === '/config.json') {
      const cognito = options.cognitoEndpoint
        ? { ...options.config.cognito, endpoint: `${originOf(request)}${COGNITO_PROXY_PATH}` }
        : options.config.cognito;
      sendJson(response, 200, { ...options.config, cognito }, { 'cache-control': 'no-store' });
    } else if (url.pathname === COGNITO_PROXY_PATH && options.cognitoEndpoint) {
      done(proxyToCognito(request, response, options.cognitoEndpoint));
    } else if (options.localEndpoints?.[url.pathname] && request.method === 'GET') {
      done(options.localEndpoints[url.pathname]!().then((body) => sendJson(response, 200, body, { 'cache-control': 'no-store' })));
    } else {
      serveStatic(request, response, url);
    }
  });

  async function handleApi(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const method = request.method ?? 'GET';
    let match: { compiledRoute: CompiledRoute; values: string[] } | undefined;
    for (const compiledRoute of compiled) {
      if (compiledRoute.route.method !== method) continue;
      const found = compiledRoute.pattern.exec(url.pathname);
      if (found) {
        match = { compiledRoute, values: found.slice(1) };
        break;
      }
    }
    if (!match) {
      request.resume();
      return sendJson(response, 404, new ApiError('not_found', `No route for ${method} ${url.pathname}`).toBody());
    }
    const { route, parameterNames } = match.compiledRoute;

    const body = await readBody(request);
    if (body === 'too_large') {
      return sendJson(response, 413, new ApiError('payload_too_large', 'The request body is too large').toBody(), { connection: 'close' });
    }

    let claims: Record<string, string> | undefined;
    if (route.access !== 'public') {
      const verified = await options.verifier.verifyAuthorizationHeader(request.headers.authorization);
      if (!verified.ok) {
        // API Gateway answers 401 itself, before any function runs; here it is at least in the contract's shape.
        return sendJson(response, 401, new ApiError('unauthenticated', verified.reason).toBody(), {
          'www-authenticate': 'Bearer',
        });
      }
      claims = verified.claims;
    }

    const event = toPayloadV2Event(request, url, route, body, claims, parameterNames, match.values);
    const handler = await handlerFor(route);
    const result = (await handler(event, lambdaContext(route.id, ROUTE_TIMEOUT_SECONDS))) as
      APIGatewayProxyStructuredResultV2 | string | object;
    sendLambdaResult(response, result);
  }

  function serveStatic(request: IncomingMessage, response: ServerResponse, url: URL): void {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      response.writeHead(400).end();
      return;
    }
    const candidate = resolve(webRoot, '.' + normalize(pathname));
    const insideRoot = candidate === webRoot || candidate.startsWith(webRoot + '/');
    let file = insideRoot && existsSync(candidate) && statSync(candidate).isFile() ? candidate : undefined;
    if (!file && insideRoot && existsSync(join(candidate, 'index.html'))) file = join(candidate, 'index.html');
    // SPA fallback: any path that is not a file is a client-side route; assets that are missing stay 404.
    if (!file && !extname(pathname)) file = join(webRoot, 'index.html');
    if (!file || !existsSync(file)) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...SITE_HEADERS }).end('Not found');
      return;
    }
    const immutable = file.includes(`${join(webRoot, '_app', 'immutable')}`);
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...SITE_HEADERS,
    });
    if (request.method === 'HEAD') response.end();
    else createReadStream(file).pipe(response);
  }
}

const COGNITO_PROXY_PATH = '/local/cognito';
/** Cognito's JSON requests are a few hundred bytes. */
const COGNITO_MAX_BODY_BYTES = 64 * 1024;

/**
 * The origin the browser used to reach this gateway (so the config it gets points back through the same door):
 * the Host header, http unless a forwarding proxy says https. Only ever handed back to that same browser.
 */
function originOf(request: IncomingMessage): string {
  const host = /^[A-Za-z0-9.:[\]-]{1,255}$/.test(request.headers.host ?? '') ? request.headers.host : 'localhost';
  const forwarded = String(request.headers['x-forwarded-proto'] ?? '')
    .split(',')[0]
    ?.trim();
  return `${forwarded === 'https' ? 'https' : 'http'}://${host}`;
}

/** POST /local/cognito → cognito-local, the Cognito JSON protocol as it is (target header, body, status). */
async function proxyToCognito(request: IncomingMessage, response: ServerResponse, endpoint: string): Promise<void> {
  const target = request.headers['x-amz-target'];
  if (request.method !== 'POST' || typeof target !== 'string' || !/^AWSCognitoIdentityProviderService\.\w+$/.test(target)) {
    request.resume();
    response
      .writeHead(400, { 'content-type': 'application/json' })
      .end(JSON.stringify({ __type: 'InvalidRequest', message: 'Not a Cognito request' }));
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > COGNITO_MAX_BODY_BYTES) {
      response.writeHead(413).end();
      return;
    }
    chunks.push(chunk as Buffer);
  }
  const answer = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
    body: Buffer.concat(chunks),
  });
  const body = Buffer.from(await answer.arrayBuffer());
  response
    .writeHead(answer.status, {
      'content-type': answer.headers.get('content-type') ?? 'application/x-amz-json-1.1',
      'cache-control': 'no-store',
    })
    .end(body);
}

async function readBody(request: IncomingMessage): Promise<Buffer | 'too_large'> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > GATEWAY_MAX_BODY_BYTES) {
    request.resume();
    return 'too_large';
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > GATEWAY_MAX_BODY_BYTES) return 'too_large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** API Gateway passes JWT claims as strings; arrays become "[a b]". */
function flattenClaims(claims: Record<string, unknown>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(claims)) {
    flat[name] = Array.isArray(value) ? `[${value.join(' ')}]` : typeof value === 'string' ? value : String(value);
  }
  return flat;
}

function toPayloadV2Event(
  request: IncomingMessage,
  url: URL,
  route: RouteDefinition,
  body: Buffer,
  claims: Record<string, unknown> | undefined,
  parameterNames: string[],
  parameterValues: string[],
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
  const pathParameters: Record<string, string> = {};
  parameterNames.forEach((name, index) => {
    pathParameters[name] = safeDecode(parameterValues[index] ?? '');
  });
  const contentType = headers['content-type'] ?? '';
  const isText = body.length === 0 || /json|text|xml|form-urlencoded/.test(contentType) || contentType === '';
  const now = Date.now();
  return {
    version: '2.0',
    routeKey: routeKey(route),
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    pathParameters: parameterNames.length ? pathParameters : undefined,
    body: body.length ? (isText ? body.toString('utf8') : body.toString('base64')) : undefined,
    isBase64Encoded: body.length > 0 && !isText,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: route.method,
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: routeKey(route),
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
      authorizer: claims
        ? { principalId: '', integrationLatency: 0, jwt: { claims: flattenClaims(claims), scopes: [] } }
        : (undefined as never),
    },
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Payload v2 semantics: a structured result is used as is; anything else is a 200 JSON body. */
function sendLambdaResult(response: ServerResponse, result: APIGatewayProxyStructuredResultV2 | string | object): void {
  if (typeof result === 'object' && result !== null && 'statusCode' in result) {
    const structured = result as APIGatewayProxyStructuredResultV2;
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(structured.headers ?? {})) headers[name] = String(value);
    if (structured.cookies?.length) headers['set-cookie'] = structured.cookies;
    const body = structured.body === undefined ? '' : structured.isBase64Encoded ? Buffer.from(structured.body, 'base64') : structured.body;
    response.writeHead(structured.statusCode ?? 200, headers).end(body);
    return;
  }
  sendJson(response, 200, result);
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response
    .writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers })
    .end(JSON.stringify(body));
}
