if (!process.env.API_URL) {
  throw new Error(
    'API_URL is not set. `npm test` starts a stack and sets it; against `npm start`, run: API_URL=http://localhost:3000/api npx vitest run --project e2e',
  );
}
