import { bodySchema, field } from '@baton-demo/kit';

/** Body of `POST /categories`. */
export const newCategorySchema = bodySchema('NewCategory', {
  name: field.text({ maxLength: 80, description: 'Unique name of the category', example: 'Comedy' }),
});
