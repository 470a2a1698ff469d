import { EXCHANGE_CLAIMS } from './exchange-claims-registry.js';
import { withTokenExchangeClaims } from './with-token-exchange-claims.js';

describe('withTokenExchangeClaims', () => {
  it('gives a token issued by the grant its exchange claims only, without calling the wrapped function', async () => {
    const own = jest.fn(async () => ({ tenant: 'demo', act: 'forged' }));
    const token = {};
    EXCHANGE_CLAIMS.set(token, { act: { sub: 'shoppingbasket' }, email: 'alice@example.com' });
    await expect(withTokenExchangeClaims(own)(undefined, token)).resolves.toEqual({ act: { sub: 'shoppingbasket' }, email: 'alice@example.com' });
    expect(own).not.toHaveBeenCalled();
  });

  it('passes every other token to the wrapped function', async () => {
    const own = jest.fn(async (_ctx: string, _token: object) => ({ tenant: 'demo' }));
    const token = {};
    await expect(withTokenExchangeClaims(own)('ctx', token)).resolves.toEqual({ tenant: 'demo' });
    expect(own).toHaveBeenCalledWith('ctx', token);
  });

  it('adds nothing to other tokens when it wraps nothing', async () => {
    await expect(withTokenExchangeClaims()(undefined, {})).resolves.toBeUndefined();
  });

  it('returns a plain object (oidc-provider refuses anything else)', async () => {
    const token = {};
    EXCHANGE_CLAIMS.set(token, {});
    const claims = await withTokenExchangeClaims()(undefined, token);
    expect(Object.getPrototypeOf(claims)).toBe(Object.prototype);
  });

  it('refuses a wrapped value that is not a function', () => {
    expect(() => withTokenExchangeClaims({} as never)).toThrow(new TypeError('`withTokenExchangeClaims(extraTokenClaims)` takes your own `extraTokenClaims(ctx, token)` function, or nothing.'));
  });
});
