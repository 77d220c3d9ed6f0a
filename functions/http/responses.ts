import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** Responses carry PHI: never let a browser or CDN cache them. */
const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

export interface HttpResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** A file answer: bytes with their own content type (API Gateway wants them base64 with isBase64Encoded). */
export interface FileResult {
  status: number;
  file: Uint8Array;
  contentType: string;
  fileName: string;
}

export const ok = (body: unknown): HttpResult => ({ status: 200, body });
export const created = (body: unknown): HttpResult => ({ status: 201, body });
export const accepted = (body: unknown): HttpResult => ({ status: 202, body });
export const noContent = (): HttpResult => ({ status: 204, body: undefined });
export const pdfFile = (file: Uint8Array, fileName: string): FileResult => ({
  status: 200,
  file,
  contentType: 'application/pdf',
  fileName,
});

export function toLambdaResult(result: HttpResult | FileResult): APIGatewayProxyStructuredResultV2 {
  if ('file' in result) {
    return {
      statusCode: result.status,
      headers: {
        'content-type': result.contentType,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        // The file name is built by the server from ids only (never a person's name: it would sit in browser history).
        'content-disposition': `attachment; filename="${result.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      },
      body: Buffer.from(result.file).toString('base64'),
      isBase64Encoded: true,
    };
  }
  if (result.status === 204) return { statusCode: 204, headers: { 'cache-control': 'no-store' } };
  return {
    statusCode: result.status,
    headers: { ...JSON_HEADERS, ...result.headers },
    body: JSON.stringify(result.body),
  };
}
