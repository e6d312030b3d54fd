/**
 * Versions served by conversion: a resource the cluster stores in one version (its storage
 * version) and also serves in another, as the real API server serves HorizontalPodAutoscalers in
 * autoscaling/v2 (stored) and autoscaling/v1 (`kubectl autoscale` creates v1 objects). The
 * handler converts request bodies to the storage version and answers in the requested one.
 */
import type { KubeObject } from '../types.js';
import type { ResourceInfo } from './resources.js';

/** How one served version converts to and from its storage version. */
export interface VersionConversion {
  /** The version objects are stored (and validated, defaulted, watched) in. */
  storageVersion: string;
  /**
   * A body in the served version as a storage-version object. `stored` is the current object on
   * updates, so fields the served version cannot express are kept.
   */
  toStorage(obj: KubeObject, stored: KubeObject | undefined): KubeObject;
  /** A stored object as the served version shows it. */
  fromStorage(obj: KubeObject): KubeObject;
  /** Field paths of a body the served version does not have (`spec.foo`), for fieldValidation. */
  unknownFields(obj: KubeObject): string[];
}

/** The paths of `obj`'s keys missing from `known` (nested objects by their own key lists). */
function unknownKeys(obj: unknown, known: Record<string, unknown>, prefix: string): string[] {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(obj)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (!(k in known)) out.push(path);
    else if (known[k] && typeof known[k] === 'object')
      out.push(...unknownKeys(v, known[k] as Record<string, unknown>, path));
  }
  return out;
}

const CROSS_VERSION_REF = { kind: 1, name: 1, apiVersion: 1 };
const HPA_V1_FIELDS = {
  apiVersion: 1,
  kind: 1,
  metadata: 1,
  spec: {
    scaleTargetRef: CROSS_VERSION_REF,
    minReplicas: 1,
    maxReplicas: 1,
    targetCPUUtilizationPercentage: 1,
  },
  status: {
    observedGeneration: 1,
    lastScaleTime: 1,
    currentReplicas: 1,
    desiredReplicas: 1,
    currentCPUUtilizationPercentage: 1,
  },
};

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function isCpuUtilization(m: Obj): boolean {
  return m?.type === 'Resource' && m.resource?.name === 'cpu' && m.resource?.target?.type === 'Utilization';
}

/** autoscaling/v1 HorizontalPodAutoscaler over the stored autoscaling/v2 object. */
const HPA_V1: VersionConversion = {
  storageVersion: 'v2',
  unknownFields: (obj) => unknownKeys(obj, HPA_V1_FIELDS, ''),
  toStorage(obj, stored) {
    const spec: Obj = obj.spec ?? {};
    const keep: Obj[] = ((stored?.spec?.metrics ?? []) as Obj[]).filter((m) => !isCpuUtilization(m));
    const metrics =
      spec.targetCPUUtilizationPercentage !== undefined && spec.targetCPUUtilizationPercentage !== null
        ? [
            {
              type: 'Resource',
              resource: {
                name: 'cpu',
                target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage },
              },
            },
            ...keep,
          ]
        : keep;
    const v2Spec: Obj = { ...(stored?.spec ?? {}) };
    delete v2Spec.metrics;
    v2Spec.scaleTargetRef = spec.scaleTargetRef;
    if (spec.minReplicas !== undefined) v2Spec.minReplicas = spec.minReplicas;
    else delete v2Spec.minReplicas;
    v2Spec.maxReplicas = spec.maxReplicas;
    if (metrics.length) v2Spec.metrics = metrics;
    const out: KubeObject = {
      ...obj,
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: obj.metadata,
      spec: v2Spec,
    };
    if (stored?.status !== undefined) out.status = stored.status;
    else delete out.status;
    return out;
  },
  fromStorage(obj) {
    const spec: Obj = obj.spec ?? {};
    const cpu = ((spec.metrics ?? []) as Obj[]).find(isCpuUtilization);
    const v1Spec: Obj = { scaleTargetRef: spec.scaleTargetRef };
    if (spec.minReplicas !== undefined) v1Spec.minReplicas = spec.minReplicas;
    v1Spec.maxReplicas = spec.maxReplicas;
    if (cpu) v1Spec.targetCPUUtilizationPercentage = cpu.resource.target.averageUtilization;
    const status: Obj = obj.status ?? {};
    const v1Status: Obj = {};
    if (status.observedGeneration !== undefined) v1Status.observedGeneration = status.observedGeneration;
    if (status.lastScaleTime !== undefined) v1Status.lastScaleTime = status.lastScaleTime;
    v1Status.currentReplicas = status.currentReplicas ?? 0;
    v1Status.desiredReplicas = status.desiredReplicas ?? 0;
    const current = ((status.currentMetrics ?? []) as Obj[]).find(
      (m) => m?.type === 'Resource' && m.resource?.name === 'cpu',
    );
    if (current?.resource?.current?.averageUtilization !== undefined)
      v1Status.currentCPUUtilizationPercentage = current.resource.current.averageUtilization;
    return {
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: obj.metadata,
      spec: v1Spec,
      status: v1Status,
    };
  },
};

const CONVERSIONS: Record<string, VersionConversion> = {
  'autoscaling/v1/horizontalpodautoscalers': HPA_V1,
};

/** The conversion of a served version, or undefined for a resource served in its storage version. */
export function conversionFor(
  info: Pick<ResourceInfo, 'group' | 'version' | 'resource'>,
): VersionConversion | undefined {
  return CONVERSIONS[`${info.group}/${info.version}/${info.resource}`];
}
