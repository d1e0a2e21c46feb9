// Audio worklet: forwards the received audio (first channel) to the page in ~43 ms batches, where it
// is recorded and metered. Runs on the audio rendering thread.
const BATCH = 2048;

class CallfarmTap extends AudioWorkletProcessor {
  constructor() {
    super();
    this.buffer = new Float32Array(BATCH);
    this.filled = 0;
  }

  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (channel) {
      let at = 0;
      while (at < channel.length) {
        const n = Math.min(channel.length - at, BATCH - this.filled);
        this.buffer.set(channel.subarray(at, at + n), this.filled);
        this.filled += n;
        at += n;
        if (this.filled === BATCH) {
          this.port.postMessage(this.buffer);
          this.buffer = new Float32Array(BATCH);
          this.filled = 0;
        }
      }
    }
    return true;
  }
}

registerProcessor('callfarm-tap', CallfarmTap);
