// The WebSocket connection to the engine's signalling server (README "Signalling protocol"):
// requests carry an id and resolve on the matching ack, reject on the error frame or after a timeout;
// everything else is a push handed to onPush.

/** Error code the Java client uses for "connection lost or request unanswered". */
export const CONNECTION_LOST = 60010;

export class CallError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

export class SignalChannel {
  /**
   * @param {string} url e.g. ws://127.0.0.1:41234/ws
   * @param {(frame: object) => void} onPush
   * @param {(why: string) => void} onClose
   * @param {number} requestTimeoutMs
   */
  static connect(url, onPush, onClose, requestTimeoutMs = 10000) {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const timer = setTimeout(() => {
        ws.close();
        reject(new CallError(CONNECTION_LOST, `no WebSocket connection to ${url} within ${requestTimeoutMs} ms`));
      }, requestTimeoutMs);
      ws.onopen = () => {
        clearTimeout(timer);
        resolve(new SignalChannel(ws, onPush, onClose, requestTimeoutMs));
      };
      ws.onerror = () => {
        clearTimeout(timer);
        reject(new CallError(CONNECTION_LOST, `cannot connect to the signalling server at ${url}`));
      };
    });
  }

  constructor(ws, onPush, onClose, requestTimeoutMs) {
    this.ws = ws;
    this.nextId = 0;
    this.pending = new Map();
    this.requestTimeoutMs = requestTimeoutMs;
    ws.onmessage = (e) => this.receive(e.data);
    ws.onerror = null;
    ws.onclose = (e) => {
      for (const { reject, timer } of this.pending.values()) {
        clearTimeout(timer);
        reject(new CallError(CONNECTION_LOST, `connection closed (${e.code} ${e.reason})`));
      }
      this.pending.clear();
      onClose(`closed with ${e.code} ${e.reason || ''}`.trim());
    };
    this.onPush = onPush;
  }

  get open() {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Sends a request and resolves with the server's answer. */
  request(frame) {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new CallError(CONNECTION_LOST, `request '${frame.op}' got no answer within ${this.requestTimeoutMs} ms`));
      }, this.requestTimeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.send({ ...frame, id });
    });
  }

  /** Sends without waiting for an answer. */
  send(frame) {
    if (this.open) {
      this.ws.send(JSON.stringify(frame));
    }
  }

  close() {
    this.ws.onclose = null;
    this.ws.close();
    for (const { reject, timer } of this.pending.values()) {
      clearTimeout(timer);
      reject(new CallError(CONNECTION_LOST, 'connection closed by the client'));
    }
    this.pending.clear();
  }

  receive(text) {
    let frame;
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }
    const waiting = typeof frame.id === 'number' ? this.pending.get(frame.id) : undefined;
    if (waiting && (frame.op === 'ack' || frame.op === 'error' || frame.op === 'pong')) {
      this.pending.delete(frame.id);
      clearTimeout(waiting.timer);
      if (frame.op === 'error') {
        waiting.reject(new CallError(frame.code, frame.message));
      } else {
        waiting.resolve(frame);
      }
      return;
    }
    this.onPush(frame);
  }
}
