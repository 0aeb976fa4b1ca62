import type { ServerMessage } from '../../src/inspect/wire.js';
import type { Store } from './store.js';

/**
 * Keeps the page's socket to the inspector open: the token comes from the page's own URL (or its cookie),
 * and a lost connection is retried, a little later each time.
 */
export function connect(store: Store): void {
  let retry = 500;
  const open = () => {
    const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(`${protocol}//${location.host}/ui${location.search}`);
    store.setConnection('connecting');
    store.connect((message) => {
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
    });
    socket.onopen = () => {
      retry = 500;
      store.setConnection('open');
    };
    socket.onmessage = (event) => {
      if (typeof event.data === 'string') store.receive(JSON.parse(event.data) as ServerMessage);
    };
    socket.onclose = () => {
      store.setConnection('closed');
      setTimeout(open, retry);
      retry = Math.min(retry * 2, 5_000);
    };
  };
  open();
}
