import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SQL_DATABASE, type SqlDatabase } from '@baton-demo/kit';
import type { Coupon } from './coupon.js';
import { CouponRepository, type MarkUsedResult } from './coupon.repository.js';

interface CouponRow {
  code: string;
  amount_cents: number;
  used: boolean;
}

/** Letters and digits that cannot be misread for one another (no 0/O, 1/I/L). */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** {@link CouponRepository} on the service's SQL database (tables `coupons`, `coupon_template`). */
@Injectable()
export class SqlCouponRepository extends CouponRepository {
  constructor(@Inject(SQL_DATABASE) private readonly db: SqlDatabase) {
    super();
  }

  async findOrIssue(subject: string): Promise<Coupon> {
    const [known] = await this.db.query<CouponRow>('select code, amount_cents, used from coupons where sub = $1', [subject]);
    if (known !== undefined) return toCoupon(known);
    // Two first requests at once: one insert wins, the other does nothing and reads it.
    await this.db.query(
      `insert into coupons (sub, code, amount_cents)
       select $1, code_prefix || '-' || $2, amount_cents from coupon_template
       on conflict (sub) do nothing`,
      [subject, randomCode()],
    );
    const [issued] = await this.db.query<CouponRow>('select code, amount_cents, used from coupons where sub = $1', [subject]);
    if (issued === undefined) throw new Error('The coupon template is missing: the discount database was not seeded.');
    return toCoupon(issued);
  }

  async markUsed(subject: string): Promise<MarkUsedResult> {
    await this.findOrIssue(subject);
    const [row] = await this.db.query<CouponRow>(
      'update coupons set used = true, used_at = now() where sub = $1 and not used returning code, amount_cents, used',
      [subject],
    );
    return row === undefined ? { outcome: 'already-used' } : { outcome: 'marked', coupon: toCoupon(row) };
  }
}

function toCoupon(row: CouponRow): Coupon {
  return { code: row.code, amount: row.amount_cents / 100, used: row.used };
}

function randomCode(): string {
  return [...randomBytes(6)].map((byte) => CODE_ALPHABET[byte % CODE_ALPHABET.length]).join('');
}
