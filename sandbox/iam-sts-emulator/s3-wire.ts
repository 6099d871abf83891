import type { IncomingHttpHeaders } from 'node:http';
import { escapeXml } from './xml.js';

/** What the S3 part of the emulator shares: a request, an answer, the bucket and key it names, S3's XML. */
export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

export interface S3Request {
  readonly method: string;
  /** The request target: path and query. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface S3Answer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer | string;
}

export interface Target {
  readonly bucket: string;
  readonly key?: string;
  readonly query: URLSearchParams;
}

export function targetOf(url: string): Target {
  const parsed = new URL(url, 'http://s3.local');
  const [bucket = '', ...rest] = parsed.pathname.slice(1).split('/');
  const key = rest.length === 0 ? undefined : decodeURIComponent(rest.join('/'));
  return { bucket: decodeURIComponent(bucket), ...(key ? { key } : {}), query: parsed.searchParams };
}

export const tag = (name: string, value: string | number | boolean) =>
  `<${name}>${escapeXml(String(value))}</${name}>`;

export const xml = (root: string, inner: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${S3_NAMESPACE}">${inner}</${root}>`;
