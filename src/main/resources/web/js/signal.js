// The WebSocket connection to the engine's signalling server (README "Signalling protocol"):
// requests carry an id and resolve on the matching ack, reject on the error frame or after a timeout;
// everything else is a push handed to onPush. Messages (op "msg") are acknowledged to the server
// ("msg.ack", batched per task turn) once onPush saw them; the server delivers again what was not
// acknowledged when a connection dropped, so a msgId seen already is acknowledged and not handed on.

/** Error code the Java client uses for "connection lost or request unanswered". */
export const CONNECTION_LOST = 60010;

/** The last CAPACITY message ids seen, kept across reconnections (MessageIds in Java). */
export class MessageIds {
  static CAPACITY = 4096;

  constructor() {
    this.ids = new Set();
  }

  /** Records the id; false when it was seen already. */
  add(id) {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > MessageIds.CAPACITY) this.ids.delete(this.ids.values().next().value);
    return true;
  }
}

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
   * @param {MessageIds} seen message ids already handed on (shared across reconnections)
   */
  static connect(url, onPush, onClose, requestTimeoutMs = 10000, seen = new MessageIds()) {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const timer = setTimeout(() => {
        ws.close();
        reject(new CallError(CONNECTION_LOST, `no WebSocket connection to ${url} within ${requestTimeoutMs} ms`));
      }, requestTimeoutMs);
      ws.onopen = () => {
        clearTimeout(timer);
        resolve(new SignalChannel(ws, onPush, onClose, requestTimeoutMs, seen));
      };
      ws.onerror = () => {
        clearTimeout(timer);
        reject(new CallError(CONNECTION_LOST, `cannot connect to the signalling server at ${url}`));
      };
    });
  }

  constructor(ws, onPush, onClose, requestTimeoutMs, seen) {
    this.ws = ws;
    this.seen = seen;
    this.unacked = [];
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
      onClose(this, `closed with ${e.code} ${e.reason || ''}`.trim());
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
    if (frame.op === 'msg' && Number.isInteger(frame.msgId) && frame.msgId > 0) {
      const fresh = this.seen.add(frame.msgId);
      this.acknowledge(frame.msgId);
      if (!fresh) return; // delivered again after a reconnection: seen already
    }
    this.onPush(frame);
  }

  acknowledge(msgId) {
    this.unacked.push(msgId);
    if (this.unacked.length === 1) {
      setTimeout(() => {
        const msgIds = this.unacked.splice(0);
        if (msgIds.length) this.send({ op: 'msg.ack', msgIds });
      }, 0);
    }
  }
}
