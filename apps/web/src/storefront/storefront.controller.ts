import { Body, Controller, Get, NotFoundException, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { FormTokenGuard } from '../auth/form-token.guard.js';
import { EventCatalogApi } from '../backends/eventcatalog.api.js';
import { ShoppingBasketApi } from '../backends/shoppingbasket.api.js';
import { SignInRequiredError } from '../errors/sign-in-required.error.js';
import { basketContent } from '../pages/basket.page.js';
import { eventContent } from '../pages/event.page.js';
import { eventsContent } from '../pages/events.page.js';
import { homeContent } from '../pages/home.page.js';
import { orderContent } from '../pages/order.page.js';
import { sendPage } from '../pages/send-page.js';
import { recordTrail } from '../trail/record-trail.js';
import { addToBasketForm } from './add-to-basket.form.js';

/**
 * The shop: events, one event, the basket, checkout and the order confirmation. Every page that
 * calls an API records the tokens it used as the session's token trail.
 *
 * @example
 * ```txt
 * GET / · GET /events/:id · POST /basket/lines · GET /basket · POST /checkout · GET /orders/last
 * ```
 */
@Controller()
export class StorefrontController {
  constructor(
    private readonly catalog: EventCatalogApi,
    private readonly basket: ShoppingBasketApi,
  ) {}

  @Get()
  async home(@Req() request: Request, @Res() response: Response): Promise<void> {
    if (!request.session.user) return sendPage(request, response, 'Welcome', homeContent());
    const { value: events, hops } = await this.catalog.listEvents(request.session, '/');
    recordTrail(request.session, 'Browse the events', hops);
    sendPage(request, response, 'Events', eventsContent(events));
  }

  @Get('events/:id')
  async event(@Param('id') id: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const { value: event, hops } = await this.catalog.event(request.session, id, `/events/${encodeURIComponent(id)}`);
    recordTrail(request.session, 'Look at an event', hops);
    if (!event) throw new NotFoundException();
    sendPage(request, response, event.name, eventContent(event, request.session.formToken ?? ''));
  }

  @Post('basket/lines')
  @UseGuards(FormTokenGuard)
  async addToBasket(@Body() body: unknown, @Req() request: Request, @Res() response: Response): Promise<void> {
    const { eventId, quantity } = addToBasketForm(body);
    const returnTo = `/events/${encodeURIComponent(eventId)}`;
    const { value: event, hops: catalogHops } = await this.catalog.event(request.session, eventId, returnTo);
    if (!event) throw new NotFoundException();
    const { hops } = await this.basket.addLine(request.session, event, quantity);
    recordTrail(request.session, 'Add to basket', [...catalogHops, ...hops]);
    response.redirect(303, '/basket');
  }

  @Get('basket')
  async showBasket(@Req() request: Request, @Res() response: Response): Promise<void> {
    const { value: basket, hops } = await this.basket.basket(request.session, '/basket');
    recordTrail(request.session, 'Look at the basket', hops);
    sendPage(request, response, 'Basket', basketContent(basket, request.session.formToken ?? ''));
  }

  @Post('checkout')
  @UseGuards(FormTokenGuard)
  async checkout(@Req() request: Request, @Res() response: Response): Promise<void> {
    const { value: order, hops } = await this.basket.checkout(request.session);
    recordTrail(request.session, 'Checkout', hops);
    request.session.lastOrder = order;
    response.redirect(303, '/orders/last');
  }

  @Get('orders/last')
  lastOrder(@Req() request: Request, @Res() response: Response): void {
    if (!request.session.user) throw new SignInRequiredError('/orders/last');
    const order = request.session.lastOrder;
    if (!order) return response.redirect(303, '/basket');
    sendPage(request, response, 'Thank you', orderContent(order));
  }

  /** The last action's token trail as JSON: claims only, for the person who made it (and for tests). */
  @Get('trail')
  trail(@Req() request: Request, @Res() response: Response): void {
    if (!request.session.user) throw new SignInRequiredError('/trail');
    response.json(request.session.trail ?? null);
  }
}
