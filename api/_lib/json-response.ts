/** A JSON answer as every endpoint sends it (UTF-8, as `res.json` did before the Web handlers). */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

export function errorResponse(status: number, code: string, message: string, extra: object = {}, headers: Record<string, string> = {}): Response {
  return jsonResponse(status, { error: { code, message, ...extra } }, headers);
}
