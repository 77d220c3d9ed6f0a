// placeholder until the route is implemented
export const handler = async () => ({ statusCode: 501, body: JSON.stringify({ error: { code: 'internal', message: 'Not implemented yet' } }) });
