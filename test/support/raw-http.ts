// A request written to the socket as it is given, for what fetch cannot send (a request target
// that is not a path, bytes that are not HTTP), and the answer as the client received it.
import net from 'node:net';

export interface RawAnswer {
  statusLine: string;
  status: number;
  /** By lower-cased name. */
  headers: Record<string, string>;
  body: string;
}

/** Writes `request` to the server at `url` and reads until the server closes the connection. */
export async function rawRequest(url: string, request: string): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  socket.write(request);
  let text = '';
  for await (const chunk of socket) text += String(chunk);
  const split = text.indexOf('\r\n\r\n');
  const [statusLine, ...lines] = text.slice(0, split).split('\r\n');
  const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  return { statusLine, status: Number(statusLine.split(' ')[1]), headers, body: text.slice(split + 4) };
}

/** One request line (`GET *things HTTP/1.1`, `OPTIONS * HTTP/1.1`) with a Host, on a connection closed after it. */
export function rawRequestLine(url: string, requestLine: string): Promise<RawAnswer> {
  return rawRequest(url, `${requestLine}\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
}
