/** Builds Kubernetes Event objects (core/v1) from an EventSpec. */
import type { KubeObject } from '../types.js';
import type { EventSpec } from './types.js';
import { toTimestamp } from './time.js';
import { flatString } from '../machinery/flat-string.js';
import { COMBINED_PREFIX, KEY_SEPARATOR } from './event-correlator.js';

/**
 * The Event object for `spec` at `now`. `seq` makes the name unique among events recorded in
 * the same millisecond (Kubernetes names events `<object>.<hex nanoseconds>`). A `combined`
 * Event (the event correlator's aggregate of similar events) says so before its message and, as
 * in Kubernetes, names no reporting component or instance.
 */
export function buildEvent(spec: EventSpec, now: number, seq = 0, combined = false): KubeObject {
  const involved = spec.involvedObject;
  const ts = toTimestamp(now);
  const nanos = BigInt(Math.floor(now)) * 1_000_000n + BigInt(seq);
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: [involved.metadata.name ?? 'unknown', '.', nanos.toString(16)].join(''),
      namespace: eventNamespace(spec),
    },
    involvedObject: {
      apiVersion: involved.apiVersion,
      kind: involved.kind,
      name: involved.metadata.name,
      ...(involved.metadata.namespace ? { namespace: involved.metadata.namespace } : {}),
      ...(involved.metadata.uid ? { uid: involved.metadata.uid } : {}),
      ...(involved.metadata.resourceVersion ? { resourceVersion: involved.metadata.resourceVersion } : {}),
      ...(spec.fieldPath ? { fieldPath: spec.fieldPath } : {}),
    },
    reason: spec.reason,
    message: sharedMessage(combined ? combinedMessage(spec.message) : spec.message),
    type: spec.type,
    count: 1,
    firstTimestamp: ts,
    lastTimestamp: ts,
    source: { component: spec.component, ...(spec.host ? { host: spec.host } : {}) },
    reportingComponent: combined ? '' : spec.component,
    reportingInstance: combined ? '' : (spec.host ?? ''),
  };
}

/** How many distinct messages `sharedMessage` keeps before it starts a new table. */
export const MESSAGE_TABLE_SIZE = 4_096;
const messages = new Map<string, string>();

/**
 * `text` as one flat string, the same string object for every Event that says the same thing
 * ("Started container nginx", "Container image ... already present on machine": most of a pod's
 * Events), so each stored Event does not keep its own copy. A bounded table: when it is full it
 * starts afresh (messages that name one pod, such as "Successfully assigned ...", pass through).
 */
export function sharedMessage(text: string): string {
  const known = messages.get(text);
  if (known !== undefined) return known;
  const flat = flatString(text);
  if (messages.size >= MESSAGE_TABLE_SIZE) messages.clear();
  messages.set(flat, flat);
  return flat;
}

/** How many messages `sharedMessage` holds now (at most `MESSAGE_TABLE_SIZE`). */
export function sharedMessageCount(): number {
  return messages.size;
}

/** A combined Event's message: `(combined from similar events): <message>`. */
export function combinedMessage(message: string): string {
  return [COMBINED_PREFIX, message].join('');
}

/** The namespace an Event about `spec`'s object is recorded in (its object's, or `default`). */
export function eventNamespace(spec: EventSpec): string {
  return spec.involvedObject.metadata.namespace || 'default';
}

/**
 * The key under which repeats of the same event are counted (as the event recorder does): source,
 * object (with the field path), type, reason and message.
 */
export function eventKey(spec: EventSpec): string {
  const involved = spec.involvedObject;
  const o = involved.metadata;
  return [
    spec.component,
    spec.host ?? '',
    involved.kind,
    o.namespace ?? '',
    o.name ?? '',
    spec.fieldPath ?? '',
    o.uid ?? '',
    involved.apiVersion,
    spec.type,
    spec.reason,
    spec.message,
  ].join(KEY_SEPARATOR);
}
