/**
 * apps/v1 (Deployment, ReplicaSet, StatefulSet, DaemonSet) and ReplicationController rules,
 * on create and on update (immutable selectors, StatefulSet's frozen spec fields).
 */
import {
  type Cause,
  FieldPath,
  forbidden,
  goLabelSelector,
  goStringMap,
  invalid,
  invalidRendered,
} from '../field-errors';
import {
  isEmptySelector,
  selectorMatches,
  stableStringify,
  validateSelectorAndTemplate,
  type Obj,
} from './meta';
import { validatePodTemplate } from './pod';

const spec = FieldPath.root('spec');
const ALWAYS = ['Always'];

function nonNegative(obj: Obj, fields: string[], path: FieldPath): Cause[] {
  const causes: Cause[] = [];
  for (const f of fields) {
    if (typeof obj?.[f] === 'number' && obj[f] < 0)
      causes.push(invalid(path.child(f), obj[f], 'must be greater than or equal to 0'));
  }
  return causes;
}

const PERCENT = /^[0-9]+%$/;

/** An int-or-percent field (maxSurge, maxUnavailable). */
function intOrPercent(value: unknown, path: FieldPath): Cause[] {
  if (value === undefined) return [];
  if (typeof value === 'string') {
    if (!PERCENT.test(value)) {
      return [
        invalid(
          path,
          value,
          "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
        ),
      ];
    }
    return Number(value.slice(0, -1)) > 100 ? [invalid(path, value, 'must not be greater than 100%')] : [];
  }
  return typeof value === 'number' && value < 0
    ? [invalid(path, value, 'must be greater than or equal to 0')]
    : [];
}

const isZero = (v: unknown) => v === 0 || v === '0%';

function validateDeploymentStrategy(strategy: Obj): Cause[] {
  const path = spec.child('strategy');
  if (!strategy) return [];
  if (strategy.type === 'Recreate' && strategy.rollingUpdate) {
    return [
      forbidden(path.child('rollingUpdate'), "may not be specified when strategy `type` is 'Recreate'"),
    ];
  }
  const ru = strategy.rollingUpdate;
  if (!ru) return [];
  const ruPath = path.child('rollingUpdate');
  const causes = [
    ...intOrPercent(ru.maxUnavailable, ruPath.child('maxUnavailable')),
    ...intOrPercent(ru.maxSurge, ruPath.child('maxSurge')),
  ];
  if (isZero(ru.maxSurge) && isZero(ru.maxUnavailable)) {
    causes.push(
      invalid(ruPath.child('maxUnavailable'), ru.maxUnavailable, 'may not be 0 when `maxSurge` is 0'),
    );
  }
  return causes;
}

/** Deployment create rules. */
export function validateDeployment(d: Obj): Cause[] {
  const s = d.spec ?? {};
  const causes = [
    ...nonNegative(
      s,
      ['replicas', 'minReadySeconds', 'revisionHistoryLimit', 'progressDeadlineSeconds'],
      spec,
    ),
    ...validateSelectorAndTemplate(s, 'deployment'),
    ...validatePodTemplate(s.template, spec.child('template'), { restartPolicies: ALWAYS }),
    ...validateDeploymentStrategy(s.strategy),
  ];
  if (
    typeof s.progressDeadlineSeconds === 'number' &&
    s.progressDeadlineSeconds <= (s.minReadySeconds ?? 0)
  ) {
    causes.push(
      invalid(
        spec.child('progressDeadlineSeconds'),
        s.progressDeadlineSeconds,
        'must be greater than minReadySeconds',
      ),
    );
  }
  return causes;
}

/** ReplicaSet create rules. */
export function validateReplicaSet(rs: Obj): Cause[] {
  const s = rs.spec ?? {};
  return [
    ...nonNegative(s, ['replicas', 'minReadySeconds'], spec),
    ...validateSelectorAndTemplate(s, 'deployment'),
    ...validatePodTemplate(s.template, spec.child('template'), { restartPolicies: ALWAYS }),
  ];
}

