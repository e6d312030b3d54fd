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

/** Hooks that validate, default and admit every write like the Kubernetes API server. */
export function validationHooks(): ObjectHooks {
  return {
    default(info, object) {
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
