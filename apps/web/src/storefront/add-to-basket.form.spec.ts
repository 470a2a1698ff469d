import { BadRequestException } from '@nestjs/common';
import { localPath } from '../auth/local-path.js';
import { addToBasketForm } from './add-to-basket.form.js';

describe('addToBasketForm', () => {
  it('reads an event id and a quantity of 1 to 10', () => {
    expect(addToBasketForm({ eventId: '3f0c2a4e-1b2c-4d5e-8f90-123456789abc', quantity: '2' })).toEqual({ eventId: '3f0c2a4e-1b2c-4d5e-8f90-123456789abc', quantity: 2 });
    expect(addToBasketForm({ eventId: 'a', _form: 'x' })).toEqual({ eventId: 'a', quantity: 1 });
  });

  it.each([[{}], [{ eventId: '' }], [{ eventId: 'a/b' }], [{ eventId: 'x'.repeat(65) }], [{ eventId: ['a'] }], [{ eventId: 'a', quantity: '0' }], [{ eventId: 'a', quantity: '-1' }], [{ eventId: 'a', quantity: 'two' }], [null]])(
    'refuses %j',
    (body) => {
      expect(() => addToBasketForm(body)).toThrow(BadRequestException);
    },
  );
});

describe('localPath', () => {
  it.each([
    ['/basket', '/basket'],
    ['/events/1?x=1', '/events/1?x=1'],
    ['https://evil.example', '/'],
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
    ['/a\r\nSet-Cookie: x', '/'],
    ['basket', '/'],
    [undefined, '/'],
    [['/basket'], '/'],
    [`/${'a'.repeat(600)}`, '/'],
  ])('%j → %j', (candidate, expected) => {
    expect(localPath(candidate)).toBe(expected);
  });
});
