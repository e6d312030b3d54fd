import { describe, expect, it } from 'vitest';
import {
  MESSAGE_TABLE_SIZE,
  sharedMessage,
  sharedMessageCount,
} from '../../src/cluster/controllers/events.js';

describe('sharedMessage (one string per Event message said often)', () => {
  it('gives back the same text, built from pieces or not', () => {
    const name = 'nginx';
    expect(sharedMessage(`Started container ${name}`)).toBe('Started container nginx');
    expect(sharedMessage(['Started container ', name].join(''))).toBe('Started container nginx');
    expect(sharedMessage('')).toBe('');
    expect(sharedMessage('Back-off pulling image "nginx:9.9" ☃')).toBe(
      'Back-off pulling image "nginx:9.9" ☃',
    );
  });

  it('keeps at most MESSAGE_TABLE_SIZE messages, and stays right after starting afresh', () => {
    for (let i = 0; i < MESSAGE_TABLE_SIZE * 2 + 7; i++) {
      const text = `Successfully assigned default/web-${i} to worker-${i % 3}`;
      expect(sharedMessage(text)).toBe(text);
      expect(sharedMessageCount()).toBeLessThanOrEqual(MESSAGE_TABLE_SIZE);
    }
    expect(sharedMessageCount()).toBeGreaterThan(0);
    expect(sharedMessage('Successfully assigned default/web-1 to worker-1')).toBe(
      'Successfully assigned default/web-1 to worker-1',
    );
  });
});
