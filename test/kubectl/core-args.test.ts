/** kubectl's argument grammar: pflag's parsing and its error messages. */
import { describe, expect, it } from 'vitest';
import { commandWords, parseArgs, parseDuration } from '../../src/kubectl/args';
import { FlagError } from '../../src/kubectl/errors';
import type { FlagSpec } from '../../src/kubectl/types';

const specs: FlagSpec[] = [
  { name: 'namespace', short: 'n', type: 'string', usage: '' },
  { name: 'all-namespaces', short: 'A', type: 'bool', usage: '' },
  { name: 'watch', short: 'w', type: 'bool', usage: '' },
  { name: 'output', short: 'o', type: 'string', usage: '' },
  { name: 'replicas', type: 'int', usage: '' },
  { name: 'filename', short: 'f', type: 'stringSlice', usage: '' },
  { name: 'env', type: 'stringArray', usage: '' },
  { name: 'dry-run', type: 'string', default: 'none', noOptDefault: 'unchanged', usage: '' },
  { name: 'timeout', type: 'duration', usage: '' },
];

function error(args: string[]): string {
  try {
    parseArgs(args, specs);
  } catch (e) {
    expect(e).toBeInstanceOf(FlagError);
    return (e as Error).message;
  }
  throw new Error('expected a FlagError');
}

describe('parseArgs', () => {
  it('takes flags in any position, with = or a separate value', () => {
    const p = parseArgs(['get', '-n', 'kube-system', 'pods', '--output=wide', 'x'], specs);
    expect(p.positional).toEqual(['get', 'pods', 'x']);
    expect(p.flags.string('namespace')).toBe('kube-system');
    expect(p.flags.string('output')).toBe('wide');
    expect(p.flags.has('namespace')).toBe(true);
    expect(p.flags.has('watch')).toBe(false);
  });

  it('reads shorthand clusters and attached values', () => {
    const p = parseArgs(['-Aw', '-ojson', '-n=dev'], specs);
    expect(p.flags.bool('all-namespaces')).toBe(true);
    expect(p.flags.bool('watch')).toBe(true);
    expect(p.flags.string('output')).toBe('json');
    expect(p.flags.string('namespace')).toBe('dev');
  });

  it('parses bools like Go, ints, slices, arrays, durations and no-value defaults', () => {
    const p = parseArgs(
      [
        '--all-namespaces=False',
        '--replicas',
        '-3',
        '-f',
        'a.yaml,b.yaml',
        '-f',
        'c.yaml',
        '--env=A=1,B=2',
        '--dry-run',
        '--timeout=1m30s',
      ],
      specs,
    );
    expect(p.flags.bool('all-namespaces')).toBe(false);
    expect(p.flags.int('replicas')).toBe(-3);
    expect(p.flags.list('filename')).toEqual(['a.yaml', 'b.yaml', 'c.yaml']);
    expect(p.flags.list('env')).toEqual(['A=1,B=2']);
    expect(p.flags.string('dry-run')).toBe('unchanged');
    expect(parseDuration(p.flags.string('timeout'))).toBe(90_000);
    expect(parseArgs([], specs).flags.string('dry-run')).toBe('none');
  });

  it('stops at -- and keeps "-" as a positional (stdin)', () => {
    const p = parseArgs(['-f', '-', 'pod', '--', 'sh', '-c', 'echo -n hi'], specs);
    expect(p.flags.list('filename')).toEqual(['-']);
    expect(p.positional).toEqual(['pod']);
    expect(p.dashSeen).toBe(true);
    expect(p.dashArgs).toEqual(['sh', '-c', 'echo -n hi']);
  });

  it('fails with pflag messages', () => {
    expect(error(['--foo'])).toBe('unknown flag: --foo');
    expect(error(['--foo=bar'])).toBe('unknown flag: --foo');
    expect(error(['-z'])).toBe("unknown shorthand flag: 'z' in -z");
    expect(error(['-Az'])).toBe("unknown shorthand flag: 'z' in -z");
    expect(error(['-n'])).toBe("flag needs an argument: 'n' in -n");
    expect(error(['--namespace'])).toBe('flag needs an argument: --namespace');
    expect(error(['-A=maybe'])).toBe(
      'invalid argument "maybe" for "-A, --all-namespaces" flag: strconv.ParseBool: parsing "maybe": invalid syntax',
    );
    expect(error(['--replicas=x'])).toBe(
      'invalid argument "x" for "--replicas" flag: strconv.ParseInt: parsing "x": invalid syntax',
    );
    expect(error(['--timeout=soon'])).toBe(
      'invalid argument "soon" for "--timeout" flag: time: invalid duration "soon"',
    );
    expect(error(['---x'])).toBe('bad flag syntax: ---x');
  });
});

describe('commandWords', () => {
  it('skips flags and the values they take, as cobra does when it looks for the command', () => {
    expect(commandWords(['-n', 'dev', 'get', 'pods', '-A'], specs)).toEqual(['get', 'pods']);
    expect(commandWords(['--namespace=dev', 'config', 'view'], specs)).toEqual(['config', 'view']);
    expect(commandWords(['-z', 'get', 'pods'], specs)).toEqual(['pods']);
    expect(commandWords(['exec', 'p', '--', 'ls'], specs)).toEqual(['exec', 'p']);
  });
});
