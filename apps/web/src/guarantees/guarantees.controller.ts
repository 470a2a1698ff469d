import { Controller, Get, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { FormTokenGuard } from '../auth/form-token.guard.js';
import { SignInRequiredError } from '../errors/sign-in-required.error.js';
import { guaranteesContent } from '../pages/guarantees.page.js';
import { sendPage } from '../pages/send-page.js';
import { recordTrail } from '../trail/record-trail.js';
import { GuaranteeProbes } from './guarantee-probes.js';

/**
 * "See the guarantees": the page, and one POST per request that must be refused.
 *
 * @example
 * ```txt
 * GET /guarantees · POST /guarantees/discount-direct · POST /guarantees/catalog-write
 * ```
 */
@Controller('guarantees')
export class GuaranteesController {
  constructor(private readonly probes: GuaranteeProbes) {}

  @Get()
  page(@Req() request: Request, @Res() response: Response): void {
    if (!request.session.user) throw new SignInRequiredError('/guarantees');
    sendPage(request, response, 'See the guarantees', guaranteesContent(request.session.formToken ?? ''));
  }

  @Post('discount-direct')
  @UseGuards(FormTokenGuard)
  async discountDirect(@Req() request: Request, @Res() response: Response): Promise<void> {
    const { value: result, hops } = await this.probes.discountDirect(request.session);
    recordTrail(request.session, 'Call discount directly', hops);
    sendPage(request, response, 'See the guarantees', guaranteesContent(request.session.formToken ?? '', result));
  }

  @Post('catalog-write')
  @UseGuards(FormTokenGuard)
  async catalogWrite(@Req() request: Request, @Res() response: Response): Promise<void> {
    const { value: result, hops } = await this.probes.catalogWrite(request.session);
    recordTrail(request.session, 'Write to eventcatalog', hops);
    sendPage(request, response, 'See the guarantees', guaranteesContent(request.session.formToken ?? '', result));
  }
}
