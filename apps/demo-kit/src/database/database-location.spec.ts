import { databaseLocation } from './database-location.js';

describe('databaseLocation', () => {
  it('defaults to the given directory, resolved', () => {
    expect(databaseLocation(undefined, '/data/discount', 'DISCOUNT_DATABASE_URL')).toEqual({ kind: 'directory', path: '/data/discount' });
    expect(databaseLocation('  ', '/data/discount', 'DISCOUNT_DATABASE_URL')).toEqual({ kind: 'directory', path: '/data/discount' });
  });

  it('reads memory://, file:// URLs and paths', () => {
    expect(databaseLocation('memory://', '/d', 'X')).toEqual({ kind: 'memory' });
    expect(databaseLocation('file:///var/lib/discount', '/d', 'X')).toEqual({ kind: 'directory', path: '/var/lib/discount' });
    expect(databaseLocation('/srv/db', '/d', 'X')).toEqual({ kind: 'directory', path: '/srv/db' });
  });

  it('refuses a PostgreSQL server URL with the fix, without echoing the URL (it may hold a password)', () => {
    const attempt = () => databaseLocation('postgres://demo:s3cret@db:5432/discount', '/d', 'DISCOUNT_DATABASE_URL');
    expect(attempt).toThrow(
      new TypeError(
        'DISCOUNT_DATABASE_URL: a PostgreSQL server URL needs a server driver, which the demo does not ship. ' +
          'Implement SqlDatabase with the "pg" package (see apps/demo-kit/README.md), or use memory:// or a data directory.',
      ),
    );
    expect(() => databaseLocation('mysql://u:s3cret@db/x', '/d', 'DISCOUNT_DATABASE_URL')).toThrow(/^DISCOUNT_DATABASE_URL must be memory:\/\//);
    expect(() => databaseLocation('mysql://u:s3cret@db/x', '/d', 'X')).not.toThrow(/s3cret/);
  });
});
