/**
 * The pieces every describer relies on: Go's tabwriter rules, RFC 1123 times, event ages and
 * counts, Go's `%v` of numbers, the generic describer's field labels and Go's sort.Sort.
 */
import { describe, expect, it } from 'vitest';
import { tabbed } from '../../src/kubectl/describe/tabwriter';
import { rfc1123z } from '../../src/kubectl/describe/format';
import { describeEvents } from '../../src/kubectl/describe/events';
import { tabbedString } from '../../src/kubectl/describe/writer';
import { goFloat, goValue, smartLabel } from '../../src/kubectl/describe/generic';
import { goSort } from '../../src/kubectl/describe/go-sort';

const NOW = Date.UTC(2026, 11, 4, 21, 0, 0);
const at = (secondsAgo: number): string =>
  new Date(NOW - secondsAgo * 1000).toISOString().replace('.000Z', 'Z');

describe('tabwriter (Go text/tabwriter, padding 2)', () => {
  it('aligns a column over consecutive lines that have it', () => {
    expect(tabbed('Name:\tweb\nNamespace:\tdefault\n')).toBe('Name:       web\nNamespace:  default\n');
  });
  it('a line without a tab ends the block', () => {
    expect(tabbed('A:\t1\nPod Template:\n  Longer label:\t2\n')).toBe(
      'A:  1\nPod Template:\n  Longer label:  2\n',
    );
  });
  it('text after the last tab never widens a column', () => {
    expect(tabbed('a\tb\tcccccccc\naa\tb\n')).toBe('a   b  cccccccc\naa  b\n');
  });
  it('counts characters, not bytes', () => {
    expect(tabbed('é:\tx\nab:\ty\n')).toBe('é:   x\nab:  y\n');
  });
});

describe('times', () => {
  it('prints RFC 1123 with a numeric zone, and Go’s zero time when unset', () => {
    expect(rfc1123z('2026-12-04T21:10:14Z')).toBe('Fri, 04 Dec 2026 21:10:14 +0000');
    expect(rfc1123z('2024-02-29T00:00:00Z')).toBe('Thu, 29 Feb 2024 00:00:00 +0000');
    expect(rfc1123z(undefined)).toBe('Mon, 01 Jan 0001 00:00:00 +0000');
  });
});

describe('events', () => {
  const text = (events: Record<string, unknown>[]) => tabbedString((w) => describeEvents(events, w, NOW));
  it('prints <none> without events and nothing when events are off', () => {
    expect(text([])).toBe('Events:  <none>\n');
    expect(tabbedString((w) => describeEvents(undefined, w, NOW))).toBe('');
  });
  it('sorts by last time and prints ages as kubectl does (10s, 2m3s, x3 over 5m, <invalid>)', () => {
    const ev = (reason: string, first: number, last: number, count: number) => ({
      type: 'Normal',
      reason,
      firstTimestamp: at(first),
      lastTimestamp: at(last),
      count,
      source: { component: 'kubelet' },
      message: `${reason} happened `,
    });
    expect(text([ev('Later', 300, 123, 3), ev('Soon', 10, 10, 1), ev('Future', -5, -5, 1)])).toBe(
      [
        'Events:',
        '  Type    Reason  Age                From     Message',
        '  ----    ------  ----               ----     -------',
        '  Normal  Later   2m3s (x3 over 5m)  kubelet  Later happened',
        '  Normal  Soon    10s                kubelet  Soon happened',
        '  Normal  Future  <invalid>          kubelet  Future happened',
        '',
      ].join('\n'),
    );
  });
  it('takes the source from reportingComponent when there is no source.component', () => {
    expect(
      text([{ type: 'Warning', reason: 'X', eventTime: at(61), reportingComponent: 'ctrl', message: 'm' }]),
    ).toContain('  Warning  X       61s   ctrl  m\n');
  });
});

describe('generic describer helpers', () => {
  it('labels fields as kubectl’s smartLabelFor does', () => {
    expect(smartLabel('apiVersion')).toBe('API Version');
    expect(smartLabel('creationTimestamp')).toBe('Creation Timestamp');
    expect(smartLabel('uid')).toBe('UID');
    expect(smartLabel('holderIdentity')).toBe('Holder Identity');
    expect(smartLabel('ipv4')).toBe('ipv4');
  });
  it('prints numbers as Go’s %v does (integers in full, floats shortest)', () => {
    expect(goValue(40)).toBe('40');
    expect(goValue(3000000)).toBe('3000000');
    expect(goValue(0.5)).toBe('0.5');
    expect(goFloat(1234567.5)).toBe('1.2345675e+06');
    expect(goFloat(0.00001)).toBe('1e-05');
    expect(goValue(null)).toBe('<nil>');
  });
});

describe('goSort (Go sort.Sort)', () => {
  it('sorts, and up to 12 elements keeps equal ones in order (insertion sort)', () => {
    const items = [3, 1, 2, 1, 3, 2].map((k, i) => ({ k, i }));
    expect(goSort(items, (a, b) => a.k < b.k).map((x) => `${x.k}${x.i}`)).toEqual([
      '11',
      '13',
      '22',
      '25',
      '30',
      '34',
    ]);
  });
  it('sorts longer inputs correctly whatever their shape', () => {
    for (const n of [13, 50, 200]) {
      const shapes = [
        Array.from({ length: n }, (_, i) => i),
        Array.from({ length: n }, (_, i) => n - i),
        Array.from({ length: n }, (_, i) => (i * 7919) % 31),
        Array.from({ length: n }, () => 4),
      ];
      for (const shape of shapes) {
        const sorted = goSort([...shape], (a, b) => a < b);
        expect(sorted).toEqual([...shape].sort((a, b) => a - b));
      }
    }
  });
});
