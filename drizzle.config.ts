import { defineConfig } from 'drizzle-kit';

// Generates SQL migrations from src/store/schema.ts (`npm run db:generate`); they are committed.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/store/schema.ts',
  out: './src/store/migrations',
});
