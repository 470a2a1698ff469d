import { BadRequestException, Body, Controller, Delete, Get, NotFoundException, Param, Post, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Principal, RequireScope } from '@baton/nest';
import { field, subjectOf, valueSchema, type BodyOf } from '@baton-demo/kit';
import { BASKET_SCHEMA, type Basket } from './basket.js';
import { basketLineQuantitySchema, MAX_TICKETS_PER_EVENT, newBasketLineSchema } from './basket-line.schemas.js';
import { BasketRepository } from './basket.repository.js';

const eventId = valueSchema(field.uuid({ description: 'Id of the event of the line' }));
const NO_LINE = 'The basket has no line for this event';

/**
 * `/basket`: the basket of the user the token names (`sub`); there is no way to name another
 * user's basket. Everything needs `shoppingbasket.fullaccess`.
 */
@ApiTags('basket')
@Controller('basket')
@RequireScope('shoppingbasket.fullaccess')
export class BasketController {
  constructor(private readonly baskets: BasketRepository) {}

  @Get()
  @ApiOperation({ summary: "The signed-in user's basket" })
  @ApiOkResponse({ schema: BASKET_SCHEMA })
  basket(@Principal() principal: Principal): Promise<Basket> {
    return this.baskets.basketOf(subjectOf(principal));
  }

  @Post('lines')
  @ApiOperation({ summary: 'Add tickets for an event (quantities add up)' })
  @ApiCreatedResponse({ schema: BASKET_SCHEMA })
  @ApiBadRequestResponse({ description: `Not a valid line, or more than ${MAX_TICKETS_PER_EVENT} tickets of one event.` })
  async addLine(@Principal() principal: Principal, @Body({ schema: newBasketLineSchema }) body: BodyOf<typeof newBasketLineSchema>): Promise<Basket> {
    const basket = await this.baskets.addLine(
      subjectOf(principal),
      { eventId: body.eventId, name: body.name, priceCents: body.price, quantity: body.quantity },
      MAX_TICKETS_PER_EVENT,
    );
    if (basket === undefined) throw new BadRequestException([`quantity: a basket holds at most ${MAX_TICKETS_PER_EVENT} tickets of one event`]);
    return basket;
  }

  @Put('lines/:eventId')
  @ApiOperation({ summary: 'Change the number of tickets of a line' })
  @ApiOkResponse({ schema: BASKET_SCHEMA })
  @ApiNotFoundResponse({ description: NO_LINE })
  async setQuantity(
    @Principal() principal: Principal,
    @Param('eventId', { schema: eventId }) id: string,
    @Body({ schema: basketLineQuantitySchema }) body: BodyOf<typeof basketLineQuantitySchema>,
  ): Promise<Basket> {
    const basket = await this.baskets.setQuantity(subjectOf(principal), id, body.quantity);
    if (basket === undefined) throw new NotFoundException(NO_LINE);
    return basket;
  }

  @Delete('lines/:eventId')
  @ApiOperation({ summary: 'Remove a line' })
  @ApiOkResponse({ schema: BASKET_SCHEMA })
  @ApiNotFoundResponse({ description: NO_LINE })
  async removeLine(@Principal() principal: Principal, @Param('eventId', { schema: eventId }) id: string): Promise<Basket> {
    const basket = await this.baskets.removeLine(subjectOf(principal), id);
    if (basket === undefined) throw new NotFoundException(NO_LINE);
    return basket;
  }
}
