/** `kubectl describe` for Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs, CronJobs and HPAs: golden text from real kubectl 1.32. */
import { describe } from 'vitest';
import { goldenCases } from './support/golden';

describe('describe workloads', () => {
  goldenCases((n) =>
    ['deployment', 'replicaset', 'statefulset', 'daemonset', 'job', 'cronjob', 'hpa'].includes(n),
  );
});
