/**
 * The validation module as the API layer's `ObjectHooks`: defaulting, the admission steps a
 * real API server runs for these kinds (ServiceAccount and DefaultTolerationSeconds for Pods,
 * cluster IP and node port allocation for Services, Job selectors), and validation.
 *
 * Allocation state is rebuilt from the store when needed, so it survives snapshot imports.
 */
import type { HookContext, ObjectHooks } from '../api/hooks.js';
import type { ResourceInfo } from '../api/resources.js';
import type { KubeObject } from '../types.js';
import { IpAllocator } from '../machinery/random.js';
import { defaultObject, validateObject } from './index.js';
import { DEFAULTERS } from './defaults/index.js';
import { clone, copyShared, copySharing, objectForCopyOf, shareIdentical } from '../store/keys.js';
import { admitPod } from './defaults/admission.js';
import { allocateServiceAddresses, carryOverServiceAllocations } from './defaults/service.js';
import { prepareJobForCreate } from './defaults/workloads.js';
import { NODE_PORT_RANGE } from './rules/service.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = any;

/** The Service cluster IP range (kubeadm's default); 10.96.0.1 is the `kubernetes` Service. */
export const SERVICE_CIDR = '10.96.0.0/12';

const gvkOf = (info: ResourceInfo) => ({ group: info.group, version: info.version, kind: info.kind });
const is = (info: ResourceInfo, group: string, resource: string) =>
  info.group === group && info.resource === resource;

function serviceAllocators(ctx: HookContext) {
  const services = ctx.list('services').items as Obj[];
  const ips = new IpAllocator(SERVICE_CIDR);
  const ports = new Set<number>();
  for (const s of services) {
    for (const ip of s.spec?.clusterIPs ?? [s.spec?.clusterIP]) if (ip && ip !== 'None') ips.reserve(ip);
    for (const p of s.spec?.ports ?? []) if (p.nodePort) ports.add(p.nodePort);
  }
  const [low, high] = [NODE_PORT_RANGE.min, NODE_PORT_RANGE.max];
  return {
    clusterIP: () => {
      const ip = ips.random(ctx.random);
      if (!ip) throw new Error(`no free cluster IP in ${SERVICE_CIDR}`);
      return ip;
    },
    nodePort: () => {
      const span = high - low + 1;
      for (let i = 0; i < span; i++) {
        const candidate = low + ctx.random.int(span);
        if (!ports.has(candidate)) {
          ports.add(candidate);
          return candidate;
        }
      }
      throw new Error(`no free node port in ${low}-${high}`);
    },
  };
}

/** Kinds whose defaulter reads and changes nothing but `spec` (and what lies below it). */
const SPEC_ONLY_DEFAULTS = new Set([
  '/v1/Pod',
  'apps/v1/Deployment',
  'apps/v1/ReplicaSet',
  'apps/v1/StatefulSet',
  'apps/v1/DaemonSet',
]);

/** Stored (frozen) specs that their kind's defaulter was seen to leave exactly as they are. */
const settledSpecs = new WeakSet<object>();

const kindKeys = new Map<ResourceInfo, string>();
/** `group/version/Kind` of a resource (core as `/v1/Kind`), as DEFAULTERS is keyed. */
function kindKey(info: ResourceInfo): string {
  let key = kindKeys.get(info);
  if (key === undefined) kindKeys.set(info, (key = `${info.group}/${info.version}/${info.kind}`));
  return key;
}

/**
 * Defaulting for a write to `/status`. Its spec is the stored object's (frozen; the status
 * subresource cannot change it, as Kubernetes' status strategies reset it), and once the kind's
 * defaulter has been seen to leave that spec exactly as it is (or the kind has no defaulter), the
 * spec is kept instead of being copied and defaulted again: the result is the same JSON.
 */
function defaultStatusWrite(info: ResourceInfo, object: KubeObject): KubeObject {
  const spec = (object as Obj).spec;
  if (spec === null || typeof spec !== 'object' || !Object.isFrozen(spec))
    return defaultObject(gvkOf(info), object);
  const kind = kindKey(info);
  const defaulter = DEFAULTERS[kind];
  if (!defaulter) return copyKeepingSpec(object);
  if (!SPEC_ONLY_DEFAULTS.has(kind)) return defaultObject(gvkOf(info), object);
  if (settledSpecs.has(spec)) return copyKeepingSpec(object);
  // the defaulter reads and writes nothing but `spec`: try it on a copy of the spec alone
  // (not on a copy of the whole object, metadata's managedFields and the new status included)
  const trial = { spec: clone(spec) as Obj };
  defaulter(trial);
  if (shareIdentical(trial.spec, spec) !== spec) return defaultObject(gvkOf(info), object);
  settledSpecs.add(spec);
  return copyKeepingSpec(object);
}

/**
 * A copy of `object` (the same JSON `defaultObject` gives when its defaulter changes nothing)
 * that keeps its frozen parts, the spec among them, as they are: no defaulter runs on it, and
 * what runs after defaulting on a status write changes only its top level and metadata's.
 */
function copyKeepingSpec(object: KubeObject): KubeObject {
  return copySharing(object);
}

/**
 * Defaulting for a create of a kind whose defaulter changes nothing but `spec`: the same JSON
 * as `defaultObject` (a deep copy, defaulted), but frozen parts outside the spec are kept as
 * they are instead of copied. An in-process writer hands over stored parts that way (a
 * ReplicaSet's template labels and its owner reference for each of its pods), so every object
 * created from them shares them. The spec is copied whole: the defaulter writes into it.
 */
function defaultSpecOnly(defaulter: (o: Obj) => void, object: KubeObject): KubeObject {
  const src = object as unknown as Record<string, unknown>;
  const copy = objectForCopyOf(src);
  for (const k in src) {
    const v = src[k];
    if (v === undefined || typeof v === 'function') continue;
    copy[k] = k === 'spec' ? clone(v) : copyShared(v);
  }
  defaulter(copy);
  return copy as unknown as KubeObject;
}

/** Hooks that validate, default and admit every write like the Kubernetes API server. */
export function validationHooks(): ObjectHooks {
  return {
    default(info, object, ctx) {
      if (ctx.subresource === 'status') return defaultStatusWrite(info, object);
      if (ctx.operation === 'CREATE' && !ctx.subresource) {
        const kind = kindKey(info);
        const defaulter = DEFAULTERS[kind];
        if (defaulter && SPEC_ONLY_DEFAULTS.has(kind)) return defaultSpecOnly(defaulter, object);
      }
      return defaultObject<KubeObject>(gvkOf(info), object);
    },
    defaultCopies: true,
    admit(object, old, ctx) {
      const info = ctx.resource;
      if (ctx.subresource) return object;
      const obj = object as Obj;
      if (is(info, '', 'pods') && ctx.operation === 'CREATE') {
        admitPod(obj, { tokenVolumeSuffix: ctx.random.string(5) });
      }
      if (is(info, '', 'services')) {
        if (old) carryOverServiceAllocations(obj, old);
        allocateServiceAddresses(obj, serviceAllocators(ctx));
      }
      if (is(info, 'batch', 'jobs') && ctx.operation === 'CREATE') prepareJobForCreate(obj);
      return obj as KubeObject;
    },
    validate(info, object, old, ctx) {
      return validateObject(gvkOf(info), object, {
        oldObject: old,
        fieldValidation: ctx.fieldValidation,
        subresource: ctx.subresource,
      });
    },
  };
}
