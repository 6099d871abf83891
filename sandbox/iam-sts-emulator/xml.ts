/**
 * The AWS Query protocol's XML, as IAM and STS write it: a `<ActionResponse>` wrapping
 * `<ActionResult>` and `<ResponseMetadata>`, lists as `<member>` elements, timestamps in ISO-8601,
 * and errors as `<ErrorResponse><Error>…</Error><RequestId>…</RequestId></ErrorResponse>`.
 */

/** A value the result serializer understands; arrays become `<member>` lists, undefined is left out. */
export type XmlValue = string | number | boolean | Date | undefined | readonly XmlValue[] | XmlObject;
export interface XmlObject {
  readonly [element: string]: XmlValue;
}

export const namespaces = {
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
} as const;

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function scalar(value: string | number | boolean | Date): string {
  // Second precision, as IAM and STS write their timestamps.
  if (value instanceof Date) return value.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return escapeXml(String(value));
}

export function element(name: string, value: XmlValue): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) {
    return `<${name}>${value.map((item) => element('member', item as XmlValue)).join('')}</${name}>`;
  }
  if (typeof value === 'object' && !(value instanceof Date)) {
    const children = Object.entries(value as XmlObject)
      .map(([child, childValue]) => element(child, childValue))
      .join('');
    return `<${name}>${children}</${name}>`;
  }
  return `<${name}>${scalar(value as string | number | boolean | Date)}</${name}>`;
}

export function successResponse(input: {
  action: string;
  namespace: string;
  result: XmlObject | undefined;
  requestId: string;
}): string {
  const result = input.result === undefined ? '' : element(`${input.action}Result`, input.result);
  return (
    `<${input.action}Response xmlns="${input.namespace}">${result}` +
    `<ResponseMetadata><RequestId>${input.requestId}</RequestId></ResponseMetadata>` +
    `</${input.action}Response>`
  );
}

export function errorResponse(input: {
  namespace: string;
  type: 'Sender' | 'Receiver';
  code: string;
  message: string;
  requestId: string;
}): string {
  return (
    `<ErrorResponse xmlns="${input.namespace}"><Error><Type>${input.type}</Type>` +
    `<Code>${escapeXml(input.code)}</Code><Message>${escapeXml(input.message)}</Message></Error>` +
    `<RequestId>${input.requestId}</RequestId></ErrorResponse>`
  );
}
