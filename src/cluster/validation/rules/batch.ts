/** batch/v1 Job and CronJob rules, including the cron schedule syntax and Job immutability. */
import { type Cause, FieldPath, invalid, invalidRendered, goLabelSelector, required } from '../field-errors';
import { stableStringify, validateLabelSelector, selectorMatches, isEmptySelector, type Obj } from './meta';
import { validatePodTemplate } from './pod';
import { goStringMap } from '../field-errors';

const JOB_RESTART = ['OnFailure', 'Never'];

function validateJobSpec(s: Obj, path: FieldPath): Cause[] {
  const causes: Cause[] = [];
  for (const f of ['parallelism', 'completions', 'backoffLimit', 'ttlSecondsAfterFinished']) {
    if (typeof s?.[f] === 'number' && s[f] < 0)
      causes.push(invalid(path.child(f), s[f], 'must be greater than or equal to 0'));
  }
  if (typeof s?.activeDeadlineSeconds === 'number' && s.activeDeadlineSeconds <= 0) {
    causes.push(
      invalid(
        path.child('activeDeadlineSeconds'),
        s.activeDeadlineSeconds,
        'must be greater than or equal to 1',
      ),
    );
  }
  if (s?.completionMode === 'Indexed' && s.completions === undefined) {
    causes.push(required(path.child('completions'), 'when completion mode is Indexed'));
  }
  if (s?.selector) {
    causes.push(...validateLabelSelector(s.selector, path.child('selector')));
    if (!isEmptySelector(s.selector) && !selectorMatches(s.selector, s.template?.metadata?.labels)) {
      causes.push(
        invalidRendered(
          path.child('template').child('metadata').child('labels'),
          goStringMap(s.template?.metadata?.labels ?? {}),
          '`selector` does not match template `labels`',
        ),
      );
    }
  }
  causes.push(...validatePodTemplate(s?.template, path.child('template'), { restartPolicies: JOB_RESTART }));
  return causes;
}

/** Job create rules. */
export function validateJob(job: Obj): Cause[] {
  return validateJobSpec(job.spec ?? {}, FieldPath.root('spec'));
}

/** A Job's pod template, selector, completions and completionMode are immutable. */
export function validateJobUpdate(job: Obj, old: Obj): Cause[] {
  const spec = FieldPath.root('spec');
  const causes: Cause[] = [];
  const a = job.spec ?? {};
  const b = old.spec ?? {};
  if (stableStringify(a.selector) !== stableStringify(b.selector))
    causes.push(invalidRendered(spec.child('selector'), goLabelSelector(a.selector), 'field is immutable'));
  if (stableStringify(a.template) !== stableStringify(b.template)) {
    causes.push(invalidRendered(spec.child('template'), 'core.PodTemplateSpec{...}', 'field is immutable'));
  }
  if (a.completionMode !== b.completionMode)
    causes.push(invalid(spec.child('completionMode'), a.completionMode ?? '', 'field is immutable'));
  if (
    a.completions !== b.completions &&
    !(a.completionMode === 'Indexed' && a.completions === a.parallelism)
  ) {
    causes.push(invalid(spec.child('completions'), a.completions ?? null, 'field is immutable'));
  }
  return causes;
}

const FIELD_RANGES: [number, number][] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

/** Checks a cron schedule as the CronJob validation does; returns the problem or undefined. */
export function cronScheduleError(schedule: string): string | undefined {
  const text = schedule.replace(/^(CRON_)?TZ=\S+\s+/, '').trim();
  if (text.startsWith('@')) {
    if (DESCRIPTORS.includes(text) || /^@every\s+\S+$/.test(text)) return undefined;
    return `unrecognized descriptor: ${text}`;
  }
  const fields = text.split(/\s+/).filter(Boolean);
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  for (let i = 0; i < 5; i++) {
    const [min, max] = FIELD_RANGES[i]!;
    const names = i === 3 ? MONTHS : i === 4 ? DAYS : [];
    for (const part of fields[i]!.split(',')) {
      const [range, step] = part.split('/') as [string, string | undefined];
      if (step !== undefined && !/^\d+$/.test(step))
        return `failed to parse int from ${step}: strconv.Atoi: parsing ${JSON.stringify(step)}: invalid syntax`;
      if (range === '*' || range === '?') continue;
      for (const bound of range.split('-')) {
        const named = names.indexOf(bound.toLowerCase());
        const n = named >= 0 ? named + (i === 3 ? 1 : 0) : /^\d+$/.test(bound) ? Number(bound) : NaN;
        if (Number.isNaN(n))
          return `failed to parse int from ${bound}: strconv.Atoi: parsing ${JSON.stringify(bound)}: invalid syntax`;
        if (n < min) return `beginning of range (${n}) below minimum (${min}): ${part}`;
        if (n > max) return `end of range (${n}) above maximum (${max}): ${part}`;
      }
    }
  }
  return undefined;
}

/** CronJob create rules. */
export function validateCronJob(cj: Obj): Cause[] {
  const spec = FieldPath.root('spec');
  const s = cj.spec ?? {};
  const causes: Cause[] = [];
  if (typeof s.schedule === 'string') {
    if (s.schedule.length === 0) causes.push(required(spec.child('schedule')));
    else {
      const problem = cronScheduleError(s.schedule);
      if (problem) causes.push(invalid(spec.child('schedule'), s.schedule, problem));
    }
  }
  for (const f of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) {
    if (typeof s[f] === 'number' && s[f] < 0)
      causes.push(invalid(spec.child(f), s[f], 'must be greater than or equal to 0'));
  }
  causes.push(...validateJobSpec(s.jobTemplate?.spec ?? {}, spec.child('jobTemplate').child('spec')));
  return causes;
}
