import { Controller, Get, Header, Res } from '@nestjs/common';
import type { Response } from 'express';
import { STOREFRONT_ICON } from './pages/storefront-icon.js';
import { STOREFRONT_CSS } from './pages/storefront-styles.js';

/**
 * What needs no session: the health check (`npm start` and the tests poll it), the style sheet and the icon.
 *
 * @example
 * ```txt
 * GET /health → 200 { "status": "ok" }
 * ```
 */
@Controller()
export class HealthController {
  @Get('health')
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('assets/storefront.css')
  @Header('Cache-Control', 'public, max-age=300')
  styles(@Res() response: Response): void {
    response.type('text/css').send(STOREFRONT_CSS);
  }

  @Get('assets/favicon.svg')
  @Header('Cache-Control', 'public, max-age=300')
  icon(@Res() response: Response): void {
    response.type('image/svg+xml').send(STOREFRONT_ICON);
  }
}
