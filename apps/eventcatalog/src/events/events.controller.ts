import { BadRequestException, Body, Controller, Get, NotFoundException, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '@baton/nest';
import { field, valueSchema, type BodyOf } from '@baton-demo/kit';
import { CategoryRepository } from '../categories/category.repository.js';
import { CATALOG_EVENT_SCHEMA, type CatalogEvent } from './catalog-event.js';
import { eventInputSchema, type EventInput } from './event-input.schema.js';
import { EventRepository } from './event.repository.js';

const eventId = valueSchema(field.uuid({ description: 'Id of the event' }));
const categoryFilter = valueSchema(field.optional(field.uuid({ description: 'Only events of this category' })));

/** `/events`: browse with `eventcatalog.read`; create and update with `eventcatalog.write`. */
@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(
    private readonly events: EventRepository,
    private readonly categories: CategoryRepository,
  ) {}

  @Get()
  @RequireScope('eventcatalog.read')
  @ApiOperation({ summary: 'Events by date, optionally of one category' })
  @ApiQuery({ name: 'categoryId', required: false, schema: { type: 'string', format: 'uuid' } })
  @ApiOkResponse({ schema: { type: 'array', items: CATALOG_EVENT_SCHEMA } })
  list(@Query('categoryId', { schema: categoryFilter }) categoryId: string | undefined): Promise<CatalogEvent[]> {
    return this.events.list({ categoryId });
  }

  @Get(':id')
  @RequireScope('eventcatalog.read')
  @ApiOperation({ summary: 'One event' })
  @ApiOkResponse({ schema: CATALOG_EVENT_SCHEMA })
  @ApiNotFoundResponse({ description: 'No event has this id.' })
  async get(@Param('id', { schema: eventId }) id: string): Promise<CatalogEvent> {
    const event = await this.events.find(id);
    if (event === undefined) throw new NotFoundException('No event has this id');
    return event;
  }

  @Post()
  @RequireScope('eventcatalog.write')
  @ApiOperation({ summary: 'Create an event' })
  @ApiCreatedResponse({ schema: CATALOG_EVENT_SCHEMA })
  @ApiBadRequestResponse({ description: 'The body is not a valid event, or its category does not exist.' })
  async create(@Body({ schema: eventInputSchema }) body: BodyOf<typeof eventInputSchema>): Promise<CatalogEvent> {
    return this.events.create(await this.inputOf(body));
  }

  @Put(':id')
  @RequireScope('eventcatalog.write')
  @ApiOperation({ summary: 'Replace an event' })
  @ApiOkResponse({ schema: CATALOG_EVENT_SCHEMA })
  @ApiBadRequestResponse({ description: 'The body is not a valid event, or its category does not exist.' })
  @ApiNotFoundResponse({ description: 'No event has this id.' })
  async update(@Param('id', { schema: eventId }) id: string, @Body({ schema: eventInputSchema }) body: BodyOf<typeof eventInputSchema>): Promise<CatalogEvent> {
    const event = await this.events.update(id, await this.inputOf(body));
    if (event === undefined) throw new NotFoundException('No event has this id');
    return event;
  }

  /** The validated body as the repository takes it, once its category is known to exist. */
  private async inputOf(body: BodyOf<typeof eventInputSchema>): Promise<EventInput> {
    if ((await this.categories.find(body.categoryId)) === undefined) throw new BadRequestException(['categoryId: no category has this id']);
    return { name: body.name, artist: body.artist, date: body.date, priceCents: body.price, description: body.description ?? '', categoryId: body.categoryId };
  }
}
