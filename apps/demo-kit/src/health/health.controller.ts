import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@baton/nest';
import type { SqlDatabase } from '../database/sql-database.js';
import { SQL_DATABASE } from '../database/sql-database.token.js';

/**
 * `GET /health`, open to all: 200 `{ status: 'ok' }` when the service can reach its database,
 * 503 otherwise. What the demo launcher polls before it says "ready".
 *
 * @example
 * ```ts
 * await fetch('http://localhost:4001/health'); // 200 { "status": "ok" }
 * ```
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@Inject(SQL_DATABASE) private readonly db: SqlDatabase) {}

  @Get()
  @Public()
  @ApiOkResponse({ description: 'The service is up and its database answers.', schema: { example: { status: 'ok' } } })
  @ApiServiceUnavailableResponse({ description: 'The database does not answer.' })
  async health(): Promise<{ status: 'ok' }> {
    try {
      await this.db.query('select 1');
    } catch {
      throw new ServiceUnavailableException({ status: 'unavailable' });
    }
    return { status: 'ok' };
  }
}
