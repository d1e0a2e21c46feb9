package io.callfarm.engine.media;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Minimal 16-bit PCM WAV reading and streaming writing for the virtual microphone and speaker. Stop-gap until the
 * {@code io.callfarm.quality} WAV/PCM types exist; kept package-private so it can be swapped without API change.
 */
final class WavFiles {

    private static final int HEADER_BYTES = 44;

    private WavFiles() {
    }

    /**
     * Reads a 16-bit PCM WAV (format 1, or extensible with 16-bit samples), averages its channels and converts it
     * to {@value MicSource#SAMPLE_RATE} Hz by linear interpolation.
     */
    static short[] readMono48k(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
            throw new IOException(file + ": not a RIFF/WAVE file");
        }
        int channels = 0;
        int rate = 0;
        int bits = 0;
        int format = 0;
        int dataAt = -1;
        int dataLength = 0;
        int at = 12;
        while (at + 8 <= b.limit()) {
            int id = b.getInt(at);
            int length = b.getInt(at + 4);
            if (id == 0x20746d66) { // "fmt "
                format = b.getShort(at + 8) & 0xffff;
                channels = b.getShort(at + 10) & 0xffff;
                rate = b.getInt(at + 12);
                bits = b.getShort(at + 22) & 0xffff;
            } else if (id == 0x61746164) { // "data"
                dataAt = at + 8;
                dataLength = Math.min(length < 0 ? Integer.MAX_VALUE : length, b.limit() - dataAt);
                break;
            }
            at += 8 + length + (length & 1);
        }
        if ((format != 1 && format != 0xfffe) || bits != 16 || channels < 1 || rate <= 0) {
            throw new IOException(file + ": need 16-bit PCM WAV, found format " + format + ", " + bits
                    + " bits, " + channels + " channels, " + rate + " Hz");
        }
        if (dataAt < 0) {
            throw new IOException(file + ": no data chunk");
        }
        int frames = dataLength / (2 * channels);
        double[] mono = new double[frames];
        for (int f = 0; f < frames; f++) {
            int sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += b.getShort(dataAt + 2 * (f * channels + c));
            }
            mono[f] = (double) sum / channels;
        }
        return resample(mono, rate);
    }

    private static short[] resample(double[] in, int rate) {
        int outLength = (int) ((long) in.length * MicSource.SAMPLE_RATE / rate);
        short[] out = new short[outLength];
        double step = (double) rate / MicSource.SAMPLE_RATE;
        for (int i = 0; i < outLength; i++) {
            double x = i * step;
            int j = (int) x;
            double frac = x - j;
            double v = j + 1 < in.length ? in[j] * (1 - frac) + in[j + 1] * frac : in[Math.min(j, in.length - 1)];
            out[i] = (short) Math.max(-32768, Math.min(32767, Math.round(v)));
        }
        return out;
    }

    /**
     * Streams 48 kHz mono 16-bit samples to a WAV file; the header's lengths are patched by {@link #flush()} and
     * {@link #close()}, so the file is valid after each. Not thread-safe: callers serialise.
     */
    static final class Writer implements Closeable {

        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
        private long samples;
        private long drainedBytes;

        Writer(Path file) throws IOException {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ);
            writeHeader();
        }

        /** Samples written so far. */
        long samples() {
            return samples;
        }

        void write(short[] pcm, int offset, int count) throws IOException {
            for (int i = 0; i < count; i++) {
                if (!buffer.hasRemaining()) {
                    drain();
                }
                buffer.putShort(pcm[offset + i]);
            }
            samples += count;
        }

        void writeSilence(long count) throws IOException {
            for (long i = 0; i < count; i++) {
                if (!buffer.hasRemaining()) {
                    drain();
                }
                buffer.putShort((short) 0);
            }
            samples += count;
        }

        void flush() throws IOException {
            drain();
            writeHeader();
        }

        @Override
        public void close() throws IOException {
            try {
                flush();
            } finally {
                channel.close();
            }
        }

        private void drain() throws IOException {
            buffer.flip();
            while (buffer.hasRemaining()) {
                drainedBytes += channel.write(buffer, HEADER_BYTES + drainedBytes);
            }
            buffer.clear();
        }

        /** Patches the header to the samples written; the buffer must be empty. */
        private void writeHeader() throws IOException {
            ByteBuffer h = header(2 * samples);
            long at = 0;
            while (h.hasRemaining()) {
                at += channel.write(h, at);
            }
        }
    }

    /** A 44-byte canonical header for 48 kHz mono 16-bit PCM with {@code dataBytes} of samples. */
    static ByteBuffer header(long dataBytes) {
        int rate = MicSource.SAMPLE_RATE;
        ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0x46464952).putInt((int) Math.min(0xffffffffL, 36 + dataBytes)).putInt(0x45564157);
        h.putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2)
                .putShort((short) 2).putShort((short) 16);
        h.putInt(0x61746164).putInt((int) Math.min(0xffffffffL, dataBytes));
        return h.flip();
    }

    /** Offset of the first sample in files written by {@link Writer}. */
    static int dataOffset() {
        return HEADER_BYTES;
    }
}
