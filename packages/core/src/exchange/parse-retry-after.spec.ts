import { parseRetryAfter } from './parse-retry-after.js';

describe('parseRetryAfter', () => {
  const now = Date.UTC(2026, 10, 1, 12, 0, 0);

  it.each([
    ['0', 0],
    ['7', 7],
    [' 120 ', 120],
    ['Sun, 01 Nov 2026 12:00:30 GMT', 30],
    ['Sun, 01 Nov 2026 12:00:00 GMT', 0],
    ['Sun, 01 Nov 2026 11:59:00 GMT', 0],
  ])('O5: %j → %i seconds', (value, seconds) => {
    expect(parseRetryAfter(value, now)).toBe(seconds);
  });

  it.each([null, undefined, '', '-5', '1.5', 'soon', '2026-11-01T12:00:30Z', 'Sun, 01 Nov 2026', 'x'.repeat(40), '99999999999'])('O5: %j is unreadable (undefined)', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });

  it('rounds a date up to the next whole second', () => {
    expect(parseRetryAfter('Sun, 01 Nov 2026 12:00:10 GMT', now + 500)).toBe(10);
  });
});
