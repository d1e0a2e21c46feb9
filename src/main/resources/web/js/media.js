// WebRTC audio for the browser device, on the same wire format as the Java devices
// (io.callfarm.engine.media.DeviceMedia): one one-way connection per direction. For every remote in the
// room this side offers a SEND-ONLY connection carrying its microphone and answers the remote's offer
// with a RECEIVE-ONLY one. Payloads ('media' op, data):
//   {"type":"offer",    "audioFrom":A, "sdp":..., "muted":bool}   A's send-only offer
//   {"type":"answer",   "audioFrom":A, "sdp":...}                 the answer to A's offer (a virtual device's
//                                                                 adds "playout":"headless": its playout runs on
//                                                                 the headless module's clock; ours, the real one)
//   {"type":"candidate","audioFrom":A, "candidate":"candidate:...", "sdpMid":"0", "sdpMLineIndex":0}
//   {"type":"mute",     "audioFrom":A, "muted":bool}
// audioFrom == me: about my send connection to `from`; else about my receive connection from audioFrom.
// Received audio is played (through a gain: hands-free 0 dB, earpiece -12 dB), reported as
// onUserVoiceVolume every 300 ms and recorded as 16-bit PCM for analysis.

const VOLUME_PERIOD_MS = 300;
/** Earpiece playout gain relative to hands-free, as in the Java devices. */
export const EARPIECE_GAIN_DB = -12;
/** Level at and below which audio counts as silence (volume 0), dBov. */
const SILENCE_DBOV = -60;
/** The longest recording kept per remote; older audio is dropped. */
const MAX_RECORDING_SECONDS = 120;

/** Maps a mean square (float samples, full scale 1.0) to the 0-100 volume scale of the Java devices. */
export function volumeOf(meanSquare) {
  const dbov = 10 * Math.log10(meanSquare);
  if (!(dbov > SILENCE_DBOV)) return 0;
  return Math.max(0, Math.min(100, Math.round((dbov - SILENCE_DBOV) * 100 / -SILENCE_DBOV)));
}

/** Only IPv4 UDP host candidates on loopback: media stays on 127.0.0.1 like the Java devices. */
function isLoopbackHostCandidate(line) {
  const f = line.trim().split(' ');
  return f.length >= 8 && f[1] === '1' && f[2].toLowerCase() === 'udp' && f[4] === '127.0.0.1'
    && f[6] === 'typ' && f[7] === 'host';
}

/**
 * One peer connection in one direction. Buffers the remote's trickled candidates until the remote
 * description is set, and its own until its offer/answer went out (the remote drops candidates for a
 * link it does not know yet).
 */
class Link {
  constructor(direction, remote, onCandidate) {
    this.direction = direction; // 'send' | 'receive'
    this.remote = remote;
    this.pc = new RTCPeerConnection({ iceServers: [] });
    this.pendingCandidates = [];
    this.remoteSet = false;
    this.localCandidates = [];
    this.descriptionSent = false;
    this.onCandidate = onCandidate;
    this.loopbackCandidates = 0;
    this.pc.onicecandidate = (e) => {
      if (e.candidate && e.candidate.candidate) {
        if (isLoopbackHostCandidate(e.candidate.candidate)) {
          this.loopbackCandidates++;
          if (this.descriptionSent) onCandidate(e.candidate.candidate);
          else this.localCandidates.push(e.candidate.candidate);
        }
      } else if (!e.candidate && this.loopbackCandidates === 0) {
        console.warn(`callfarm: ${direction} link with ${remote} gathered no 127.0.0.1 host candidate;`
          + ' start Chromium with --allow-loopback-in-peer-connection');
      }
    };
  }

  /** Call right after signalling the offer/answer: releases the candidates gathered meanwhile. */
  descriptionWentOut() {
    this.descriptionSent = true;
    this.localCandidates.forEach((c) => this.onCandidate(c));
    this.localCandidates = [];
  }

  async setRemote(description) {
    await this.pc.setRemoteDescription(description);
    this.remoteSet = true;
    const queued = this.pendingCandidates;
    this.pendingCandidates = [];
    for (const c of queued) await this.addCandidate(c);
  }

