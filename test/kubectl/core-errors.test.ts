/** How Cadet's kubectl words failures: server Status errors, client errors, flag and usage errors. */
import { describe, expect, it } from 'vitest';
import { ApiError, type Status } from '../../src/cluster/index';
import {
  FlagError,
  KubectlError,
  NoResourceMatchError,
  UsageError,
  formatError,
  formatStatus,
} from '../../src/kubectl/errors';
import { errorFromResponse } from '../../src/kubectl/client';

const status = (s: Partial<Status>): Status => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: '',
  reason: '',
  code: 500,
  ...s,
});

describe('server errors', () => {
  it('prints the reason and message', () => {
    expect(formatStatus(status({ reason: 'NotFound', message: 'pods "x" not found', code: 404 }))).toBe(
      'Error from server (NotFound): pods "x" not found\n',
    );
    expect(
      formatStatus(
        status({ reason: 'AlreadyExists', message: 'deployments.apps "web" already exists', code: 409 }),
      ),
    ).toBe('Error from server (AlreadyExists): deployments.apps "web" already exists\n');
    expect(
      formatStatus(
        status({
          reason: 'Conflict',
          message:
            'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
          code: 409,
        }),
      ),
    ).toBe(
      'Error from server (Conflict): Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again\n',
    );
    expect(formatStatus(status({ message: 'boom' }))).toBe('Error from server: boom\n');
  });

  it('prints Invalid with its causes, one inline or several as a list', () => {
    const one = status({
      reason: 'Invalid',
      code: 422,
      details: {
        kind: 'Deployment',
        name: 'web',
        causes: [
          {
            reason: 'FieldValueInvalid',
            field: 'spec.replicas',
            message: 'Invalid value: -1: must be greater than or equal to 0',
          },
        ],
      },
    });
    expect(formatStatus(one)).toBe(
      'The Deployment "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n',
    );
    const two = status({
      reason: 'Invalid',
      code: 422,
      details: {
        kind: 'Pod',
        name: 'p',
        causes: [
          { reason: 'FieldValueRequired', field: 'spec.containers[0].image', message: 'Required value' },
          {
            reason: 'FieldValueInvalid',
            field: 'metadata.name',
            message: 'Invalid value: "P": a lowercase RFC 1123 subdomain',
          },
        ],
      },
    });
    expect(formatStatus(two)).toBe(
      'The Pod "p" is invalid: \n* spec.containers[0].image: Required value\n* metadata.name: Invalid value: "P": a lowercase RFC 1123 subdomain\n',
    );
  });

  it('turns a response without a Status body into an error client-go would report', () => {
    const e = errorFromResponse(404, 'not json', 'GET', '/api/v1/foo?x=1');
    expect(e).toBeInstanceOf(ApiError);
    expect(formatError(e, ['get']).text).toBe(
      'Error from server (NotFound): the server could not find the requested resource\n',
    );
  });
});

describe('client errors', () => {
  it('prefixes error:, adds the help hints of flag and usage errors, keeps raw messages', () => {
    expect(formatError(new FlagError('unknown flag: --foo'), ['get'])).toEqual({
      text: "error: unknown flag: --foo\nSee 'kubectl get --help' for usage.\n",
      code: 1,
    });
    expect(formatError(new UsageError('Required resource not specified.'), ['config', 'view']).text).toBe(
      "error: Required resource not specified.\nSee 'kubectl config view -h' for help and examples\n",
    );
    expect(formatError(new NoResourceMatchError('foo'), ['get']).text).toBe(
      'error: the server doesn\'t have a resource type "foo"\n',
    );
    expect(formatError(new KubectlError('plain text', 1, true), []).text).toBe('plain text\n');
    expect(formatError(new Error('boom'), []).text).toBe('error: boom\n');
  });
});