/** StatefulSet create rules. */
export function validateStatefulSet(ss: Obj): Cause[] {
  const s = ss.spec ?? {};
  const causes = [
    ...nonNegative(s, ['replicas', 'minReadySeconds', 'revisionHistoryLimit'], spec),
    ...validateSelectorAndTemplate(s, 'statefulset'),
    ...validatePodTemplate(s.template, spec.child('template'), {
      restartPolicies: ALWAYS,
      externalVolumes: (s.volumeClaimTemplates ?? []).map((t: Obj) => t?.metadata?.name).filter(Boolean),
    }),
  ];
  const partition = s.updateStrategy?.rollingUpdate?.partition;
  if (typeof partition === 'number' && partition < 0) {
    causes.push(
      invalid(
        spec.child('updateStrategy').child('rollingUpdate').child('partition'),
        partition,
        'must be greater than or equal to 0',
      ),
    );
  }
  if (s.updateStrategy?.type === 'OnDelete' && s.updateStrategy.rollingUpdate) {
    causes.push(
      forbidden(
        spec.child('updateStrategy').child('rollingUpdate'),
        "only allowed for updateStrategy 'RollingUpdate'",
      ),
    );
  }
  return causes;
}

/** DaemonSet create rules. */
export function validateDaemonSet(ds: Obj): Cause[] {
  const s = ds.spec ?? {};
  const causes = [
    ...nonNegative(s, ['minReadySeconds', 'revisionHistoryLimit'], spec),
    ...validateSelectorAndTemplate(s, 'daemonset'),
    ...validatePodTemplate(s.template, spec.child('template'), { restartPolicies: ALWAYS }),
  ];
  const ru = s.updateStrategy?.rollingUpdate;
  if (ru) {
    const ruPath = spec.child('updateStrategy').child('rollingUpdate');
    causes.push(
      ...intOrPercent(ru.maxUnavailable, ruPath.child('maxUnavailable')),
      ...intOrPercent(ru.maxSurge, ruPath.child('maxSurge')),
    );
    if (isZero(ru.maxSurge ?? 0) && isZero(ru.maxUnavailable ?? 1)) {
      causes.push(
        invalid(ruPath.child('maxUnavailable'), ru.maxUnavailable, 'may not be 0 when `maxSurge` is 0'),
      );
    }
  }
  return causes;
}

/** ReplicationController create rules (its selector is a plain label map). */
export function validateReplicationController(rc: Obj): Cause[] {
  const s = rc.spec ?? {};
  const causes = [...nonNegative(s, ['replicas', 'minReadySeconds'], spec)];
  const selector = s.selector ?? {};
  if (Object.keys(selector).length === 0)
    causes.push({ reason: 'FieldValueRequired', field: 'spec.selector', message: 'Required value' });
  else if (!selectorMatches({ matchLabels: selector }, s.template?.metadata?.labels)) {
    causes.push(
      invalidRendered(
        'spec.template.metadata.labels',
        goStringMap(s.template?.metadata?.labels ?? {}),
        '`selector` does not match template `labels`',
      ),
    );
  }
  causes.push(...validatePodTemplate(s.template, spec.child('template'), { restartPolicies: ALWAYS }));
  return causes;
}

/** apps/v1 selectors cannot change after creation. */
export function validateSelectorImmutable(obj: Obj, old: Obj): Cause[] {
  const a = obj.spec?.selector;
  const b = old.spec?.selector;
  if (stableStringify(canonicalSelector(a)) === stableStringify(canonicalSelector(b))) return [];
  return [invalidRendered(spec.child('selector'), goLabelSelector(a), 'field is immutable')];
}

function canonicalSelector(sel: Obj): Obj {
  if (isEmptySelector(sel)) return null;
  const labels = sel.matchLabels ?? {};
  return {
    l: Object.keys(labels)
      .sort()
      .map((k) => [k, labels[k]]),
    e: sel.matchExpressions ?? [],
  };
}

const STATEFULSET_MUTABLE = [
  'replicas',
  'ordinals',
  'template',
  'updateStrategy',
  'persistentVolumeClaimRetentionPolicy',
  'minReadySeconds',
];

/** StatefulSet updates may only touch a few spec fields. */
export function validateStatefulSetUpdate(obj: Obj, old: Obj): Cause[] {
  const strip = (s: Obj) => {
    const copy = { ...(s ?? {}) };
    for (const f of STATEFULSET_MUTABLE) delete copy[f];
    return stableStringify(copy);
  };
  const causes = validateSelectorImmutable(obj, old);
  if (causes.length === 0 && strip(obj.spec) !== strip(old.spec)) {
    causes.push(
      forbidden(
        spec,
        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      ),
    );
  }
  return causes;
}
