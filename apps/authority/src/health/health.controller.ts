import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AuthorityRuntime } from '../app/authority-runtime.js';
import { AUTHORITY_RUNTIME } from '../app/authority-runtime.token.js';

/**
 * `GET /health`: 200 `{ status: 'ok', role, issuer }` once the provider serves requests,
 * 503 `{ status: 'starting' }` before.
 *
 * @example
 * ```sh
 * curl -s http://localhost:4000/health   # {"status":"ok","role":"main","issuer":"http://localhost:4000"}
 * ```
 */
@Controller('health')
export class HealthController {
  constructor(@Inject(AUTHORITY_RUNTIME) private readonly runtime: AuthorityRuntime) {}

  @Get()
  @HttpCode(200)
  health(@Res({ passthrough: true }) response: Response): Record<string, string> {
    response.setHeader('Cache-Control', 'no-store');
    if (!this.runtime.ready || !this.runtime.issuer) {
      response.status(503);
      return { status: 'starting' };
    }
    return { status: 'ok', role: this.runtime.config.role, issuer: this.runtime.issuer };
  }
}
