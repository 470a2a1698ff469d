import { generateKeyPairSync, sign } from 'node:crypto';
import { MAX_CHECKS_PER_TURN, verifySignatureInBatch } from './verify-signature-in-batch.js';

const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });

const input = (n: number): string => `eyJhbGciOiJFUzI1NiJ9.${Buffer.from(`{"n":${n}}`).toString('base64url')}`;
const es256 = (signingInput: string): Buffer => sign('sha256', Buffer.from(signingInput), { key: p256.privateKey, dsaEncoding: 'ieee-p1363' });

/** Resolves after the check phase of the current turn and the next one. */
const nextTurns = (): Promise<void> => new Promise((resolve) => setImmediate(() => setImmediate(resolve)));

describe('verifySignatureInBatch', () => {
  it('P6: checks of one turn resolve each with their own answer, genuine or not', async () => {
    const checks = Array.from({ length: 10 }, (_, n) => {
      const signingInput = input(n);
      const genuine = n % 3 !== 0;
      return { genuine, result: verifySignatureInBatch('ES256', p256.publicKey, signingInput, es256(genuine ? signingInput : input(n + 100))) };
    });

    expect(await Promise.all(checks.map((check) => check.result))).toEqual(checks.map((check) => check.genuine));
  });

  it('P6: a signature moved to another token, a truncated one and one from another key are refused in the same batch as a genuine one', async () => {
    const signature = es256(input(1));
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });

    const results = await Promise.all([
      verifySignatureInBatch('ES256', p256.publicKey, input(1), signature),
      verifySignatureInBatch('ES256', p256.publicKey, input(2), signature),
      verifySignatureInBatch('ES256', p256.publicKey, input(1), signature.subarray(0, 63)),
      verifySignatureInBatch('ES256', other.publicKey, input(1), signature),
      verifySignatureInBatch('RS256', rsa.publicKey, input(1), sign('sha256', Buffer.from(input(1)), rsa.privateKey)),
    ]);

    expect(results).toEqual([true, false, false, false, true]);
  });

  it('P6: the checks wait for the end of the current turn, then all resolve together', async () => {
    const settled: number[] = [];
    const checks = [0, 1, 2].map((n) => verifySignatureInBatch('ES256', p256.publicKey, input(n), es256(input(n))).then(() => settled.push(n)));

    await Promise.resolve();
    expect(settled).toEqual([]);

    await Promise.all(checks);
    expect(settled).toEqual([0, 1, 2]);
  });

  it(`P6: more than ${MAX_CHECKS_PER_TURN} checks in one turn are spread over several turns, all answered in order`, async () => {
    const count = MAX_CHECKS_PER_TURN * 2 + 5;
    const signingInput = input(7);
    const signature = es256(signingInput);
    const settled: number[] = [];

    const checks = Array.from({ length: count }, (_, n) =>
      verifySignatureInBatch('ES256', p256.publicKey, n % 2 === 0 ? signingInput : input(8), signature).then((valid) => {
        settled.push(n);
        return valid;
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));

    expect(settled.length).toBeLessThan(count);
    expect(await Promise.all(checks)).toEqual(Array.from({ length: count }, (_, n) => n % 2 === 0));
    expect(settled).toEqual(Array.from({ length: count }, (_, n) => n));
  });

  it('P6: a check that crypto refuses outright (an RSA key for ES256) resolves false and later checks still run', async () => {
    const broken = verifySignatureInBatch('ES256', rsa.publicKey, input(1), es256(input(1)));
    const genuine = verifySignatureInBatch('ES256', p256.publicKey, input(2), es256(input(2)));

    expect(await Promise.all([broken, genuine])).toEqual([false, true]);
    expect(await verifySignatureInBatch('ES256', p256.publicKey, input(3), es256(input(3)))).toBe(true);
  });

  it('P6: fake timers on the global object do not hold the checks back', async () => {
    jest.useFakeTimers();
    try {
      expect(await verifySignatureInBatch('ES256', p256.publicKey, input(4), es256(input(4)))).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });

  it('P6: nothing is left pending after the checks of a turn', async () => {
    await verifySignatureInBatch('ES256', p256.publicKey, input(5), es256(input(5)));
    let extra = false;
    void verifySignatureInBatch('ES256', p256.publicKey, input(6), es256(input(6))).then((valid) => {
      extra = valid;
    });

    await nextTurns();

    expect(extra).toBe(true);
  });
});
