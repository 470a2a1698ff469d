import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { TestIssuer } from '@baton/testing';
import { startDemoService, testServiceConfig } from '@baton-demo/kit';
import { EventcatalogModule, type CatalogEvent, type Category } from '../src/index.js';

const READ = 'eventcatalog.read';
const WRITE = 'eventcatalog.write';

describe('eventcatalog over HTTP', () => {
  let issuer: TestIssuer;
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  let readToken: string;
  let writeToken: string;
  let concerts: Category;

  beforeAll(async () => {
    issuer = await TestIssuer.start({ audience: 'eventcatalog' });
    app = await startDemoService(EventcatalogModule.forRoot(testServiceConfig('eventcatalog', issuer.issuer)), { logger: false });
    http = request(app.getHttpServer());
    readToken = await issuer.mint({ scope: READ });
    writeToken = await issuer.mint({ scope: `${READ} ${WRITE}` });
    const categories = await http.get('/categories').auth(readToken, { type: 'bearer' });
    concerts = (categories.body as Category[]).find((category) => category.name === 'Concerts')!;
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await issuer?.close();
  });

  const newEvent = () => ({
    name: 'Baton Unplugged',
    artist: 'The Token Exchange',
    date: '2027-06-21T21:30:00+02:00',
    price: 42.5,
    description: 'An evening of acoustic delegation.',
    categoryId: concerts.id,
  });

  describe('health and docs', () => {
    it('GET /health is public: 200 {status: ok}', async () => {
      const response = await http.get('/health');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: 'ok' });
    });

    it('the OpenAPI document lists the scope of each operation, and none for /health', async () => {
      const response = await http.get('/docs-json');
      expect(response.status).toBe(200);
      const paths = (response.body as { paths: Record<string, Record<string, { security?: unknown }>> }).paths;
      expect(paths['/events']?.get?.security).toEqual([{ oauth2: [READ] }]);
      expect(paths['/events']?.post?.security).toEqual([{ oauth2: [WRITE] }]);
      expect(paths['/events/{id}']?.get?.security).toEqual([{ oauth2: [READ] }]);
      expect(paths['/events/{id}']?.put?.security).toEqual([{ oauth2: [WRITE] }]);
      expect(paths['/categories']?.get?.security).toEqual([{ oauth2: [READ] }]);
      expect(paths['/categories']?.post?.security).toEqual([{ oauth2: [WRITE] }]);
      expect(paths['/health']?.get?.security).toEqual([]);
      const flows = (response.body as { components: { securitySchemes: { oauth2: { flows: Record<string, { scopes: Record<string, string> }> } } } }).components.securitySchemes.oauth2.flows;
      expect(Object.keys(flows.clientCredentials!.scopes).sort()).toEqual([READ, WRITE]);
    });

    it('the OpenAPI document describes the event body from the same schema the server enforces', async () => {
      const response = await http.get('/docs-json');
      const body = (response.body as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Record<string, unknown> }> } }>> }).paths['/events']?.post?.requestBody;
      expect(body?.content['application/json']?.schema).toMatchObject({ required: ['name', 'artist', 'date', 'price', 'categoryId'], additionalProperties: false });
    });

    it('Swagger UI is served at /docs without a token', async () => {
      const response = await http.get('/docs/');
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
    });
  });

  describe('reading the catalog', () => {
    it('lists the seeded events by date, each with its category', async () => {
      const response = await http.get('/events').auth(readToken, { type: 'bearer' });
      expect(response.status).toBe(200);
      const events = response.body as CatalogEvent[];
      expect(events.length).toBeGreaterThanOrEqual(10);
      expect(events.find((event) => event.name === 'John Egbert Live')).toMatchObject({ artist: 'John Egbert', price: 65, category: { name: 'Concerts' } });
      const dates = events.map((event) => event.date);
      expect([...dates].sort()).toEqual(dates);
      expect(Date.parse(dates[0]!)).toBeGreaterThan(Date.now());
    });

    it('filters by category and returns one event by id', async () => {
      const listed = await http.get('/events').query({ categoryId: concerts.id }).auth(readToken, { type: 'bearer' });
      expect(listed.status).toBe(200);
      const events = listed.body as CatalogEvent[];
      expect(events.length).toBeGreaterThan(0);
      expect(events.every((event) => event.category.id === concerts.id)).toBe(true);
      const one = await http.get(`/events/${events[0]!.id}`).auth(readToken, { type: 'bearer' });
      expect(one.status).toBe(200);
      expect(one.body).toEqual(events[0]);
    });

    it('answers 404 for an unknown id and 400 for an id that is not a UUID', async () => {
      const missing = await http.get('/events/00000000-0000-4000-8000-000000000000').auth(readToken, { type: 'bearer' });
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'No event has this id' });
      const malformed = await http.get('/events/not-a-uuid').auth(readToken, { type: 'bearer' });
      expect(malformed.status).toBe(400);
      expect(malformed.body).toEqual({ statusCode: 400, error: 'Bad Request', message: ['must be a UUID'] });
      const badFilter = await http.get('/events').query({ categoryId: 'concerts' }).auth(readToken, { type: 'bearer' });
      expect(badFilter.status).toBe(400);
    });
  });

  describe('who may do what', () => {
    it('Z1: no token → 401 with a bare Bearer challenge', async () => {
      const response = await http.get('/events');
      expect(response.status).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer');
    });

    it('C2: a token for another audience (shoppingbasket) → 401 invalid_token', async () => {
      const token = await issuer.mint({ aud: 'shoppingbasket', scope: READ });
      const response = await http.get('/events').auth(token, { type: 'bearer' });
      expect(response.status).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer error="invalid_token", error_description="The access token is not meant for this service"');
    });

    it('Z4: reading without eventcatalog.read → 403 insufficient_scope naming it', async () => {
      const token = await issuer.mint({ scope: 'eventcatalog.readonly shoppingbasket.fullaccess' });
      const response = await http.get('/events').auth(token, { type: 'bearer' });
      expect(response.status).toBe(403);
      expect(response.headers['www-authenticate']).toBe('Bearer error="insufficient_scope", error_description="The access token lacks a required scope", scope="eventcatalog.read"');
    });

    it('Z4: creating or updating with eventcatalog.read only → 403 insufficient_scope scope="eventcatalog.write"; nothing is written', async () => {
      const challenge = 'Bearer error="insufficient_scope", error_description="The access token lacks a required scope", scope="eventcatalog.write"';
      const created = await http.post('/events').auth(readToken, { type: 'bearer' }).send(newEvent());
      expect(created.status).toBe(403);
      expect(created.headers['www-authenticate']).toBe(challenge);
      const category = await http.post('/categories').auth(readToken, { type: 'bearer' }).send({ name: 'Sneaky' });
      expect(category.status).toBe(403);
      expect(category.headers['www-authenticate']).toBe(challenge);
      const listed = await http.get('/events').auth(readToken, { type: 'bearer' });
      expect((listed.body as CatalogEvent[]).some((event) => event.name === 'Baton Unplugged')).toBe(false);
    });
  });

  describe('writing the catalog', () => {
    it('creates an event (201), reads it back, and replaces it', async () => {
      const created = await http.post('/events').auth(writeToken, { type: 'bearer' }).send(newEvent());
      expect(created.status).toBe(201);
      const event = created.body as CatalogEvent;
      expect(event).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'Baton Unplugged',
        artist: 'The Token Exchange',
        date: '2027-06-21T19:30:00.000Z',
        price: 42.5,
        description: 'An evening of acoustic delegation.',
        category: concerts,
      });
      const read = await http.get(`/events/${event.id}`).auth(readToken, { type: 'bearer' });
      expect(read.body).toEqual(event);

      const replaced = await http.put(`/events/${event.id}`).auth(writeToken, { type: 'bearer' }).send({ ...newEvent(), price: 39.99, description: undefined });
      expect(replaced.status).toBe(200);
      expect(replaced.body).toEqual({ ...event, price: 39.99, description: '' });
    });

    it('PUT on an unknown event → 404', async () => {
      const response = await http.put('/events/00000000-0000-4000-8000-000000000000').auth(writeToken, { type: 'bearer' }).send(newEvent());
      expect(response.status).toBe(404);
    });

    it('creates a category once; the same name again → 409', async () => {
      const first = await http.post('/categories').auth(writeToken, { type: 'bearer' }).send({ name: 'Comedy' });
      expect(first.status).toBe(201);
      expect(first.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'Comedy' });
      const again = await http.post('/categories').auth(writeToken, { type: 'bearer' }).send({ name: ' Comedy ' });
      expect(again.status).toBe(409);
      expect(again.body).toEqual({ statusCode: 409, error: 'Conflict', message: 'A category with this name exists already' });
    });
  });

  describe('validation', () => {
    it('a bad event body → 400 listing each problem', async () => {
      const response = await http
        .post('/events')
        .auth(writeToken, { type: 'bearer' })
        .send({ name: '', artist: 7, date: 'next friday', price: -5, categoryId: concerts.id, venue: 'Ghent' });
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: [
          'venue: is not a known field (expected name, artist, date, price, description, categoryId)',
          'name: must not be empty',
          'artist: must be a string',
          'date: must be a date-time with a time zone, e.g. 2027-03-14T20:00:00Z',
          'price: must be an amount from 0 to 10000',
        ],
      });
    });

    it('an unknown category → 400 naming categoryId', async () => {
      const response = await http.post('/events').auth(writeToken, { type: 'bearer' }).send({ ...newEvent(), categoryId: '00000000-0000-4000-8000-000000000000' });
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ statusCode: 400, error: 'Bad Request', message: ['categoryId: no category has this id'] });
    });

    it('a body that is not JSON or not an object → 400', async () => {
      const array = await http.post('/events').auth(writeToken, { type: 'bearer' }).send([newEvent()]);
      expect(array.status).toBe(400);
      expect(array.body).toEqual({ statusCode: 400, error: 'Bad Request', message: ['The request body must be a JSON object'] });
      const garbage = await http.post('/events').auth(writeToken, { type: 'bearer' }).set('content-type', 'application/json').send('{"name":');
      expect(garbage.status).toBe(400);
    });

    it('the token is checked before the body: a bad body without a token is a 401, not a 400', async () => {
      const response = await http.post('/events').send({ nonsense: true });
      expect(response.status).toBe(401);
    });
  });
});
