/** `kubectl describe` for PersistentVolumeClaims, PersistentVolumes, StorageClasses, ResourceQuotas and LimitRanges: golden text from real kubectl 1.32. */
import { describe } from 'vitest';
import { goldenCases } from './support/golden';

describe('describe storage and policy', () => {
  goldenCases((n) => ['pvc', 'pv', 'storageclass', 'quota', 'limitrange'].includes(n));
});
