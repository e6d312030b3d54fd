/** `kubectl describe` for ConfigMaps, Secrets and ServiceAccounts. */
import type { KubeObject } from '../../cluster/types.js';
import { decodeBase64 } from '../../cluster/machinery/base64.js';
import { describeEvents } from './events.js';
import { annotationsMultiline, arr, byString, labelsMultiline, rec, str, type Obj } from './format.js';
import { fetchEvents, listOrEmpty, type DescribeContext } from './source.js';
import { L0, tabbedString } from './writer.js';

/** The number of bytes base64 text decodes to. */
export function base64Size(text: string): number {
  const clean = text.replace(/[^A-Za-z0-9+/=_-]/g, '');
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.floor((clean.length * 3) / 4) - padding;
}

export function renderConfigMap(cm: KubeObject, events: Obj[] | undefined, now: number): string {
  const m = cm.metadata;
  const data = rec(cm.data);
  const binary = rec(cm.binaryData);
  return tabbedString((w) => {
    w.write(L0, `Name:\t${str(m.name)}\n`);
    w.write(L0, `Namespace:\t${str(m.namespace)}\n`);
    labelsMultiline(w, 'Labels', m.labels);
    annotationsMultiline(w, 'Annotations', m.annotations);
    w.write(L0, '\nData\n====\n');
    for (const k of Object.keys(data).sort(byString)) {
      w.write(L0, `${k}:\n----\n`);
      w.write(L0, `${str(data[k])}\n`);
      w.write(L0, '\n');
    }
    w.write(L0, '\nBinaryData\n====\n');
    for (const k of Object.keys(binary).sort(byString))
      w.write(L0, `${k}: ${base64Size(str(binary[k]))} bytes\n`);
    w.write(L0, '\n');
    describeEvents(events, w, now);
  });
}

export async function describeConfigMap(cm: KubeObject, ctx: DescribeContext): Promise<string> {
  return renderConfigMap(cm, await fetchEvents(ctx, cm), ctx.now);
}

/** Secrets never show values: sizes only (the token of a service-account-token Secret excepted). */
export function renderSecret(secret: KubeObject): string {
  const m = secret.metadata;
  const data = rec(secret.data);
  return tabbedString((w) => {
    w.write(L0, `Name:\t${str(m.name)}\n`);
    w.write(L0, `Namespace:\t${str(m.namespace)}\n`);
    labelsMultiline(w, 'Labels', m.labels);
    annotationsMultiline(w, 'Annotations', m.annotations);
    w.write(L0, `\nType:\t${str(secret.type)}\n`);
    w.write(L0, '\nData\n====\n');
    for (const k of Object.keys(data).sort(byString)) {
      if (k === 'token' && secret.type === 'kubernetes.io/service-account-token') {
        w.write(L0, `${k}:\t${decodeBase64(str(data[k])) ?? ''}\n`);
      } else {
        w.write(L0, `${k}:\t${base64Size(str(data[k]))} bytes\n`);
      }
    }
  });
}

export async function describeSecret(secret: KubeObject): Promise<string> {
  return renderSecret(secret);
}

export function renderServiceAccount(
  sa: KubeObject,
  tokens: KubeObject[],
  events: Obj[] | undefined,
  now: number,
): string {
  const m = sa.metadata;
  const headers: [string, string[]][] = [
    ['Image pull secrets:', arr(sa.imagePullSecrets).map((s) => str(s.name))],
    ['Mountable secrets: ', arr(sa.secrets).map((s) => str(s.name))],
    ['Tokens:            ', tokens.map((s) => str(s.metadata.name))],
  ];
  return tabbedString((w) => {
    w.write(L0, `Name:\t${str(m.name)}\n`);
    w.write(L0, `Namespace:\t${str(m.namespace)}\n`);
    labelsMultiline(w, 'Labels', m.labels);
    annotationsMultiline(w, 'Annotations', m.annotations);
    for (const [header, names] of headers) {
      if (names.length === 0) {
        w.write(L0, `${header}\t<none>\n`);
        continue;
      }
      let prefix = header;
      for (const name of names) {
        w.write(L0, `${prefix}\t${name}\n`);
        prefix = '                   ';
      }
    }
    describeEvents(events, w, now);
  });
}

export async function describeServiceAccount(sa: KubeObject, ctx: DescribeContext): Promise<string> {
  const secrets = await listOrEmpty(ctx, 'secrets', { namespace: sa.metadata.namespace });
  const tokens = secrets.filter(
    (s) =>
      s.type === 'kubernetes.io/service-account-token' &&
      rec(s.metadata.annotations)['kubernetes.io/service-account.name'] === sa.metadata.name,
  );
  return renderServiceAccount(sa, tokens, await fetchEvents(ctx, sa), ctx.now);
}
