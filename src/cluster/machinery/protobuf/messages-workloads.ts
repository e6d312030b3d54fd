/**
 * apps/v1, batch/v1 and autoscaling/v1 messages that kubectl's `create deployment|job|cronjob` and `autoscale` send, in the
 * format of schema.ts (Go struct order, Go JSON rules as flags).
 */
import type { FieldSpec } from './schema';

/** apps/v1 message definitions. */
export const APPS_V1: Readonly<Record<string, readonly FieldSpec[]>> = {
  Deployment: [
    [1, 'metadata', 'ObjectMeta', 'omitempty'],
    [2, 'spec', 'DeploymentSpec', 'omitempty'],
    [3, 'status', 'DeploymentStatus', 'omitempty'],
  ],
  DeploymentSpec: [
    [1, 'replicas', 'int32', 'pointer', 'omitempty'],
    [2, 'selector', 'LabelSelector', 'pointer'],
    [3, 'template', 'PodTemplateSpec'],
    [4, 'strategy', 'DeploymentStrategy', 'omitempty'],
    [5, 'minReadySeconds', 'int32', 'omitempty'],
    [6, 'revisionHistoryLimit', 'int32', 'pointer', 'omitempty'],
    [7, 'paused', 'bool', 'omitempty'],
    [9, 'progressDeadlineSeconds', 'int32', 'pointer', 'omitempty'],
  ],
  DeploymentStrategy: [
    [1, 'type', 'string', 'omitempty'],
    [2, 'rollingUpdate', 'RollingUpdateDeployment', 'pointer', 'omitempty'],
  ],
  RollingUpdateDeployment: [
    [1, 'maxUnavailable', 'IntOrString', 'pointer', 'omitempty'],
    [2, 'maxSurge', 'IntOrString', 'pointer', 'omitempty'],
  ],
  DeploymentStatus: [
    [1, 'observedGeneration', 'int64', 'omitempty'],
    [2, 'replicas', 'int32', 'omitempty'],
    [3, 'updatedReplicas', 'int32', 'omitempty'],
    [7, 'readyReplicas', 'int32', 'omitempty'],
    [4, 'availableReplicas', 'int32', 'omitempty'],
    [5, 'unavailableReplicas', 'int32', 'omitempty'],
    [6, 'conditions', 'repeated DeploymentCondition', 'omitempty'],
    [8, 'collisionCount', 'int32', 'pointer', 'omitempty'],
  ],
  DeploymentCondition: [
    [1, 'type', 'string'],
    [2, 'status', 'string'],
    [6, 'lastUpdateTime', 'Time', 'omitempty'],
    [7, 'lastTransitionTime', 'Time', 'omitempty'],
    [4, 'reason', 'string', 'omitempty'],
    [5, 'message', 'string', 'omitempty'],
  ],
};

