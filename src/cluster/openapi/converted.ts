/**
 * OpenAPI component schemas of the versions the API serves by conversion (api/conversion.ts),
 * which have no generated validator schema: autoscaling/v1 HorizontalPodAutoscaler. kubectl reads
 * them to know the group version supports server-side field validation (without them it falls
 * back to downloading OpenAPI v2 and fails).
 */
type Json = Record<string, unknown>;

const REF = '#/components/schemas/';
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const TIME = 'io.k8s.apimachinery.pkg.apis.meta.v1.Time';
const V1 = 'io.k8s.api.autoscaling.v1';

const ref = (name: string, description: string, extra: Json = {}): Json => ({
  allOf: [{ $ref: `${REF}${name}` }],
  description,
  ...extra,
});
const int32 = (description: string): Json => ({ type: 'integer', format: 'int32', description });

/** Root definition name of each converted kind, by `group/version/kind`. */
export const CONVERTED_ROOTS: Record<string, string> = {
  'autoscaling/v1/HorizontalPodAutoscaler': `${V1}.HorizontalPodAutoscaler`,
};

/** The schemas a converted root needs besides the generated ones (it references ObjectMeta and Time). */
export const CONVERTED_SCHEMAS: Record<string, Json> = {
  [`${V1}.HorizontalPodAutoscaler`]: {
    type: 'object',
    description: 'configuration of a horizontal pod autoscaler.',
    properties: {
      apiVersion: {
        type: 'string',
        description: 'APIVersion defines the versioned schema of this representation of an object.',
      },
      kind: {
        type: 'string',
        description: 'Kind is a string value representing the REST resource this object represents.',
      },
      metadata: ref(OBJECT_META, 'Standard object metadata.', { default: {} }),
      spec: ref(`${V1}.HorizontalPodAutoscalerSpec`, 'spec defines the behaviour of autoscaler.', {
        default: {},
      }),
      status: ref(
        `${V1}.HorizontalPodAutoscalerStatus`,
        'status is the current information about the autoscaler.',
        {
          default: {},
        },
      ),
    },
    'x-kubernetes-group-version-kind': [
      { group: 'autoscaling', kind: 'HorizontalPodAutoscaler', version: 'v1' },
    ],
  },
  [`${V1}.HorizontalPodAutoscalerSpec`]: {
    type: 'object',
    description: 'specification of a horizontal pod autoscaler.',
    required: ['scaleTargetRef', 'maxReplicas'],
    properties: {
      scaleTargetRef: ref(
        `${V1}.CrossVersionObjectReference`,
        'reference to scaled resource; horizontal pod autoscaler will learn the current resource consumption and will set the desired number of pods by using its Scale subresource.',
        { default: {} },
      ),
      minReplicas: int32(
        'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.',
      ),
      maxReplicas: int32(
        'maxReplicas is the upper limit for the number of pods that can be set by the autoscaler; cannot be smaller than MinReplicas.',
      ),
      targetCPUUtilizationPercentage: int32(
        'targetCPUUtilizationPercentage is the target average CPU utilization (represented as a percentage of requested CPU) over all the pods; if not specified the default autoscaling policy will be used.',
      ),
    },
  },
  [`${V1}.CrossVersionObjectReference`]: {
    type: 'object',
    description:
      'CrossVersionObjectReference contains enough information to let you identify the referred resource.',
    required: ['kind', 'name'],
    properties: {
      apiVersion: { type: 'string', description: 'apiVersion is the API version of the referent' },
      kind: { type: 'string', default: '', description: 'kind is the kind of the referent' },
      name: { type: 'string', default: '', description: 'name is the name of the referent' },
    },
    'x-kubernetes-map-type': 'atomic',
  },
  [`${V1}.HorizontalPodAutoscalerStatus`]: {
    type: 'object',
    description: 'current status of a horizontal pod autoscaler',
    required: ['currentReplicas', 'desiredReplicas'],
    properties: {
      observedGeneration: {
        type: 'integer',
        format: 'int64',
        description: 'observedGeneration is the most recent generation observed by this autoscaler.',
      },
      lastScaleTime: ref(
        TIME,
        'lastScaleTime is the last time the HorizontalPodAutoscaler scaled the number of pods.',
      ),
      currentReplicas: int32(
        'currentReplicas is the current number of replicas of pods managed by this autoscaler.',
      ),
      desiredReplicas: int32(
        'desiredReplicas is the desired number of replicas of pods managed by this autoscaler.',
      ),
      currentCPUUtilizationPercentage: int32(
        'currentCPUUtilizationPercentage is the current average CPU utilization over all pods, represented as a percentage of requested CPU.',
      ),
    },
  },
};

/** The generated definitions the converted schemas reference. */
export const CONVERTED_DEPENDENCIES = [OBJECT_META, TIME];
