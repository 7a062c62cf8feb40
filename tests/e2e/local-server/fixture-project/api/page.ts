/** Anything but JSON: `?to=` redirects; otherwise an HTML page with two cookies, streamed. */
export default {
  fetch(request: Request): Response {
    const to = new URL(request.url).searchParams.get('to');
    if (to !== null) return new Response(null, { status: 307, headers: { location: to } });
    const headers = new Headers({ 'content-type': 'text/html; charset=utf-8' });
    headers.append('set-cookie', 'a=1; Path=/');
    headers.append('set-cookie', 'b=2; Path=/');
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('<p>hel'));
        controller.enqueue(new TextEncoder().encode('lo</p>'));
        controller.close();
      },
    });
    return new Response(body, { status: 202, headers });
  },
};