/** batch/v1 message definitions. */
export const BATCH_V1: Readonly<Record<string, readonly FieldSpec[]>> = {
  Job: [
    [1, 'metadata', 'ObjectMeta', 'omitempty'],
    [2, 'spec', 'JobSpec', 'omitempty'],
    [3, 'status', 'JobStatus', 'omitempty'],
  ],
  JobSpec: [
    [1, 'parallelism', 'int32', 'pointer', 'omitempty'],
    [2, 'completions', 'int32', 'pointer', 'omitempty'],
    [3, 'activeDeadlineSeconds', 'int64', 'pointer', 'omitempty'],
    [7, 'backoffLimit', 'int32', 'pointer', 'omitempty'],
    [4, 'selector', 'LabelSelector', 'pointer', 'omitempty'],
    [5, 'manualSelector', 'bool', 'pointer', 'omitempty'],
    [6, 'template', 'PodTemplateSpec'],
    [8, 'ttlSecondsAfterFinished', 'int32', 'pointer', 'omitempty'],
    [9, 'completionMode', 'string', 'pointer', 'omitempty'],
    [10, 'suspend', 'bool', 'pointer', 'omitempty'],
  ],
  JobStatus: [
    [1, 'conditions', 'repeated JobCondition', 'omitempty'],
    [2, 'startTime', 'Time', 'pointer', 'omitempty'],
    [3, 'completionTime', 'Time', 'pointer', 'omitempty'],
    [4, 'active', 'int32', 'omitempty'],
    [5, 'succeeded', 'int32', 'omitempty'],
    [6, 'failed', 'int32', 'omitempty'],
    [7, 'completedIndexes', 'string', 'omitempty'],
  ],
  JobCondition: [
    [1, 'type', 'string'],
    [2, 'status', 'string'],
    [3, 'lastProbeTime', 'Time', 'omitempty'],
    [4, 'lastTransitionTime', 'Time', 'omitempty'],
    [5, 'reason', 'string', 'omitempty'],
    [6, 'message', 'string', 'omitempty'],
  ],
  JobTemplateSpec: [
    [1, 'metadata', 'ObjectMeta', 'omitempty'],
    [2, 'spec', 'JobSpec', 'omitempty'],
  ],
  CronJob: [
    [1, 'metadata', 'ObjectMeta', 'omitempty'],
    [2, 'spec', 'CronJobSpec', 'omitempty'],
    [3, 'status', 'CronJobStatus', 'omitempty'],
  ],
  CronJobSpec: [
    [1, 'schedule', 'string'],
    [8, 'timeZone', 'string', 'pointer', 'omitempty'],
    [2, 'startingDeadlineSeconds', 'int64', 'pointer', 'omitempty'],
    [3, 'concurrencyPolicy', 'string', 'omitempty'],
    [4, 'suspend', 'bool', 'pointer', 'omitempty'],
    [5, 'jobTemplate', 'JobTemplateSpec'],
    [6, 'successfulJobsHistoryLimit', 'int32', 'pointer', 'omitempty'],
    [7, 'failedJobsHistoryLimit', 'int32', 'pointer', 'omitempty'],
  ],
  CronJobStatus: [
    [1, 'active', 'repeated ObjectReference', 'omitempty'],
    [4, 'lastScheduleTime', 'Time', 'pointer', 'omitempty'],
    [5, 'lastSuccessfulTime', 'Time', 'pointer', 'omitempty'],
  ],
};

/** autoscaling/v1 message definitions (`kubectl autoscale` sends a v1 HorizontalPodAutoscaler). */
export const AUTOSCALING_V1: Readonly<Record<string, readonly FieldSpec[]>> = {
  HorizontalPodAutoscaler: [
    [1, 'metadata', 'ObjectMeta', 'omitempty'],
    [2, 'spec', 'HorizontalPodAutoscalerSpec', 'omitempty'],
    [3, 'status', 'HorizontalPodAutoscalerStatus', 'omitempty'],
  ],
  HorizontalPodAutoscalerSpec: [
    [1, 'scaleTargetRef', 'CrossVersionObjectReference'],
    [2, 'minReplicas', 'int32', 'pointer', 'omitempty'],
    [3, 'maxReplicas', 'int32'],
    [4, 'targetCPUUtilizationPercentage', 'int32', 'pointer', 'omitempty'],
  ],
  CrossVersionObjectReference: [
    [1, 'kind', 'string'],
    [2, 'name', 'string'],
    [3, 'apiVersion', 'string', 'omitempty'],
  ],
  HorizontalPodAutoscalerStatus: [
    [1, 'observedGeneration', 'int64', 'pointer', 'omitempty'],
    [2, 'lastScaleTime', 'Time', 'pointer', 'omitempty'],
    [3, 'currentReplicas', 'int32'],
    [4, 'desiredReplicas', 'int32'],
    [5, 'currentCPUUtilizationPercentage', 'int32', 'pointer', 'omitempty'],
  ],
};