  async addCandidate(candidate) {
    if (!this.remoteSet) {
      this.pendingCandidates.push(candidate);
      return;
    }
    try {
      await this.pc.addIceCandidate(candidate);
    } catch (e) {
      console.warn(`callfarm: candidate from ${this.remote} refused: ${e.message}`);
    }
  }

  close() {
    this.pc.close();
  }
}

/** What one remote's received audio goes through: playout gain, level meter and recorder. */
class ReceivedAudio {
  constructor(context, stream, gain, sampleRate) {
    // Chromium only feeds remote WebRTC audio into WebAudio while a media element consumes it.
    this.element = new Audio();
    this.element.muted = true;
    this.element.srcObject = stream;
    this.element.play().catch(() => {});
    this.source = context.createMediaStreamSource(stream);
    this.gain = context.createGain();
    this.gain.gain.value = gain;
    // one silent output wired to the destination keeps the tap pulled by the render graph
    this.tap = new AudioWorkletNode(context, 'callfarm-tap', { numberOfInputs: 1, numberOfOutputs: 1 });
    this.chunks = [];
    this.samples = 0;
    this.sumSquares = 0;
    this.count = 0;
    this.maxSamples = MAX_RECORDING_SECONDS * sampleRate;
    this.tap.port.onmessage = (e) => this.take(e.data);
    this.source.connect(this.gain);
    this.gain.connect(context.destination);
    this.gain.connect(this.tap);
    this.tap.connect(context.destination);
  }

  take(chunk) {
    for (let i = 0; i < chunk.length; i++) this.sumSquares += chunk[i] * chunk[i];
    this.count += chunk.length;
    this.chunks.push(chunk);
    this.samples += chunk.length;
    while (this.samples - this.chunks[0].length >= this.maxSamples) {
      this.samples -= this.chunks.shift().length;
    }
  }

  /** Mean square since the last call, or NaN when no audio arrived. */
  takeMeanSquare() {
    const ms = this.count ? this.sumSquares / this.count : NaN;
    this.sumSquares = 0;
    this.count = 0;
    return ms;
  }

  pcm() {
    const out = new Float32Array(this.samples);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  close() {
    this.source.disconnect();
    this.gain.disconnect();
    this.tap.disconnect();
    this.tap.port.onmessage = null;
    this.element.srcObject = null;
  }
}

export class BrowserMedia {
  /**
   * @param {string} me the local user id
   * @param {object} listener receives onUserAudioAvailable(uid, bool) and onUserVoiceVolume(uid, 0-100)
   */
  constructor(me, listener) {
    this.me = me;
    this.listener = listener;
    this.send = null;
    this.outgoing = new Map();
    this.incoming = new Map();
    this.received = new Map();
    this.recordings = new Map();
    this.remoteMuted = new Map();
    this.announced = new Set();
    this.micMuted = false;
    this.handsFree = true;
    this.volumeTimer = null;
    this.mic = null;
    this.context = null;
  }

  /** Opens the microphone and the audio graph; call once after login (a user gesture in real browsers). */
  async start() {
    this.context = new AudioContext();
    await this.context.audioWorklet.addModule(new URL('./tap-worklet.js', import.meta.url));
    await this.context.resume();
    this.mic = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
      video: false,
    });
  }

  close() {
    this.roomLeft();
    this.mic?.getTracks().forEach((t) => t.stop());
    this.context?.close();
  }

  // ---- the CallMedia contract of the component ----

  roomEntered(_roomId, sendSignal) {
    this.send = sendSignal;
    this.volumeTimer = setInterval(() => this.reportVolumes(), VOLUME_PERIOD_MS);
  }

  remoteEntered(remote) {
    if (remote === this.me || this.outgoing.has(remote) || !this.send) return;
    const link = new Link('send', remote, (candidate) => this.signal_(remote, {
      type: 'candidate', audioFrom: this.me, candidate, sdpMid: '0', sdpMLineIndex: 0,
    }));
    this.outgoing.set(remote, link);
    link.pc.addTransceiver(this.mic.getAudioTracks()[0], { direction: 'sendonly', streams: [this.mic] });
    link.pc.createOffer()
      .then((offer) => link.pc.setLocalDescription(offer))
      .then(() => {
        if (this.outgoing.get(remote) === link) {
          this.signal_(remote, { type: 'offer', audioFrom: this.me, sdp: link.pc.localDescription.sdp, muted: this.micMuted });
          link.descriptionWentOut();
        }
      })
      .catch((e) => console.error(`callfarm: offer to ${remote} failed: ${e.message}`));
  }

  remoteLeft(remote) {
    this.outgoing.get(remote)?.close();
    this.outgoing.delete(remote);
    this.closeIncoming(remote);
    this.remoteMuted.delete(remote);
    this.updateAvailability(remote);
  }

  signal(from, p) {
    const aboutMySending = p.audioFrom === this.me;
    if (!aboutMySending && p.audioFrom !== from) {
      console.warn(`callfarm: ignoring media payload from ${from} about ${p.audioFrom}'s audio`);
      return;
    }
    switch (p.type) {
      case 'offer':
        if (!aboutMySending) this.acceptOffer(from, p.sdp, p.muted === true);
        break;
      case 'answer': {
        const link = aboutMySending ? this.outgoing.get(from) : undefined;
        link?.setRemote({ type: 'answer', sdp: p.sdp })
          .catch((e) => console.error(`callfarm: answer from ${from} refused: ${e.message}`));
        break;
      }
      case 'candidate': {
        const link = aboutMySending ? this.outgoing.get(from) : this.incoming.get(from);
        link?.addCandidate({ candidate: p.candidate, sdpMid: p.sdpMid ?? '0', sdpMLineIndex: p.sdpMLineIndex ?? 0 });
        break;
      }
      case 'mute':
        if (!aboutMySending) {
          this.remoteMuted.set(from, p.muted === true);
          this.updateAvailability(from);
        }
        break;
      default:
        console.warn(`callfarm: unknown media payload type '${p.type}' from ${from}`);
    }
  }

  roomLeft() {
    for (const remote of [...new Set([...this.outgoing.keys(), ...this.incoming.keys()])]) {
      this.remoteLeft(remote);
    }
    clearInterval(this.volumeTimer);
    this.volumeTimer = null;
    this.send = null;
  }

  setMicMute(mute) {
    this.micMuted = mute;
    this.mic?.getAudioTracks().forEach((t) => { t.enabled = !mute; });
    for (const remote of this.outgoing.keys()) {
      this.signal_(remote, { type: 'mute', audioFrom: this.me, muted: mute });
    }
  }

  setHandsFree(handsFree) {
    this.handsFree = handsFree;
    for (const audio of this.received.values()) audio.gain.gain.value = this.playoutGain();
  }

  // ---- inspection for automation ----

  /** Per remote: the W3C stats of both links (inbound-rtp, remote-inbound-rtp, outbound-rtp, candidate-pair). */
  async stats() {
    const out = {};
    const keep = ['inbound-rtp', 'remote-inbound-rtp', 'outbound-rtp', 'candidate-pair'];
    for (const [direction, links] of [['send', this.outgoing], ['receive', this.incoming]]) {
      for (const [remote, link] of links) {
        const report = await link.pc.getStats();
        const entries = [];
        report.forEach((s) => { if (keep.includes(s.type)) entries.push({ ...s }); });
        out[remote] = out[remote] || {};
        out[remote][direction] = { connectionState: link.pc.connectionState, stats: entries };
      }
    }
    return out;
  }

  /**
   * The received audio from `remote` (or all remotes mixed when null) as 16-bit mono WAV bytes; only the
   * last `lastSeconds` when given.
   */
  recordingWav(remote, lastSeconds) {
    const rate = this.context ? this.context.sampleRate : 48000;
    const sources = remote ? [this.recordingOf(remote)] : [...this.allRecordings()];
    const length = Math.max(0, ...sources.map((s) => (s ? s.length : 0)));
    const mixed = new Float32Array(length);
    for (const s of sources) {
      if (s) for (let i = 0; i < s.length; i++) mixed[i] += s[i];
    }
    const keep = lastSeconds > 0 ? Math.min(length, Math.round(lastSeconds * rate)) : length;
    return wav(mixed.subarray(length - keep), rate);
  }

  /** Seconds of audio recorded from `remote` so far. */
  recordedSeconds(remote) {
    const pcm = this.recordingOf(remote);
    return pcm && this.context ? pcm.length / this.context.sampleRate : 0;
  }

  recordingOf(remote) {
    const live = this.received.get(remote);
    return live ? live.pcm() : this.recordings.get(remote);
  }

  * allRecordings() {
    const remotes = new Set([...this.recordings.keys(), ...this.received.keys()]);
    for (const r of remotes) yield this.recordingOf(r);
  }

  // ---- internals ----

  signal_(to, payload) {
    this.send?.(to, payload);
  }

  playoutGain() {
    return this.handsFree ? 1 : Math.pow(10, EARPIECE_GAIN_DB / 20);
  }

  acceptOffer(remote, sdp, muted) {
    this.closeIncoming(remote);
    this.remoteMuted.set(remote, muted);
    const link = new Link('receive', remote, (candidate) => this.signal_(remote, {
      type: 'candidate', audioFrom: remote, candidate, sdpMid: '0', sdpMLineIndex: 0,
    }));
    this.incoming.set(remote, link);
    link.pc.ontrack = (e) => {
      if (this.incoming.get(remote) !== link) return;
      const stream = e.streams[0] || new MediaStream([e.track]);
      this.received.set(remote, new ReceivedAudio(this.context, stream, this.playoutGain(), this.context.sampleRate));
    };
    link.pc.onconnectionstatechange = () => {
      if (this.incoming.get(remote) === link) this.updateAvailability(remote);
    };
    link.setRemote({ type: 'offer', sdp })
      .then(() => link.pc.createAnswer())
      .then((answer) => link.pc.setLocalDescription(answer))
      .then(() => {
        if (this.incoming.get(remote) === link) {
          this.signal_(remote, { type: 'answer', audioFrom: remote, sdp: link.pc.localDescription.sdp });
          link.descriptionWentOut();
        }
      })
      .catch((e) => console.error(`callfarm: answering ${remote}'s offer failed: ${e.message}`));
  }

  closeIncoming(remote) {
    const audio = this.received.get(remote);
    if (audio) {
      this.recordings.set(remote, audio.pcm());
      audio.close();
      this.received.delete(remote);
    }
    this.incoming.get(remote)?.close();
    this.incoming.delete(remote);
  }

  /** Fires onUserAudioAvailable when "receive connection connected and remote not muted" changes. */
  updateAvailability(remote) {
    const link = this.incoming.get(remote);
    const available = !!link && link.pc.connectionState === 'connected' && !this.remoteMuted.get(remote);
    const changed = available ? !this.announced.has(remote) : this.announced.has(remote);
    if (!changed) return;
    if (available) this.announced.add(remote); else this.announced.delete(remote);
    this.listener.onUserAudioAvailable(remote, available);
  }

  reportVolumes() {
    for (const [remote, audio] of this.received) {
      const ms = audio.takeMeanSquare();
      if (!Number.isNaN(ms)) this.listener.onUserVoiceVolume(remote, volumeOf(ms));
    }
  }
}

/** 16-bit PCM mono WAV of float samples (clipped to [-1, 1]). */
export function wav(samples, rate) {
  const bytes = new ArrayBuffer(44 + samples.length * 2);
  const v = new DataView(bytes);
  const text = (at, s) => [...s].forEach((ch, i) => v.setUint8(at + i, ch.charCodeAt(0)));
  text(0, 'RIFF');
  v.setUint32(4, 36 + samples.length * 2, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, 1, true);
  v.setUint32(24, rate, true);
  v.setUint32(28, rate * 2, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  text(36, 'data');
  v.setUint32(40, samples.length * 2, true);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]));
    v.setInt16(44 + i * 2, Math.round(s * 32767), true);
  }
  return new Uint8Array(bytes);
}
